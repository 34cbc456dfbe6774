#pragma once
// A scriptable HTTP/1.1 server on 127.0.0.1 (plain or TLS), on its own thread, for the transport's tests. Each
// request it reads takes the next scripted `reply`: bytes to send (exactly as given, so framing errors can be
// scripted too), pauses, a reset, a close, or a hang. It counts accepted connections and records every request.

#include "support/test_certificates.hpp"

#include <polyllm/polyllm.hpp>

#include <asio/buffer.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <openssl/ssl.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace polyllm_test {

using header_list = std::vector<std::pair<std::string, std::string>>;

inline std::string reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 400: return "Bad Request";
        case 404: return "Not Found";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Status";
    }
}

/// @brief A status line and header fields, ending with the blank line.
inline std::string response_head(int status, const header_list& headers) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

/// @brief A complete response with Content-Length.
inline std::string http_response_text(int status, std::string_view body, header_list headers = {}) {
    headers.insert(headers.begin(), {"Content-Length", std::to_string(body.size())});
    return response_head(status, headers) + std::string(body);
}

/// @brief One chunk of a chunked body.
inline std::string chunk(std::string_view piece) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    return std::string(size) + "\r\n" + std::string(piece) + "\r\n";
}

/// @brief A chunked body: each piece as one chunk, then the last chunk and optional trailer lines.
inline std::string chunked(const std::vector<std::string>& pieces, std::string_view trailers = "") {
    std::string out;
    for (const auto& piece : pieces) out += chunk(piece);
    return out + "0\r\n" + std::string(trailers) + "\r\n";
}

/// @brief What the server does after reading one request, step by step.
class reply {
public:
    struct step {
        enum class kind { send, pause, reset, close, hang } what;
        std::string bytes;
        std::chrono::milliseconds delay{0};
    };

    reply& send(std::string bytes) {
        steps_.push_back({step::kind::send, std::move(bytes), {}});
        return *this;
    }
    reply& pause(std::chrono::milliseconds delay) {
        steps_.push_back({step::kind::pause, {}, delay});
        return *this;
    }
    /// @brief Aborts the connection (SO_LINGER 0: the peer sees a reset).
    reply& reset() {
        steps_.push_back({step::kind::reset, {}, {}});
        return *this;
    }
    /// @brief Closes the connection after what was sent.
    reply& close() {
        steps_.push_back({step::kind::close, {}, {}});
        return *this;
    }
    /// @brief Does nothing more: the connection stays open, unanswered.
    reply& hang() {
        steps_.push_back({step::kind::hang, {}, {}});
        return *this;
    }

    /// @brief A whole response with Content-Length, sent in one write.
    static reply respond(int status, std::string_view body, header_list headers = {}) {
        return reply{}.send(http_response_text(status, body, std::move(headers)));
    }

    [[nodiscard]] const std::vector<step>& steps() const noexcept { return steps_; }

private:
    std::vector<step> steps_;
};

struct received_request {
    std::string method;
    std::string target;
    polyllm::http_headers headers;
    std::string body;
    std::size_t connection = 0;  ///< 1 for the first connection accepted, and so on
};

class loopback_server {
public:
    struct tls_settings {
        certificate_pair identity;
        bool tls12_only = false;  ///< offer nothing above TLS 1.2
    };

    loopback_server() { start(); }
    explicit loopback_server(const tls_settings& tls) {
        tls_.emplace(asio::ssl::context::tls_server);
        tls_->use_certificate_chain(asio::buffer(tls.identity.certificate_pem));
        tls_->use_private_key(asio::buffer(tls.identity.key_pem), asio::ssl::context::pem);
        if (tls.tls12_only) SSL_CTX_set_max_proto_version(tls_->native_handle(), TLS1_2_VERSION);
        start();
    }
    ~loopback_server() {
        io_.stop();
        if (thread_.joinable()) thread_.join();
    }
    loopback_server(const loopback_server&) = delete;
    loopback_server& operator=(const loopback_server&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    /// @brief "http(s)://127.0.0.1:<port><path>".
    [[nodiscard]] std::string url(std::string_view path = "/") const {
        return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + std::string(path);
    }

    /// @brief The next request read (on any connection) gets this reply. Unscripted requests get a 500.
    loopback_server& then(reply r) {
        std::lock_guard lock(mutex_);
        replies_.push_back(std::move(r));
        return *this;
    }
    loopback_server& then_respond(int status, std::string_view body, header_list headers = {}) {
        return then(reply::respond(status, body, std::move(headers)));
    }
    /// @brief The next connection accepted runs this before reading anything (e.g. hang before a TLS handshake).
    loopback_server& on_accept(reply r) {
        std::lock_guard lock(mutex_);
        accept_replies_.push_back(std::move(r));
        return *this;
    }

    [[nodiscard]] std::size_t accepted() const noexcept { return accepted_.load(); }
    [[nodiscard]] std::vector<received_request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    template <class Stream>
    class session;

    void start() {
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        accept();
        thread_ = std::thread([this] { io_.run(); });
    }

    void accept();  // after session, which it needs complete

    reply next_reply(received_request request) {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
        if (replies_.empty()) return reply::respond(500, "no scripted reply", {{"Connection", "close"}}).close();
        auto r = std::move(replies_.front());
        replies_.pop_front();
        return r;
    }

    asio::io_context io_{1};  // first: destroyed last
    std::optional<asio::ssl::context> tls_;
    asio::ip::tcp::acceptor acceptor_{io_};
    std::vector<std::shared_ptr<void>> sessions_;  // kept alive so that a hanging connection stays open
    std::uint16_t port_ = 0;
    std::atomic<std::size_t> accepted_{0};
    mutable std::mutex mutex_;
    std::deque<reply> replies_;
    std::deque<reply> accept_replies_;
    std::vector<received_request> requests_;
    std::thread thread_;
};

template <class Stream>
class loopback_server::session : public std::enable_shared_from_this<session<Stream>> {
public:
    session(loopback_server& server, Stream stream, std::size_t id)
        : server_(server), stream_(std::move(stream)), timer_(server.io_), id_(id) {}

