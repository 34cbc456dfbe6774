#pragma once
/// @file
/// @brief `scripted_transport`: an in-memory Transport that answers with scripted responses, records what it was
/// sent, and runs waits on a virtual clock. For polyllm's tests and for users testing their own code.
///
///     polyllm::basic_llm<polyllm::openai, polyllm::scripted_transport> llm{cfg};
///     llm.transport().respond(429, error_body, {{"retry-after", "2"}}).respond(200, ok_body);
///     auto c = llm.complete(req);                       // retried once, after a virtual 2 s
///     assert(llm.transport().requests().size() == 2);
///     assert(llm.transport().elapsed() == std::chrono::seconds(2));
///
/// Streams are scripted as body pieces, each delivered in its own handler as if it were one read, optionally
/// followed by a failure or by silence (until cancelled).

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/error.hpp>
#include <asio/experimental/append.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief A scripted streaming response: the pieces of a 2xx body as they would arrive, and what happens after.
struct scripted_stream {
    int status = 200;
    http_headers headers;
    std::vector<std::string> chunks;
    std::optional<error> then_fail;  ///< after the pieces, the connection fails with this
    bool then_hang = false;          ///< after the pieces, nothing more arrives until the operation is cancelled
};

class scripted_transport {
public:
    using executor_type = asio::any_io_executor;

    POLYLLM_DECL explicit scripted_transport(executor_type executor);

    [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }

    // --- Scripting: each request takes the next entry, in order. ---

    /// @brief The next request gets this response.
    POLYLLM_DECL scripted_transport& respond(http_response response);
    POLYLLM_DECL scripted_transport& respond(int status, std::string body, http_headers headers = {});
    /// @brief The next request gets a streamed response.
    POLYLLM_DECL scripted_transport& respond_stream(scripted_stream stream);
    POLYLLM_DECL scripted_transport& respond_stream(std::vector<std::string> chunks, http_headers headers = {});
    /// @brief The next request fails in the transport (connection refused, timeout, ...).
    POLYLLM_DECL scripted_transport& fail(error e);
    /// @brief The next request never completes, until its operation is cancelled.
    POLYLLM_DECL scripted_transport& hang();

    /// @brief When on, waits stay pending (so a test can cancel one) until `release_waits()`.
    void hold_waits(bool on) { state_->hold_waits = on; }
    /// @brief Completes every held wait and advances the virtual clock by each.
    POLYLLM_DECL void release_waits();

    // --- Inspection. ---

    /// @brief Every request sent, in order.
    [[nodiscard]] const std::vector<http_request>& requests() const noexcept { return state_->requests; }
    /// @brief Every wait requested, in order, held or not.
    [[nodiscard]] const std::vector<std::chrono::milliseconds>& waits() const noexcept { return state_->waits; }
    /// @brief Virtual time passed in completed waits.
    [[nodiscard]] std::chrono::milliseconds elapsed() const noexcept { return state_->elapsed; }
    /// @brief Scripted entries not yet used.
    [[nodiscard]] std::size_t remaining() const noexcept { return state_->script.size(); }
    /// @brief Waits currently held.
    [[nodiscard]] std::size_t held_waits() const noexcept { return state_->held.size(); }

    // --- Transport. ---

    template <asio::completion_token_for<void(result<http_response>)> Token>
    auto async_send(http_request req, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing) { this->start_send(std::move(handler), std::move(outgoing)); },
            token,
            std::move(req));
    }

    template <class DataHandler, asio::completion_token_for<void(result<http_response>)> Token>
    auto async_stream(http_request req, DataHandler on_data, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing, DataHandler data) {
                this->start_stream(std::move(handler), std::move(outgoing), std::move(data));
            },
            token, std::move(req), std::move(on_data));
    }

    template <asio::completion_token_for<void(std::error_code)> Token>
    auto async_wait(std::chrono::milliseconds delay, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code)>(
            [this](auto handler, std::chrono::milliseconds wait) { this->start_wait(std::move(handler), wait); }, token,
            delay);
    }

