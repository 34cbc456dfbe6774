#pragma once
/// @file
/// @brief `sse_decoder<Handler>`: the part of a Server-Sent-Events stream decoder that every provider shares, so that
/// a provider writes only its reading of one event. The skeleton frames the bytes (16 MiB limit per event), parses
/// each event's data as JSON, stops at the terminal event, turns a non-JSON event or a field of the wrong type into
/// `errc::malformed_response`, keeps the first failure (every later call repeats it: a decoder never goes on after an
/// error), and makes the error for a stream cut before its terminal event. It satisfies what `StreamingProvider`
/// asks of a decoder (concepts.hpp). Bytes in, events out; no I/O.
///
/// A handler is a type with (`emit` is an `Emit&` with `bool emit(stream_event&&)`, false: the consumer stopped):
/// | member                                                 | meaning                                                |
/// |--------------------------------------------------------|--------------------------------------------------------|
/// | `static constexpr std::string_view terminal`           | the terminal event, as the "ended before" error names it |
/// | `step on_event(std::string_view name, const nlohmann::json& data, Emit& emit)` | one event whose data is a JSON object; `name` is the SSE `event:` field ("message" when absent) |
/// | optional `static constexpr std::string_view done_marker` | data that ends the stream without being JSON (`[DONE]`) |
/// | optional `step on_done(Emit& emit)`                     | called when `done_marker` arrives                      |
/// | optional `static constexpr std::array known_events`     | event names whose data must be JSON; a non-JSON event of another name is skipped (a future event type) |
/// | optional `bool complete() const`                        | for a stream without a terminal event of its own (Gemini's): whether what arrived is a whole answer; events after it still count |
/// | optional `error unfinished(error cut) const`            | the error for a stream that ended incomplete, instead of `cut` ("the stream ended before ...") |
///
/// `step` converts from bool, so `return emit(text_delta{...});` is a step; `step::done()` marks the terminal event
/// (what follows is ignored), `step::fail(e)` an error (an error event, read with `wire::error_from_json`).

#include <polyllm/detail/sse_parser.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/step.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief Frames and parses the events; the handler reads them. One decoder per stream.
template <class Handler>
class sse_decoder {
public:
    static_assert(requires { std::string_view(Handler::terminal); },
                  "polyllm: an sse_decoder handler needs `static constexpr std::string_view terminal`, the event "
                  "that ends its stream");

    sse_decoder() = default;
    explicit sse_decoder(Handler handler) : handler_(std::move(handler)) {}

    /// @brief Decodes `bytes`, passing events to `emit(stream_event&&) -> bool`. The first failure is the result from
    /// then on; the events before it were emitted.
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        if (progress_.failure()) return *progress_.failure();
        const auto status = sse_.feed(bytes, [&](const polyllm::detail::sse_event& event) { return on_event(event, emit); });
        if (progress_.failure()) return *progress_.failure();
        if (status == polyllm::detail::sse_parser::status::line_too_long)
            return progress_.fail(error{errc::protocol_error, "a stream event is larger than the 16 MiB limit"});
        return success();
    }

    /// @brief At the end of the body: the failure, if any; else an error (errc::connection, an answer cut short)
    /// unless the terminal event arrived.
    [[nodiscard]] result<void> finish() const {
        if (progress_.failure()) return *progress_.failure();
        if (done()) return success();
        error cut{errc::connection, "the stream ended before " + std::string(Handler::terminal) +
                                        (sse_.has_partial_event() ? ", inside an event" : "")};
        if constexpr (requires { handler_.unfinished(std::move(cut)); }) return handler_.unfinished(std::move(cut));
        return cut;
    }

    /// @brief True once the terminal event arrived (or the handler's `complete()` says so).
    [[nodiscard]] bool done() const noexcept {
        if constexpr (requires { handler_.complete(); }) return handler_.complete();
        return progress_.done();
    }

    [[nodiscard]] Handler& handler() noexcept { return handler_; }
    [[nodiscard]] const Handler& handler() const noexcept { return handler_; }

private:
    template <class Emit>
    bool on_event(const polyllm::detail::sse_event& event, Emit& emit) {
        if (progress_.done()) return true;  // nothing after the terminal event is part of the answer
        if constexpr (requires { std::string_view(Handler::done_marker); }) {
            if (event.data == Handler::done_marker) {
                progress_.mark_done();
                if constexpr (requires { handler_.on_done(emit); }) return progress_.apply(handler_.on_done(emit));
                return true;
            }
        }
        auto data = nlohmann::json::parse(event.data, nullptr, false);
        if (data.is_discarded() || !data.is_object()) {
            if constexpr (requires { Handler::known_events; }) {
                bool known = false;
                for (std::string_view name : Handler::known_events) known = known || name == event.type;
                if (!known) return true;  // an event type from the future, in a shape unknown too
            }
            return progress_.apply(step::malformed("a stream event is not a JSON object: " + excerpt(event.data)));
        }
        try {  // every read of the data is inside: a field of the wrong type (json throws) is malformed data
            return progress_.apply(handler_.on_event(event.type, data, emit));
        } catch (const nlohmann::json::exception& ex) {
            return progress_.apply(
                step::malformed(std::string("unexpected field type in a stream event: ") + ex.what()));
        }
    }


    polyllm::detail::sse_parser sse_;
    Handler handler_;
    decode_progress progress_;
};

}  // namespace wire
POLYLLM_NAMESPACE_END
