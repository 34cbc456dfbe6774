#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/transport_state.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/transport_state.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL transport_state::transport_state(asio::any_io_executor ex, transport_options opts)
    : executor(std::move(ex)),
      options(std::move(opts)),
      pool(options.pool.max_idle_per_host, options.pool.idle_timeout),
      proxy(resolve_proxy(options.proxy)) {}

POLYLLM_DECL result<std::shared_ptr<asio::ssl::context>> transport_state::tls_context() {
    std::call_once(tls_once_, [this] { tls_ = make_tls_context(options.tls); });
    return tls_;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
