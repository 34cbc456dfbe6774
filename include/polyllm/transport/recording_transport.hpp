#pragma once
/// @file
/// @brief `recording_transport<Inner>`: a transport that sends through `Inner` and keeps every exchange, streamed
/// pieces and failures included, with credentials scrubbed, as a cassette (cassette.hpp) to save and replay.
///
///     polyllm::basic_llm<polyllm::openai, polyllm::recording_transport<polyllm::asio_transport>> llm{cfg};
///     llm.transport().redact(cfg.api_key);   // the key is also removed from bodies and URLs
///     auto c = llm.complete(req);
///     auto saved = llm.transport().save("tests/cassettes/hello.json");

#include <polyllm/concepts.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/transport/cassette.hpp>
#include <polyllm/version.hpp>

#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// What a recorded exchange is given to: the recording transport keeps it, the cassette transport also saves it.
using exchange_sink = std::function<void(recorded_exchange)>;

// One exchange under way: its request, the pieces so far and the clock they are timed by.
struct exchange_in_flight {
    recorded_exchange exchange;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

    void add_piece(std::string_view data) {
        auto at = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        exchange.pieces.push_back({at, std::string(data)});
    }

    void finish(const result<http_response>& outcome, bool streaming) {
        if (outcome) {
            exchange.response = outcome.value();
            exchange.streamed = streaming && (!exchange.pieces.empty() ||
                                              streams_body(outcome.value().status, outcome.value().headers));
        } else {
            exchange.failure = outcome.error();
            exchange.streamed = !exchange.pieces.empty();
            if (exchange.streamed) exchange.response = http_response{200, {}, {}, {}};  // status unknown; data came
        }
    }
};

// The caller's executor and cancellation slot, read before the handler is moved into the completion, carried over
// to the inner operation, so that cancelling the outer operation cancels the inner one.
template <class Handler, class Executor>
struct handler_associations {
    asio::associated_cancellation_slot_t<Handler> slot;
    asio::associated_executor_t<Handler, Executor> executor;

    handler_associations(const Handler& h, const Executor& fallback)
        : slot(asio::get_associated_cancellation_slot(h)), executor(asio::get_associated_executor(h, fallback)) {}

    template <class Fn>
    auto bind(Fn fn) {
        return asio::bind_cancellation_slot(slot, asio::bind_executor(executor, std::move(fn)));
    }
};

/// Sends `req` through `inner`, gives the exchange (not yet scrubbed) to `sink`, then completes `handler`.
template <class Inner, class Handler>
void record_send(Inner& inner, http_request req, exchange_sink sink, Handler handler) {
    auto flight = std::make_shared<exchange_in_flight>();
    flight->exchange.request = req;
    handler_associations<Handler, typename Inner::executor_type> associated(handler, inner.get_executor());
    auto done = associated.bind(
        [flight, sink = std::move(sink), handler = std::move(handler)](
            result<http_response> outcome) mutable {
            flight->finish(outcome, false);
            sink(std::move(flight->exchange));
            std::move(handler)(std::move(outcome));
        });
    inner.async_send(std::move(req), std::move(done));
}

/// The same for a stream: each piece is kept, with its time, before it is passed on.
template <class Inner, class DataHandler, class Handler>
void record_stream(Inner& inner, http_request req, DataHandler on_data, exchange_sink sink, Handler handler) {
    auto flight = std::make_shared<exchange_in_flight>();
    flight->exchange.request = req;
    auto data = [flight, on_data = std::move(on_data)](std::string_view piece) mutable -> bool {
        flight->add_piece(piece);
        return on_data(piece);
    };
    handler_associations<Handler, typename Inner::executor_type> associated(handler, inner.get_executor());
    auto done = associated.bind(
        [flight, sink = std::move(sink), handler = std::move(handler)](
            result<http_response> outcome) mutable {
            flight->finish(outcome, true);
            sink(std::move(flight->exchange));
            std::move(handler)(std::move(outcome));
        });
    inner.async_stream(std::move(req), std::move(data), std::move(done));
}

}  // namespace detail

/// @brief Sends through `Inner` and records every exchange. Copies share one recording.
template <class Inner>
    requires Transport<Inner>
class recording_transport {
public:
    using executor_type = typename Inner::executor_type;
    using inner_type = Inner;

    /// @brief An `Inner` made from the executor, as `basic_llm` makes its transport.
    explicit recording_transport(executor_type executor)
        requires std::constructible_from<Inner, executor_type>
        : inner_(std::move(executor)) {}
    explicit recording_transport(Inner inner) : inner_(std::move(inner)) {}

    [[nodiscard]] executor_type get_executor() const noexcept { return inner_.get_executor(); }
    [[nodiscard]] Inner& inner() noexcept { return inner_; }

    /// @brief A key to remove wherever it appears (bodies, URLs, headers), besides the credential headers and
    /// query parameters removed always.
    void redact(secret key) { state_->keys.push_back(std::move(key)); }

    /// @brief What was recorded so far, scrubbed.
    [[nodiscard]] const cassette& recorded() const noexcept { return state_->tape; }
    /// @brief Writes what was recorded so far (atomically).
    [[nodiscard]] result<void> save(const std::filesystem::path& path) const {
        return save_cassette(state_->tape, path);
    }

    template <asio::completion_token_for<void(result<http_response>)> Token>
    auto async_send(http_request req, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing) {
                detail::record_send(inner_, std::move(outgoing), sink(), std::move(handler));
            },
            token, std::move(req));
    }

    template <class DataHandler, asio::completion_token_for<void(result<http_response>)> Token>
        requires StreamingTransport<Inner>
    auto async_stream(http_request req, DataHandler on_data, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing, DataHandler data) {
                detail::record_stream(inner_, std::move(outgoing), std::move(data), sink(), std::move(handler));
            },
            token, std::move(req), std::move(on_data));
    }

    template <asio::completion_token_for<void(std::error_code)> Token>
    auto async_wait(std::chrono::milliseconds delay, Token&& token) {
        return inner_.async_wait(delay, std::forward<Token>(token));
    }

private:
    struct state {
        cassette tape;
        std::vector<secret> keys;
    };

    detail::exchange_sink sink() {
        return [s = state_](recorded_exchange x) {
            scrub(x, s->keys, s->tape.scrubbed);  // names what it replaced, once each
            s->tape.exchanges.push_back(std::move(x));
        };
    }

    Inner inner_;
    std::shared_ptr<state> state_ = std::make_shared<state>();
};

POLYLLM_NAMESPACE_END
