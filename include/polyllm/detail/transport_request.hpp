#pragma once
/// @file
/// @brief One request through `asio_transport`, composed from the layers: a pooled connection or a new one
/// (`http_connect`), the exchange on it (`async_exchange` over a `timed_stream`), the deadlines
/// (`request_deadline`), cancellation, the transparent resend of a request that never left on a stale pooled
/// connection, and the return of a cleanly ended connection to the pool. Not a template: every completion token and
/// data handler shares this code; `asio_transport` adapts the handler.

#include <polyllm/detail/connection_pool.hpp>
#include <polyllm/detail/deadline.hpp>
#include <polyllm/detail/http_connect.hpp>
#include <polyllm/detail/http_connection.hpp>
#include <polyllm/detail/http_exchange.hpp>
#include <polyllm/detail/transport_state.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <asio/ssl/context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class transport_request : public std::enable_shared_from_this<transport_request> {
public:
    using completion = unique_function<void(result<http_response>)>;
    using data_handler = http_exchange::data_handler;

    /// @brief A request to `start()`. `on_data` empty: the body is read whole; else a 2xx body is handed to it piece
    /// by piece.
    [[nodiscard]] POLYLLM_DECL static std::shared_ptr<transport_request> create(std::shared_ptr<transport_state> state,
                                                                                http_request request,
                                                                                data_handler on_data, completion done);

    POLYLLM_DECL transport_request(std::shared_ptr<transport_state> state, http_request request, data_handler on_data,
                                   completion done);

    /// @brief Begins; to be called on the transport's executor (its I/O must not race its own completions on the
    /// io thread). `done` is never called from inside this call.
    POLYLLM_DECL void start();

    /// @brief From the cancellation slot: closes everything at once; the pending operation then completes the
    /// request with `errc::cancelled`.
    POLYLLM_DECL void cancel();

private:
    POLYLLM_DECL void connect();
    POLYLLM_DECL void on_connected(result<std::unique_ptr<http_connection>> connected);
    POLYLLM_DECL void send();
    POLYLLM_DECL void on_exchanged();

    // A pooled connection that fails before any response byte was most likely closed by the server while idle. The
    // request is sent again, once, on a new connection, but only when the server cannot have it: not one byte of it
    // was written, or its method is idempotent. A POST that left may have been read, done and billed; its failure
    // goes to the retry policy, which counts it and may refuse it.
    [[nodiscard]] bool can_retry() const noexcept {
        return reused_ && !retried_ && exchange_->lost_before_response() &&
               (!exchange_->may_have_arrived() || is_idempotent(request_.method));
    }

    [[nodiscard]] static bool is_idempotent(std::string_view method) noexcept {
        return method == "GET" || method == "HEAD" || method == "OPTIONS";
    }

    POLYLLM_DECL void retry();

    [[nodiscard]] connect_route route() const noexcept { return {&target_, proxy_, tls_context_.get()}; }
    POLYLLM_DECL void on_expired();
    [[nodiscard]] POLYLLM_DECL error cancelled_error() const;

    // Every completion starts here: a cancellation or an expired deadline wins over what the operation reported.
    POLYLLM_DECL bool interrupted();
    POLYLLM_DECL void stop_io();

    // A failure found before any I/O: completed later, never inside the initiating call.
    POLYLLM_DECL void fail_soon(error e);
    POLYLLM_DECL void complete(result<http_response> outcome);

    std::shared_ptr<transport_state> state_;
    http_request request_;
    data_handler on_data_;
    completion done_;
    request_deadline deadline_;

    url target_;
    const url* proxy_ = nullptr;
    std::shared_ptr<asio::ssl::context> tls_context_;
    std::string authority_;  // the origin's "host:port", for messages
    std::string key_;
    std::string wire_;

    std::shared_ptr<http_connect> connecting_;
    std::unique_ptr<http_connection> connection_;
    std::optional<http_exchange> exchange_;
    std::optional<error> timeout_;

    bool reused_ = false;
    bool retried_ = false;
    bool cancelled_ = false;
    bool finished_ = false;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/transport_request.ipp>
#endif
