#pragma once
/// @file
/// @brief What all operations of one `asio_transport` (and its copies) share: the executor, the options, the
/// keep-alive pool, the proxy settings read once from the environment, and the TLS context built on first use.

#include <polyllm/detail/connection_pool.hpp>
#include <polyllm/detail/proxy.hpp>
#include <polyllm/detail/tls_context.hpp>
#include <polyllm/error.hpp>
#include <polyllm/log.hpp>
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/ssl/context.hpp>

#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

struct transport_state {
    POLYLLM_DECL transport_state(asio::any_io_executor ex, transport_options opts);

    transport_state(const transport_state&) = delete;
    transport_state& operator=(const transport_state&) = delete;
    ~transport_state() { pool.clear(); }

    /// @brief The TLS client context, built once on the first https request (a plain-http user never pays for it).
    [[nodiscard]] POLYLLM_DECL result<std::shared_ptr<asio::ssl::context>> tls_context();

    void log(log_level level, std::string_view message) const {
        if (options.logger) options.logger(level, message);
    }

    asio::any_io_executor executor;
    transport_options options;
    connection_pool pool;
    proxy_settings proxy;

private:
    std::once_flag tls_once_;
    result<std::shared_ptr<asio::ssl::context>> tls_{error{errc::connection, "the TLS context was not built"}};
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/transport_state.ipp>
#endif
