#pragma once
/// @file
/// @brief `basic_llm`'s streamed call: body bytes go through the provider's decoder to the caller's callback as
/// they arrive, and are assembled into the completion the call returns.

#include <polyllm/basic_llm.hpp>

#include <memory>
#include <optional>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

// The per-attempt state lives on the heap so that the transport's data callback can point at it while the
// operation itself moves from handler to handler.
template <class P, class T, class R>
template <class>
struct basic_llm<P, T, R>::streamed_call {
    // The caller's callback as the adapted provider wraps it (text-form tool calls become tool call events).
    using events_type = decltype(std::declval<const adapted_provider&>().stream_events(
        std::declval<stream_callback>(), std::declval<const call_context<options_type>&>()));

    struct attempt {
        events_type& on_event;
        stream_decoder_t<adapted_provider> decoder;
        stream_accumulator accumulator;
        std::optional<error> decode_error;
        bool delivered = false;  // an event reached the caller: retrying now would repeat it
        bool stopped = false;    // the caller asked to stop

        bool on_data(std::string_view bytes) {
            auto fed = decoder.feed(bytes, [this](stream_event&& event) { return deliver(std::move(event)); });
            if (!fed) decode_error = std::move(fed).error();
            return fed && !stopped && !decode_error;
        }
        bool deliver(stream_event&& event) {
            if (!accumulator.add(event)) {  // past max_stream_bytes or max_tool_calls: asking again gets the same
                decode_error = *accumulator.exceeded();
                decode_error->verdict = retry_verdict::no;
                return false;
            }
            delivered = true;
            stopped = !on_event(event);
            return !stopped;
        }
    };

    streamed_call(request r, events_type events)
        : req(std::move(r)), on_event(std::make_unique<events_type>(std::move(events))) {}

    request req;
    std::unique_ptr<events_type> on_event;
    std::unique_ptr<attempt> current;
    http_response head;

    [[nodiscard]] call_info info(const basic_llm& llm) const { return llm.info(call_kind::stream, &req, nullptr); }

    result<http_request> prepare(const basic_llm& llm) const {
        return llm.prepare_with([&] { return llm.provider_.prepare(req, llm.context(true)); });
    }

    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        current.reset(new attempt{*on_event, llm.provider_.make_stream_decoder(llm.context(true)),
                                  stream_accumulator{llm.stream_limits()}, {}});
        llm.transport_.async_stream(http, [a = current.get()](std::string_view bytes) { return a->on_data(bytes); },
                                    std::forward<Handler>(handler));
    }

    result<completion> read(basic_llm& llm, result<http_response> response) {
        if (!response) return llm.annotate(std::move(response).error());
        head = std::move(response).value();
        // An error body; read without the request: there is no reply to restore tool calls in.
        if (head.status < 200 || head.status >= 300) return llm.interpret(std::move(head), nullptr);
        auto& a = *current;
        if (!streams_body(head.status, head.headers)) {
            // A plain JSON answer to a streamed request (a server that does not stream, or an error object sent
            // with 200): read as the completion or the error it is, and told to the caller as a stream would be.
            // Its events are the reply as the model wrote it, as a stream's are, so it is restored afterwards.
            auto c = llm.interpret(head, nullptr);
            if (!c) return c;
            for (auto& event : events_of(c.value()))
                if (!a.deliver(std::move(event))) break;
            return restore(llm, std::move(c).value());
        }
        if (a.decode_error) {
            auto e = std::move(*a.decode_error);
            if (e.http_status == 0) e.http_status = head.status;
            return llm.annotate(std::move(e));
        }
        if (!a.stopped)
            if (auto finished = a.decoder.finish(); !finished) {
                auto e = std::move(finished).error();
                // Cut off before its terminal event: the server answered 2xx, so it has taken (and may bill) the
                // request. As for a plain response cut after its status line, it is not sent again, even when no
                // event had arrived yet. (An error event, such as overloaded, says the work was not done: the
                // provider's should_retry decides those.)
                if (e.kind() == errc::connection) {
                    if (e.http_status == 0) e.http_status = head.status;
                    if (e.verdict == retry_verdict::unspecified) e.verdict = retry_verdict::no;
                }
                return llm.annotate(std::move(e));
            }
        completion c = a.accumulator.take();
        if (a.stopped && c.finish_reason_raw.empty()) c.finish_reason_raw = "stopped";
        llm.attach_response(c, head);
        return restore(llm, std::move(c));
    }

    [[nodiscard]] bool may_retry() const noexcept { return !current || !current->delivered; }

    // What arrived before the failure stays with the error.
    error give_up(const basic_llm& llm, error e) {
        if (current && current->delivered && !e.partial) {  // read may have kept the reply already
            auto partial = std::make_shared<completion>(current->accumulator.take());
            llm.attach_response(*partial, head);
            e.partial = std::move(partial);
        }
        return e;
    }

private:
    // The assembled completion read as `parse` reads a whole reply (fn_call::adapted::restore).
    result<completion> restore(const basic_llm& llm, completion c) const {
        auto restored = llm.provider_.restore(std::move(c), llm.context(true, &req));
        if (!restored) return llm.annotate(std::move(restored).error());
        return restored;
    }
};

POLYLLM_NAMESPACE_END
