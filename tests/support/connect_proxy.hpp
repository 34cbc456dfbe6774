#pragma once
// A test HTTP proxy that speaks only CONNECT, on its own thread: it checks Basic credentials when given some (407
// otherwise), opens the tunnel to the requested 127.0.0.1 port and relays bytes both ways. It records each CONNECT.

#include <polyllm/polyllm.hpp>

#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace polyllm_test {

class connect_proxy {
public:
    struct seen_request {
        std::string target;         ///< the CONNECT authority, "host:port"
        std::string authorization;  ///< Proxy-Authorization, as sent
    };

    /// @brief `credentials` "user:password" to require, or empty to let everyone through.
    explicit connect_proxy(std::string credentials = "") : credentials_(std::move(credentials)) {
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        accept();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~connect_proxy() {
        io_.stop();
        if (thread_.joinable()) thread_.join();
    }
    connect_proxy(const connect_proxy&) = delete;
    connect_proxy& operator=(const connect_proxy&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    [[nodiscard]] std::vector<seen_request> requests() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }

private:
    struct tunnel : std::enable_shared_from_this<tunnel> {
        tunnel(connect_proxy& p, asio::ip::tcp::socket s) : proxy(p), client(std::move(s)), upstream(p.io_) {}

        void read_request() {
            client.async_read_some(asio::buffer(buffer), [self = shared_from_this()](std::error_code ec, std::size_t n) {
                if (ec) return;
                std::string_view bytes(self->buffer.data(), n);
                auto used = self->parser.put(bytes, [](std::string_view) {});
                if (!used) return self->refuse("400 Bad Request");
                bytes.remove_prefix(used.value());
                if (!self->parser.done()) return self->read_request();
                self->early.assign(bytes);
                self->on_request();
            });
        }

        void on_request() {
            const std::string authorization(parser.headers().value_or_empty("Proxy-Authorization"));
            {
                std::lock_guard lock(proxy.mutex_);
                proxy.seen_.push_back({parser.target(), authorization});
            }
            if (parser.method() != "CONNECT") return refuse("405 Method Not Allowed");
            if (!proxy.credentials_.empty() &&
                authorization != "Basic " + polyllm::detail::base64_encode(proxy.credentials_))
                return refuse("407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
            const auto& target = parser.target();
            const auto colon = target.rfind(':');
            if (colon == std::string::npos) return refuse("400 Bad Request");
            const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                                                   static_cast<std::uint16_t>(std::stoi(target.substr(colon + 1))));
            upstream.async_connect(endpoint, [self = shared_from_this()](std::error_code ec) {
                if (ec) return self->refuse("502 Bad Gateway");
                self->answer = "HTTP/1.1 200 Connection established\r\n\r\n";
                asio::async_write(self->client, asio::buffer(self->answer), [self](std::error_code ec, std::size_t) {
                    if (ec) return;
                    self->pump(self->client, self->upstream, self->buffer);
                    self->pump(self->upstream, self->client, self->back_buffer);
                });
            });
        }

        void refuse(std::string status) {
            answer = "HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            asio::async_write(client, asio::buffer(answer), [self = shared_from_this()](std::error_code, std::size_t) {
                std::error_code ignored;
                self->client.close(ignored);
            });
        }

        void pump(asio::ip::tcp::socket& from, asio::ip::tcp::socket& to, std::array<char, 16384>& buf) {
            from.async_read_some(asio::buffer(buf), [self = shared_from_this(), &from, &to, &buf](std::error_code ec,
                                                                                                   std::size_t n) {
                if (ec) return self->close();
                asio::async_write(to, asio::buffer(buf.data(), n), [self, &from, &to, &buf](std::error_code ec, std::size_t) {
                    if (ec) return self->close();
                    self->pump(from, to, buf);
                });
            });
        }

        void close() {
            std::error_code ignored;
            client.close(ignored);
            upstream.close(ignored);
        }

        connect_proxy& proxy;
        asio::ip::tcp::socket client;
        asio::ip::tcp::socket upstream;
        polyllm::detail::http_request_parser parser;
        std::array<char, 16384> buffer{};
        std::array<char, 16384> back_buffer{};
        std::string early;
        std::string answer;
    };

    void accept() {
        acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
            if (ec) return;
            std::make_shared<tunnel>(*this, std::move(socket))->read_request();
            accept();
        });
    }

    std::string credentials_;
    asio::io_context io_{1};
    asio::ip::tcp::acceptor acceptor_{io_};
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::vector<seen_request> seen_;
    std::thread thread_;
};

}  // namespace polyllm_test
