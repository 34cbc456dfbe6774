#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_server.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_server.hpp>

#include <asio/buffer.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

namespace detail {

[[nodiscard]] inline std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200: return "OK";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 529: return "Overloaded";
        default: return status < 400 ? "OK" : "Error";
    }
}

/// One chunk of a chunked body.
inline void append_chunk(std::string& out, std::string_view data) {
    char size[20];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    out.append(size, std::size_t(n)).append(data).append("\r\n");
}

}  // namespace detail

POLYLLM_DECL local_server::local_server(asio::any_io_executor executor, local_server_options options)
    : executor_(std::move(executor)),
      acceptor_(executor_),
      responder_(std::make_shared<local_responder>(std::move(options))) {}

POLYLLM_DECL local_server::~local_server() { stop(); }

POLYLLM_DECL result<std::uint16_t> local_server::listen() {
    const auto& opts = responder_->options();
    std::error_code ec;
    const auto address = asio::ip::make_address(opts.host, ec);
    if (ec) return error{errc::invalid_config, "not an IP address: \"" + opts.host + "\""};
    const asio::ip::tcp::endpoint endpoint(address, opts.port);
    if (acceptor_.open(endpoint.protocol(), ec); !ec)
        if (acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec); !ec)
            if (acceptor_.bind(endpoint, ec); !ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::error_code ignored;
        acceptor_.close(ignored);
        return error{ec, "cannot listen on " + opts.host + ":" + std::to_string(opts.port) + ": " + ec.message()};
    }
    accept();
    return port();
}

POLYLLM_DECL std::uint16_t local_server::port() const {
    std::error_code ec;
    return acceptor_.local_endpoint(ec).port();
}

/// One client connection: read a request, answer it (stalling, pacing and dropping as planned), and go on reading
/// while the client keeps the connection alive.
class local_server::connection : public std::enable_shared_from_this<connection> {
public:
    connection(asio::ip::tcp::socket socket, std::shared_ptr<local_responder> responder)
        : socket_(std::move(socket)), timer_(socket_.get_executor()), responder_(std::move(responder)) {}

    void start() { read(); }