private:
    struct hang_tag {};
    using entry = std::variant<http_response, scripted_stream, error, hang_tag>;

    // A stream's pieces given to a plain send: the whole body at once.
    POLYLLM_DECL static http_response whole(scripted_stream s);

    struct held_wait {
        std::chrono::milliseconds delay;
        detail::unique_function<void(std::error_code)> complete;
    };

    struct state {
        std::deque<entry> script;
        std::vector<http_request> requests;
        std::vector<std::chrono::milliseconds> waits;
        std::chrono::milliseconds elapsed{0};
        bool hold_waits = false;
        std::vector<held_wait> held;
    };

    // Completes through the handler's associated executor, never inside the initiating call.
    template <class Handler, class Value>
    static auto deferred_completion(executor_type ex, Handler handler) {
        return [ex = std::move(ex), handler = std::move(handler)](Value value) mutable {
            asio::post(ex, asio::experimental::append(std::move(handler), std::move(value)));
        };
    }

    template <class Handler>
    void start_send(Handler handler, http_request req) {
        state_->requests.push_back(std::move(req));
        if (state_->script.empty()) {
            deferred_completion<Handler, result<http_response>>(executor_, std::move(handler))(
                error{errc::connection, "scripted_transport: no scripted response left for request " +
                                            std::to_string(state_->requests.size())});
            return;
        }
        entry next = std::move(state_->script.front());
        state_->script.pop_front();
        if (auto* response = std::get_if<http_response>(&next)) {
            deferred_completion<Handler, result<http_response>>(executor_, std::move(handler))(std::move(*response));
        } else if (auto* stream = std::get_if<scripted_stream>(&next)) {
            deferred_completion<Handler, result<http_response>>(executor_, std::move(handler))(
                whole(std::move(*stream)));
        } else if (auto* failure = std::get_if<error>(&next)) {
            deferred_completion<Handler, result<http_response>>(executor_, std::move(handler))(std::move(*failure));
        } else {
            park_until_cancelled(std::move(handler));
        }
    }

    // Pieces are delivered one per handler, like reads; the delivery owns itself until it completes.
    template <class DataHandler>
    struct stream_delivery : std::enable_shared_from_this<stream_delivery<DataHandler>> {
        executor_type executor;
        DataHandler on_data;
        detail::unique_function<void(result<http_response>)> complete;
        scripted_stream script;
        std::size_t next = 0;
        bool finished = false;

        stream_delivery(executor_type ex, DataHandler data, detail::unique_function<void(result<http_response>)> done,
                        scripted_stream s)
            : executor(std::move(ex)), on_data(std::move(data)), complete(std::move(done)), script(std::move(s)) {}

        void step() {
            if (finished) return;
            if (next < script.chunks.size()) {
                if (!on_data(std::string_view(script.chunks[next++]))) return end(head());
                asio::post(executor, [self = this->shared_from_this()] { self->step(); });
                return;
            }
            if (script.then_fail) return end(*script.then_fail);
            if (!script.then_hang) end(head());
        }
        http_response head() const { return {script.status, {}, script.headers, {}}; }
        void end(result<http_response> outcome) {
            if (finished) return;
            finished = true;
            complete(std::move(outcome));
        }
    };

    template <class Handler, class DataHandler>
    void start_stream(Handler handler, http_request req, DataHandler on_data) {
        state_->requests.push_back(std::move(req));
        auto slot = asio::get_associated_cancellation_slot(handler);
        auto complete = deferred_completion<Handler, result<http_response>>(executor_, std::move(handler));
        if (state_->script.empty()) {
            complete(error{errc::connection, "scripted_transport: no scripted response left for request " +
                                                 std::to_string(state_->requests.size())});
            return;
        }
        entry next = std::move(state_->script.front());
        state_->script.pop_front();
        scripted_stream stream;
        if (auto* s = std::get_if<scripted_stream>(&next)) {
            stream = std::move(*s);
        } else if (auto* response = std::get_if<http_response>(&next)) {
            stream = {response->status, std::move(response->headers), {std::move(response->body)}, std::nullopt,
                      false};
        } else if (auto* failure = std::get_if<error>(&next)) {
            complete(std::move(*failure));
            return;
        } else {
            stream.then_hang = true;
        }
        if (!streams_body(stream.status, stream.headers)) {  // an error or JSON body is read whole, never streamed
            complete(whole(std::move(stream)));
            return;
        }
        auto delivery = std::make_shared<stream_delivery<DataHandler>>(executor_, std::move(on_data),
                                                                        std::move(complete), std::move(stream));
        if (slot.is_connected())
            // A strong reference: a hanging stream is kept alive by its only way out.
            slot.assign([delivery](asio::cancellation_type) { delivery->end(error{errc::cancelled, "stream cancelled"}); });
        asio::post(executor_, [delivery] { delivery->step(); });
    }

    // A hanging request: the handler waits in the cancellation slot's closure, the only way out.
    template <class Handler>
    void park_until_cancelled(Handler handler) {
        auto slot = asio::get_associated_cancellation_slot(handler);
        if (!slot.is_connected()) return;  // nothing can ever complete it: dropped, as a dead server would
        auto complete = std::make_shared<detail::unique_function<void(result<http_response>)>>(
            deferred_completion<Handler, result<http_response>>(executor_, std::move(handler)));
        slot.assign([complete](asio::cancellation_type) {
            if (!*complete) return;  // a second cancellation signal before the completion ran
            auto done = std::move(*complete);
            done(error{errc::cancelled, "request cancelled"});
        });
    }

    template <class Handler>
    void start_wait(Handler handler, std::chrono::milliseconds delay) {
        state_->waits.push_back(delay);
        auto slot = asio::get_associated_cancellation_slot(handler);
        held_wait wait{delay, deferred_completion<Handler, std::error_code>(executor_, std::move(handler))};
        if (!state_->hold_waits) {
            finish_wait(*state_, wait, {});
            return;
        }
        state_->held.push_back(std::move(wait));
        if (slot.is_connected()) {
            std::weak_ptr<state> weak = state_;
            slot.assign([weak, index = state_->held.size() - 1](asio::cancellation_type) {
                auto s = weak.lock();
                if (!s || index >= s->held.size() || !s->held[index].complete) return;
                auto w = std::move(s->held[index]);
                s->held[index].complete = {};
                w.complete(asio::error::operation_aborted);  // cancelled waits do not advance the clock
            });
        }
    }

    POLYLLM_DECL static void finish_wait(state& s, held_wait& w, std::error_code ec);

    executor_type executor_;
    std::shared_ptr<state> state_ = std::make_shared<state>();
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/transport/impl/scripted_transport.ipp>
#endif
