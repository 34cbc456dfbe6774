#pragma once
/// @file
/// @brief One client connection, what the pool keeps: a TCP socket, TLS over it when the origin is https, and a read
/// buffer that lives as long as the connection. `with_stream` hands the exchange the stream to run over.

#include <polyllm/detail/tls_context.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/socket_base.hpp>
#include <asio/ssl/stream.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class http_connection {
public:
    using socket_type = asio::ip::tcp::socket;
    static constexpr std::size_t buffer_size = 16 * 1024;  // one TLS record

    POLYLLM_DECL explicit http_connection(const asio::any_io_executor& executor);
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;

    [[nodiscard]] socket_type& socket() noexcept { return socket_; }
    [[nodiscard]] bool is_tls() const noexcept { return tls_.has_value(); }
    [[nodiscard]] SSL* ssl() noexcept { return tls_ ? tls_->native_handle() : nullptr; }

    /// @brief Puts TLS over the connected socket (directly, or inside a proxy's tunnel) for `target`.
    [[nodiscard]] POLYLLM_DECL result<void> start_tls(asio::ssl::context& context, const url& target, bool verify);

    template <class Handler>
    void async_handshake(Handler&& handler) {
        tls_->async_handshake(asio::ssl::stream_base::client, std::forward<Handler>(handler));
    }

    /// @brief Calls `f` with the stream the HTTP exchange runs over: the TLS stream, or the socket itself.
    template <class F>
    decltype(auto) with_stream(F&& f) {
        if (tls_) return std::forward<F>(f)(*tls_);
        return std::forward<F>(f)(socket_);
    }

    /// @brief The read buffer, kept for the connection's life (so pooled connections reuse it).
    [[nodiscard]] std::span<char> read_buffer() {
        if (buffer_.size() < buffer_size) buffer_.resize(buffer_size);
        return {buffer_.data(), buffer_.size()};
    }

    /// @brief The first `n` bytes of the read buffer.
    [[nodiscard]] std::string_view buffer(std::size_t n) const noexcept { return {buffer_.data(), n}; }

    /// @brief Closes the socket at once: pending operations complete with `operation_aborted`. No TLS close_notify:
    /// HTTP framing, not the TLS shutdown, tells a complete response from a truncated one.
    POLYLLM_DECL void close() noexcept;

    [[nodiscard]] bool is_open() const noexcept { return socket_.is_open(); }

    /// @brief For an idle connection about to be reused: false when the server has closed it (end of file waiting)
    /// or sent bytes nobody asked for. TLS records such as session tickets may legitimately wait on a TLS connection.
    [[nodiscard]] POLYLLM_DECL bool looks_usable();

private:
    socket_type socket_;
    std::optional<asio::ssl::stream<socket_type&>> tls_;
    std::vector<char> buffer_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/http_connection.ipp>
#endif
