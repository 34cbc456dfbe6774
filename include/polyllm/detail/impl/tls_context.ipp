#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/tls_context.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/tls_context.hpp>

#include <asio/buffer.hpp>
#include <asio/ip/address.hpp>

#include <asio/ssl/error.hpp>
#include <openssl/x509v3.h>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL result<std::shared_ptr<asio::ssl::context>> make_tls_context(const tls_options& options) {
    std::shared_ptr<asio::ssl::context> ctx;
    try {
        ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    } catch (const std::exception& e) {
        return error{errc::connection, std::string("cannot create a TLS context: ") + e.what()};
    }
    SSL_CTX* handle = ctx->native_handle();
    const int min_version = options.min_version == tls_version::v1_3 ? TLS1_3_VERSION : TLS1_2_VERSION;
    if (SSL_CTX_set_min_proto_version(handle, min_version) != 1)
        return error{errc::invalid_config, "cannot set the minimum TLS version"};
    SSL_CTX_set_mode(handle, SSL_MODE_RELEASE_BUFFERS);  // idle pooled connections keep no 32 KiB buffers
    std::error_code ec;
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_compression, ec);
    ctx->set_verify_mode(options.insecure_skip_verification ? asio::ssl::verify_none : asio::ssl::verify_peer, ec);

    auto unusable = [](std::string what, const std::error_code& why) {
        return error{errc::invalid_config, "cannot use " + what + ": " + why.message()};
    };
    if (options.ca_file.empty() && options.ca_directory.empty() && options.ca_pem.empty()) {
        if (ctx->set_default_verify_paths(ec); ec) return unusable("the system trust store", ec);
    }
    if (!options.ca_file.empty())
        if (ctx->load_verify_file(options.ca_file, ec); ec) return unusable("the CA file \"" + options.ca_file + "\"", ec);
    if (!options.ca_directory.empty())
        if (ctx->add_verify_path(options.ca_directory, ec); ec)
            return unusable("the CA directory \"" + options.ca_directory + "\"", ec);
    if (!options.ca_pem.empty())
        if (ctx->add_certificate_authority(asio::buffer(options.ca_pem), ec); ec)
            return unusable("the CA certificates in tls_options::ca_pem", ec);
    return ctx;
}

POLYLLM_DECL result<void> prepare_tls_client(SSL* ssl, const url& target, bool verify) {
    std::error_code ec;
    asio::ip::make_address(target.host, ec);
    const bool ip_literal = !ec;
    if (!ip_literal && SSL_set_tlsext_host_name(ssl, target.host.c_str()) != 1)
        return error{errc::connection, "cannot set the TLS server name for " + target.host};
    if (verify) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        const int ok = ip_literal ? X509_VERIFY_PARAM_set1_ip_asc(param, target.host.c_str())
                                  : X509_VERIFY_PARAM_set1_host(param, target.host.c_str(), 0);
        if (ok != 1) return error{errc::connection, "cannot set the name to verify for " + target.host};
    }
    static constexpr unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_set_alpn_protos(ssl, alpn, sizeof alpn);  // returns 0 on success; without ALPN the server assumes HTTP/1.1
    return success();
}

POLYLLM_DECL bool tls_failure_is_permanent(const std::error_code& ec, SSL* ssl) {
    if (ssl && SSL_get_verify_result(ssl) != X509_V_OK) return true;
    if (ec.category() != asio::error::get_ssl_category()) return false;
    switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
        case SSL_R_CERTIFICATE_VERIFY_FAILED:
        case SSL_R_UNSUPPORTED_PROTOCOL:
        case SSL_R_NO_PROTOCOLS_AVAILABLE:
        case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
        case SSL_R_WRONG_VERSION_NUMBER:  // TLS spoken to a port that does not speak it
            return true;
        default: return false;
    }
}

POLYLLM_DECL std::string describe_tls_failure(const std::error_code& ec, SSL* ssl) {
    if (ssl) {
        const long verdict = SSL_get_verify_result(ssl);
        if (verdict != X509_V_OK)
            return std::string("certificate verification failed: ") + X509_verify_cert_error_string(verdict);
    }
    return ec.message();
}

}  // namespace detail
POLYLLM_NAMESPACE_END