    void close() {
        std::error_code ec;
        timer_.cancel();
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        socket_.close(ec);
    }

private:
    void read() {
        socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](std::error_code ec, std::size_t n) {
            if (ec) return self->close();
            self->pending_.append(self->buffer_.data(), n);
            self->process();
        });
    }

    // Parses what has arrived; answers a complete request, or reads on.
    void process() {
        while (!parser_.done() && !pending_.empty()) {
            auto used = parser_.put(pending_, [this](std::string_view piece) { body_.append(piece); });
            if (!used) {
                keep_alive_ = false;
                plan_ = local_responder::bad_http(used.error().message);
                return send_head();
            }
            pending_.erase(0, used.value());
            if (used.value() == 0 && !parser_.done()) break;
        }
        if (!parser_.done()) {
            // curl and others wait for this before sending a large body.
            if (parser_.header_done() && !continue_sent_ &&
                polyllm::detail::iequals(parser_.headers().value_or_empty("expect"), "100-continue")) {
                continue_sent_ = true;
                return write("HTTP/1.1 100 Continue\r\n\r\n", finish::read_on);
            }
            return read();
        }
        continue_sent_ = false;
        server_request req{parser_.method(), parser_.target(), parser_.release_headers(), std::move(body_)};
        keep_alive_ = parser_.keep_alive();
        parser_.reset();
        body_.clear();
        plan_ = responder_->respond(req);
        if (plan_.stall.count() > 0) {
            timer_.expires_after(plan_.stall);
            return timer_.async_wait([self = shared_from_this()](std::error_code ec) {
                if (!ec) self->send_head();
            });
        }
        send_head();
    }

    void send_head() {
        std::string out = "HTTP/1.1 " + std::to_string(plan_.status) + " " +
                          std::string(detail::reason_phrase(plan_.status)) + "\r\n";
        for (const auto& [name, value] : plan_.headers) out += name + ": " + value + "\r\n";
        out += keep_alive_ ? "connection: keep-alive\r\n" : "connection: close\r\n";
        if (!plan_.streamed) {
            out += "content-length: " + std::to_string(plan_.body.size()) + "\r\n\r\n";
            if (plan_.drop_midway) {
                out.append(plan_.body, 0, plan_.body.size() / 2);
                return write(std::move(out), finish::drop);
            }
            out += plan_.body;
            return write(std::move(out), finish::done);
        }
        out += "transfer-encoding: chunked\r\n\r\n";
        next_event_ = 0;
        last_event_ = plan_.drop_midway ? std::max<std::size_t>(1, plan_.events.size() / 2) : plan_.events.size();
        if (plan_.event_delay.count() == 0) {  // nothing to pace: one write for the whole stream
            for (; next_event_ < last_event_; ++next_event_) detail::append_chunk(out, plan_.events[next_event_]);
            if (!plan_.drop_midway) out += "0\r\n\r\n";
            return write(std::move(out), plan_.drop_midway ? finish::drop : finish::done);
        }
        write(std::move(out), finish::more_events);
    }

    void send_event() {
        if (next_event_ == last_event_) {
            if (plan_.drop_midway) return close();
            return write("0\r\n\r\n", finish::done);
        }
        timer_.expires_after(plan_.event_delay);
        timer_.async_wait([self = shared_from_this()](std::error_code ec) {
            if (ec) return;
            std::string out;
            detail::append_chunk(out, self->plan_.events[self->next_event_++]);
            self->write(std::move(out), finish::more_events);
        });
    }

    enum class finish { more_events, done, drop, read_on };

    void write(std::string bytes, finish then) {
        out_ = std::move(bytes);
        asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), then](std::error_code ec, std::size_t) {
            if (ec) return self->close();
            switch (then) {
                case finish::more_events: return self->send_event();
                case finish::drop: return self->close();
                case finish::read_on: return self->read();
                case finish::done:
                    if (!self->keep_alive_) return self->close();
                    return self->process();
            }
        });
    }

    asio::ip::tcp::socket socket_;
    asio::steady_timer timer_;
    std::shared_ptr<local_responder> responder_;
    std::array<char, 16 * 1024> buffer_{};
    std::string pending_;  // read, not yet parsed: may hold the next pipelined request
    std::string body_;
    std::string out_;
    polyllm::detail::http_request_parser parser_;
    bool keep_alive_ = true;
    bool continue_sent_ = false;
    planned_response plan_;
    std::size_t next_event_ = 0;
    std::size_t last_event_ = 0;
};

POLYLLM_DECL void local_server::stop() {
    std::error_code ec;
    acceptor_.close(ec);
    for (auto& weak : connections_)
        if (auto c = weak.lock()) c->close();
    connections_.clear();
}

POLYLLM_DECL void local_server::accept() {
    acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec) return;  // closed by stop(), or the process is out of descriptors
        socket.set_option(asio::ip::tcp::no_delay(true), ec);
        auto c = std::make_shared<connection>(std::move(socket), responder_);
        std::erase_if(connections_, [](const auto& w) { return w.expired(); });
        connections_.push_back(c);
        c->start();
        accept();
    });
}

POLYLLM_DECL result<std::unique_ptr<local_server_thread>> local_server_thread::start(local_server_options options) {
    std::unique_ptr<local_server_thread> t(new local_server_thread(std::move(options)));
    auto port = t->server_.listen();
    if (!port) return std::move(port).error();
    t->port_ = port.value();
    t->thread_ = std::thread([io = &t->io_] { io->run(); });
    return t;
}

POLYLLM_DECL local_server_thread::~local_server_thread() {
    if (thread_.joinable()) {
        asio::post(io_, [this] {
            server_.stop();
            work_.reset();
        });
        thread_.join();
    }
}

POLYLLM_DECL std::string local_server_thread::openai_base_url() const { return anthropic_base_url() + "/v1"; }

POLYLLM_DECL std::string local_server_thread::anthropic_base_url() const {
    return "http://" + server_.responder().options().host + ":" + std::to_string(port_);
}

POLYLLM_DECL local_server_thread::local_server_thread(local_server_options options)
    : server_(io_.get_executor(), std::move(options)) {}

}  // namespace testing
POLYLLM_NAMESPACE_END
