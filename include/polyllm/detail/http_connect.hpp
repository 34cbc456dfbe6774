#pragma once
/// @file
/// @brief Opening a connection, as its own operation: resolve the next hop (an IP literal needs no resolver), TCP
/// connect to its addresses in turn, open a tunnel with CONNECT when a proxy is on the way, and the TLS handshake for
/// an https origin. Completes with a connected `http_connection`, ready for an exchange, or with the error that
/// names the step and the host. Deadlines belong to the caller: this operation enters their phases and, once they
/// are `interrupted()`, stops at its next step.

#include <polyllm/detail/deadline.hpp>
#include <polyllm/detail/http_connection.hpp>
#include <polyllm/detail/http_parser.hpp>
#include <polyllm/detail/proxy.hpp>
#include <polyllm/detail/transport_state.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief Where a new connection goes: the origin, the proxy to tunnel through (https only), the TLS context
/// (null for http). The caller keeps all three alive while the operation runs.
struct connect_route {
    const url* target = nullptr;
    const url* proxy = nullptr;
    asio::ssl::context* tls = nullptr;
};

/// @brief "host:port" of the route's next hop, or "the proxy host:port", for messages.
[[nodiscard]] POLYLLM_DECL std::string hop_name(const connect_route& route);

class http_connect : public std::enable_shared_from_this<http_connect> {
public:
    using completion = unique_function<void(result<std::unique_ptr<http_connection>>)>;

    /// @brief `state` and `deadline` must outlive the operation.
    POLYLLM_DECL http_connect(transport_state& state, connect_route route, request_deadline& deadline,
                              completion done);

    POLYLLM_DECL void start();

    /// @brief Cancels the resolver and closes the socket: the pending step completes at once, and the operation
    /// with it (with an error the caller replaces by its own: it stopped the operation).
    POLYLLM_DECL void stop() noexcept;

    [[nodiscard]] std::string hop_name() const { return detail::hop_name(route_); }

private:
    [[nodiscard]] const url& hop() const noexcept { return route_.proxy ? *route_.proxy : *route_.target; }

    POLYLLM_DECL void on_resolved(std::error_code ec, const asio::ip::tcp::resolver::results_type& results);
    POLYLLM_DECL void connect_to_endpoints();
    POLYLLM_DECL void on_connected(std::error_code ec);
    POLYLLM_DECL void open_tunnel();
    POLYLLM_DECL void read_tunnel_reply();
    POLYLLM_DECL void on_tunnel_reply(std::error_code ec, std::size_t n);
    POLYLLM_DECL void handshake();

    // Every completion starts here: once the caller interrupted the request, nothing more is tried.
    POLYLLM_DECL bool interrupted();
    POLYLLM_DECL void fail(errc code, std::string message);
    POLYLLM_DECL void fail(std::error_code code, std::string message);
    POLYLLM_DECL void complete(result<std::unique_ptr<http_connection>> outcome);

    transport_state& state_;
    connect_route route_;
    request_deadline& deadline_;
    completion done_;

    asio::ip::tcp::resolver resolver_;
    std::vector<asio::ip::tcp::endpoint> endpoints_;
    std::unique_ptr<http_connection> connection_;
    std::string connect_wire_;
    std::optional<http_response_parser> tunnel_parser_;
    bool finished_ = false;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/http_connect.ipp>
#endif
