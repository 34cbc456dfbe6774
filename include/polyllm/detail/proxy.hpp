#pragma once
/// @file
/// @brief Choosing an HTTP proxy for a request (options, then https_proxy/HTTPS_PROXY and no_proxy/NO_PROXY) and the
/// CONNECT request that opens a tunnel through it. No I/O; the credentials in a proxy URL never reach a message.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/base64.hpp>
#include <polyllm/detail/http_grammar.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/version.hpp>

#include <asio/ip/address.hpp>

#include <charconv>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief The proxy settings in force, resolved once when a transport is made.
struct proxy_settings {
    std::optional<url> proxy;      ///< empty: every request goes direct
    std::string no_proxy;          ///< NO_PROXY syntax
    std::optional<error> problem;  ///< a malformed proxy URL: every https request fails with it
};

[[nodiscard]] POLYLLM_DECL proxy_settings resolve_proxy(const proxy_options& options,
                                                        const environment& env = environment::process());

/// @brief Whether `ip` is inside the CIDR range `cidr` ("10.0.0.0/8", "fd00::/8").
[[nodiscard]] POLYLLM_DECL bool in_network(const asio::ip::address& ip, std::string_view cidr);

/// @brief Whether `target` is listed in `no_proxy`: "*", a host name (matching its subdomains too, with or without a
/// leading dot), an IP address, a CIDR range, each optionally with ":port".
[[nodiscard]] POLYLLM_DECL bool bypasses_proxy(std::string_view no_proxy, const url& target);

/// @brief %XX sequences decoded (an invalid one is kept as it is), for credentials written into a proxy URL.
[[nodiscard]] POLYLLM_DECL std::string percent_decode(std::string_view in);

/// @brief "host:port" as CONNECT and its Host header name the tunnel's far end.
[[nodiscard]] POLYLLM_DECL std::string authority(const url& u);

/// @brief The CONNECT request that asks `proxy` for a tunnel to `target`, with Basic credentials when the proxy URL
/// has them (percent-decoded, as RFC 3986 writes them in a URL).
[[nodiscard]] POLYLLM_DECL std::string connect_request(const url& target, const url& proxy);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/proxy.ipp>
#endif
