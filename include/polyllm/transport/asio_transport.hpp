#pragma once
/// @file
/// @brief `asio_transport`: the real Transport. HTTP/1.1 over TCP and TLS (OpenSSL) on standalone Asio, with a
/// keep-alive pool, a timeout per phase, cancellation through Asio's per-operation cancellation slots, and HTTPS
/// through an HTTP proxy. Redirects are not followed: a 3xx is returned as a response. docs/transport.md has the
/// details and every default.
///
/// The layers, each in its own header under detail/: `http_connect` (resolve, proxy tunnel, TLS handshake) makes a
/// connection; `async_exchange` (write, read, parse) runs one request over any stream; `request_deadline` and
/// `timed_stream` are the timeouts; `transport_request` composes them with the keep-alive pool.
///
///     asio::io_context io;
///     polyllm::asio_transport transport{io.get_executor()};
///     transport.async_send(request, [](polyllm::result<polyllm::http_response> r) { ... });
///     io.run();

#include <polyllm/concepts.hpp>
#include <polyllm/detail/transport_request.hpp>
#include <polyllm/detail/transport_state.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fwd.hpp>
#include <polyllm/http.hpp>
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/compose.hpp>
#include <asio/dispatch.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <concepts>
#include <memory>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief HTTP/1.1 over TCP and TLS. Copies share one connection pool. Operations run on the transport's executor
/// (`on_data` is called there too); an `io_context` run by several threads needs a strand as that executor.
/// Nothing here needs a thread of its own, so a `basic_llm` that runs its own `io_context` on the caller's thread
/// works unchanged. A transport (and its copies) must be destroyed before its execution context.
class asio_transport {
public:
    using executor_type = asio::any_io_executor;

    explicit asio_transport(executor_type executor) : asio_transport(std::move(executor), transport_options{}) {}

    POLYLLM_DECL asio_transport(executor_type executor, transport_options options);

    [[nodiscard]] executor_type get_executor() const noexcept { return state_->executor; }
    [[nodiscard]] const transport_options& options() const noexcept { return state_->options; }

    /// @brief Idle keep-alive connections held, all origins together.
    [[nodiscard]] std::size_t idle_connections() const { return state_->pool.idle(); }
    /// @brief Closes every idle connection (in-flight requests keep theirs).
    void close_idle_connections() { state_->pool.clear(); }

    /// @brief Sends the request and reads the whole response: `void(result<http_response>)`. Any status, 3xx
    /// included, is a response; transport failures are errors (`errc::connection`, `timeout`, `protocol_error`,
    /// `cancelled`, `invalid_config`). Terminal and partial cancellation close the connection at once.
    template <asio::completion_token_for<void(result<http_response>)> Token>
    auto async_send(http_request request, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [state = state_](auto handler, http_request outgoing) {
                launch(state, std::move(handler), std::move(outgoing), {});
            },
            token, std::move(request));
    }

    /// @brief Like `async_send`, but a 2xx body goes to `on_data(std::string_view) -> bool` piece by piece as it
    /// arrives (chunked framing removed; no body limit). Returning false stops reading, closes the connection and
    /// completes successfully. A non-2xx body is read whole into the response and `on_data` is not called. An error
    /// after some data was delivered completes with that error.
    template <class DataHandler, asio::completion_token_for<void(result<http_response>)> Token>
        requires std::is_invocable_r_v<bool, DataHandler&, std::string_view>
    auto async_stream(http_request request, DataHandler on_data, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [state = state_](auto handler, http_request outgoing, DataHandler data) {
                launch(state, std::move(handler), std::move(outgoing), std::move(data));
            },
            token, std::move(request), std::move(on_data));
    }

    /// @brief A steady-clock wait: `void(std::error_code)`, `operation_aborted` when cancelled (terminal or
    /// partial) through the token's cancellation slot.
    template <asio::completion_token_for<void(std::error_code)> Token>
    auto async_wait(std::chrono::milliseconds delay, Token&& token) {
        return asio::async_compose<Token, void(std::error_code)>(
            wait_op{std::make_unique<asio::steady_timer>(state_->executor), delay}, token, state_->executor);
    }

private:
    struct wait_op {
        std::unique_ptr<asio::steady_timer> timer;
        std::chrono::milliseconds delay;
        bool started = false;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}) {
            if (started) return self.complete(ec);
            started = true;
            self.reset_cancellation_state(asio::enable_partial_cancellation());
            timer->expires_after(delay);  // counted from initiation, also for a deferred token
            timer->async_wait(std::move(self));
        }
    };

    // Adapts one completion handler to the type-erased request: the handler's cancellation slot cancels the
    // request, its executor is kept busy until completion and then runs it.
    template <class Handler>
    static void launch(const std::shared_ptr<detail::transport_state>& state, Handler handler, http_request request,
                       detail::transport_request::data_handler on_data) {
        auto slot = asio::get_associated_cancellation_slot(handler);
        auto work = asio::make_work_guard(handler, state->executor);
        auto operation = detail::transport_request::create(
            state, std::move(request), std::move(on_data),
            [handler = std::move(handler), work = std::move(work), slot](result<http_response> outcome) mutable {
                if (slot.is_connected()) slot.clear();
                auto executor = work.get_executor();
                asio::dispatch(executor, [handler = std::move(handler), outcome = std::move(outcome)]() mutable {
                    std::move(handler)(std::move(outcome));
                });
                work.reset();
            });
        if (slot.is_connected()) {
            slot.assign([weak = std::weak_ptr<detail::transport_request>(operation)](asio::cancellation_type type) {
                if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial)) ==
                    asio::cancellation_type::none)
                    return;
                if (auto live = weak.lock()) live->cancel();
            });
        }
        // Begun on the transport's executor, not the caller's thread: there the exchange's write may complete on
        // the io thread before this thread has started the read, ending the exchange with no response. Inline when
        // the caller already runs on that executor.
        asio::dispatch(state->executor, [operation = std::move(operation)] { operation->start(); });
    }

    std::shared_ptr<detail::transport_state> state_;
};

static_assert(StreamingTransport<asio_transport>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/transport/impl/asio_transport.ipp>
#endif
