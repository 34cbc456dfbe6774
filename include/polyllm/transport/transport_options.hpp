#pragma once
/// @file
/// @brief `transport_options`: how `asio_transport` connects (TLS, proxy), how long it waits (a timeout per phase),
/// how much it reads (limits) and how many idle connections it keeps. docs/transport.md explains each default.

#include <polyllm/log.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

POLYLLM_NAMESPACE_BEGIN

/// @brief The lowest TLS version a connection may use.
enum class tls_version { v1_2, v1_3 };

/// @brief Certificate checking. By default the peer's certificate chain is verified against the system trust store
/// (OpenSSL's default paths, which honour SSL_CERT_FILE and SSL_CERT_DIR) and its name against the URL's host, with
/// SNI sent.
struct tls_options {
    /// PEM file of certificate authorities to trust instead of the system store.
    std::string ca_file;
    /// Directory of certificate authorities in OpenSSL's hashed layout, trusted instead of the system store.
    std::string ca_directory;
    /// PEM text of certificate authorities to trust instead of the system store (e.g. embedded in a program).
    std::string ca_pem;
    tls_version min_version = tls_version::v1_2;
    /// Turns off certificate and host name verification: anyone on the path can then read and change the traffic,
    /// API key included. A warning is logged for every connection made this way. For local tests only.
    bool insecure_skip_verification = false;
};

/// @brief A limit per phase of a request; each passed limit is `errc::timeout` naming the phase. An empty optional
/// means no limit for that phase (the total still applies).
struct transport_timeouts {
    /// DNS resolution and TCP connect (and the CONNECT exchange with a proxy).
    std::optional<std::chrono::milliseconds> connect = std::chrono::seconds(10);
    std::optional<std::chrono::milliseconds> tls_handshake = std::chrono::seconds(10);
    /// From the start of sending the request to the end of the response headers (time to first byte): a model that
    /// thinks before answering a non-streamed request spends it here.
    std::optional<std::chrono::milliseconds> response_headers = std::chrono::minutes(10);
    /// The longest gap between two reads of the body, streamed or not.
    std::optional<std::chrono::milliseconds> body_idle = std::chrono::minutes(5);
    /// The whole request, connection included; `http_request::timeout` (set from `llm_config::timeout`) overrides it.
    std::optional<std::chrono::milliseconds> total = std::chrono::minutes(10);
};

/// @brief Read limits; passing one is `errc::protocol_error`.
struct transport_limits {
    std::size_t header_bytes = 64 * 1024;
    /// A body read whole (every non-streamed response, and a streamed request's error response).
    std::uint64_t body_bytes = std::uint64_t{64} * 1024 * 1024;
};

/// @brief The keep-alive pool: idle connections kept per (scheme, host, port, proxy).
struct pool_options {
    /// Idle connections kept per origin; the least recently used beyond it are closed. 0 turns keep-alive off.
    std::size_t max_idle_per_host = 8;
    /// An idle connection older than this is closed instead of reused (a server's `Keep-Alive: timeout=` shortens it).
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30);
};

/// @brief An HTTP proxy for https URLs, reached with CONNECT. http URLs always go direct.
struct proxy_options {
    /// "http://[user:password@]host[:port]" (a URL without a scheme is taken as http). Empty: https_proxy, then
    /// HTTPS_PROXY, when `use_environment`.
    std::string url;
    /// Hosts reached directly, as NO_PROXY: comma-separated host names (which match their subdomains too), IP
    /// addresses, CIDR ranges, "host:port", or "*" for all. Empty: no_proxy, then NO_PROXY, when `use_environment`.
    std::string no_proxy;
    bool use_environment = true;
};

/// @brief Everything `asio_transport` can be told; every default is safe.
struct transport_options {
    tls_options tls;
    transport_timeouts timeouts;
    transport_limits limits;
    pool_options pool;
    proxy_options proxy;
    /// Receives the transport's warnings (insecure TLS) and debug lines; never credentials.
    polyllm::logger logger = stderr_logger;
};

POLYLLM_NAMESPACE_END