    void start(std::optional<reply> on_accept) {
        if (on_accept) {
            // Runs before any handshake or read; a reply that ends without closing goes on to serve requests.
            current_ = std::move(*on_accept);
            step_ = 0;
            after_steps_ = [this] { begin(); };
            return run_step();
        }
        begin();
    }

private:
    static constexpr bool is_tls = !std::is_same_v<Stream, asio::ip::tcp::socket>;

    asio::ip::tcp::socket& socket() {
        if constexpr (is_tls) return stream_.next_layer();
        else return stream_;
    }

    void begin() {
        if constexpr (is_tls) {
            stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](std::error_code ec) {
                if (!ec) self->read();
            });
        } else {
            read();
        }
    }

    void read() {
        stream_.async_read_some(asio::buffer(buffer_), [self = this->shared_from_this()](std::error_code ec, std::size_t n) {
            if (ec) return;
            self->pending_.append(self->buffer_.data(), n);
            self->parse();
        });
    }

    void parse() {
        while (!pending_.empty()) {
            auto used = parser_.put(pending_, [this](std::string_view piece) { body_.append(piece); });
            if (!used) {
                std::error_code ignored;
                socket().close(ignored);
                return;
            }
            pending_.erase(0, used.value());
            if (parser_.done()) {
                received_request request{parser_.method(), parser_.target(), parser_.headers(), std::move(body_), id_};
                body_.clear();
                parser_.reset();
                current_ = server_.next_reply(std::move(request));
                step_ = 0;
                after_steps_ = [this] { parse(); };
                return run_step();
            }
        }
        read();
    }

    void run_step() {
        if (step_ == current_.steps().size()) return after_steps_();
        const auto& step = current_.steps()[step_++];
        auto self = this->shared_from_this();
        switch (step.what) {
            case reply::step::kind::send:
                asio::async_write(stream_, asio::buffer(step.bytes), [self](std::error_code ec, std::size_t) {
                    if (!ec) self->run_step();
                });
                return;
            case reply::step::kind::pause:
                timer_.expires_after(step.delay);
                timer_.async_wait([self](std::error_code ec) {
                    if (!ec) self->run_step();
                });
                return;
            case reply::step::kind::reset: {
                std::error_code ignored;
                socket().set_option(asio::socket_base::linger(true, 0), ignored);
                socket().close(ignored);
                return;
            }
            case reply::step::kind::close: {
                std::error_code ignored;
                socket().shutdown(asio::socket_base::shutdown_both, ignored);
                socket().close(ignored);
                return;
            }
            case reply::step::kind::hang: return;
        }
    }

    loopback_server& server_;
    Stream stream_;
    asio::steady_timer timer_;
    std::size_t id_;
    std::array<char, 16 * 1024> buffer_{};
    std::string pending_;
    std::string body_;
    polyllm::detail::http_request_parser parser_;
    reply current_;
    std::size_t step_ = 0;
    std::function<void()> after_steps_;
};

inline void loopback_server::accept() {
    acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec) return;
        const std::size_t id = ++accepted_;
        std::optional<reply> first;
        {
            std::lock_guard lock(mutex_);
            if (!accept_replies_.empty()) {
                first = std::move(accept_replies_.front());
                accept_replies_.pop_front();
            }
        }
        if (tls_) {
            auto s = std::make_shared<session<asio::ssl::stream<asio::ip::tcp::socket>>>(
                *this, asio::ssl::stream<asio::ip::tcp::socket>(std::move(socket), *tls_), id);
            sessions_.push_back(s);
            s->start(std::move(first));
        } else {
            auto s = std::make_shared<session<asio::ip::tcp::socket>>(*this, std::move(socket), id);
            sessions_.push_back(s);
            s->start(std::move(first));
        }
        accept();
    });
}

}  // namespace polyllm_test
