#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/http_connection.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/http_connection.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL http_connection::http_connection(const asio::any_io_executor& executor) : socket_(executor) {}

POLYLLM_DECL result<void> http_connection::start_tls(asio::ssl::context& context, const url& target, bool verify) {
    tls_.emplace(socket_, context);
    return prepare_tls_client(tls_->native_handle(), target, verify);
}

POLYLLM_DECL void http_connection::close() noexcept {
    std::error_code ignored;
    socket_.close(ignored);
}

POLYLLM_DECL bool http_connection::looks_usable() {
    if (!socket_.is_open()) return false;
    std::error_code ec;
    std::error_code ignored;
    socket_.non_blocking(true, ignored);
    char byte;
    const auto n = socket_.receive(asio::buffer(&byte, 1), asio::socket_base::message_peek, ec);
    socket_.non_blocking(false, ignored);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return true;
    if (ec) return false;
    return n > 0 && is_tls();
}

}  // namespace detail
POLYLLM_NAMESPACE_END
