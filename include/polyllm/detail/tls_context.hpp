#pragma once
/// @file
/// @brief The TLS client setup on OpenSSL: one `asio::ssl::context` per transport from `tls_options` (trust store,
/// minimum version, verification), the per-connection settings (SNI, host name or IP check, ALPN), and readable
/// handshake failures.

#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/version.hpp>

#include <asio/ssl/context.hpp>

#include <openssl/ssl.h>

#include <exception>
#include <memory>
#include <string>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief The client context for every TLS connection of one transport.
[[nodiscard]] POLYLLM_DECL result<std::shared_ptr<asio::ssl::context>> make_tls_context(const tls_options& options);

/// @brief Per-connection settings before the handshake: SNI (host names only, as RFC 6066 requires), the name or
/// address the certificate must carry, and ALPN "http/1.1".
[[nodiscard]] POLYLLM_DECL result<void> prepare_tls_client(SSL* ssl, const url& target, bool verify);

/// @brief Why a handshake failed, in words: the certificate check's verdict when that was the cause ("hostname
/// mismatch", "self-signed certificate in certificate chain"), else OpenSSL's reason.
[[nodiscard]] POLYLLM_DECL std::string describe_tls_failure(const std::error_code& ec, SSL* ssl);

/// @brief Whether a handshake failure will fail again however often it is tried: the certificate or host name did
/// not verify, or the two ends share no protocol version. Such a failure is not retried (a user waited 30 s of
/// retries for a certificate that could never verify).
[[nodiscard]] POLYLLM_DECL bool tls_failure_is_permanent(const std::error_code& ec, SSL* ssl);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/tls_context.ipp>
#endif
