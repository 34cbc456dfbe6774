#pragma once
/// @file
/// @brief One request's life on the wire: a pooled connection or a new one (resolve, connect, proxy tunnel, TLS),
/// write and read at once (an early answer such as a 413 arrives while the body is still going out), parse, with a
/// deadline per phase, cancellation, the transparent resend of a request that never left on a stale pooled connection,
/// and the return of a cleanly ended connection to the pool. Not a template: every completion token and
/// data handler shares this code; `asio_transport` adapts the handler.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/http_connection.hpp>
#include <polyllm/detail/http_grammar.hpp>
#include <polyllm/detail/http_parser.hpp>
#include <polyllm/detail/http_serializer.hpp>
#include <polyllm/detail/proxy.hpp>
#include <polyllm/detail/transport_state.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/log.hpp>
#include <polyllm/version.hpp>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <charconv>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief The idle timeout a server announced with `Keep-Alive: timeout=N`, if any.
[[nodiscard]] POLYLLM_DECL std::optional<std::chrono::milliseconds> announced_keep_alive(const http_headers& headers);

class http_exchange : public std::enable_shared_from_this<http_exchange> {
public:
    using clock = std::chrono::steady_clock;
    using completion = unique_function<void(result<http_response>)>;
    using data_handler = unique_function<bool(std::string_view)>;

    /// @brief `on_data` empty: the body is read whole; else a 2xx body is handed to it piece by piece.
    POLYLLM_DECL http_exchange(std::shared_ptr<transport_state> state, http_request request, data_handler on_data,
                               completion done);

    POLYLLM_DECL void start();

    /// @brief From the cancellation slot: closes everything at once; the pending operation then completes the
    /// exchange with `errc::cancelled`.
    void cancel() {
        if (finished_) return;
        cancelled_ = true;
        stop_io();
    }

private:
    enum class phase { connect, tls_handshake, response_headers, body };

    // --- Connection. ---

    const url& hop() const noexcept { return proxy_ ? *proxy_ : target_; }
    POLYLLM_DECL std::string hop_name() const;
    POLYLLM_DECL void connect();
    POLYLLM_DECL void on_resolved(std::error_code ec, const asio::ip::tcp::resolver::results_type& results);
    POLYLLM_DECL void connect_to_endpoints();
    POLYLLM_DECL void on_connected(std::error_code ec);

    // --- Proxy tunnel: CONNECT, then TLS inside it. ---

    POLYLLM_DECL void open_tunnel();
    POLYLLM_DECL void read_tunnel_reply();
    POLYLLM_DECL void on_tunnel_reply(std::error_code ec, std::size_t n);

    // --- TLS. ---

    POLYLLM_DECL void handshake();

    // --- Request and response. ---

    POLYLLM_DECL void send();
    POLYLLM_DECL void on_written(std::error_code ec, std::size_t n);
    POLYLLM_DECL void read();
    POLYLLM_DECL void on_read(std::error_code ec, std::size_t n);
    POLYLLM_DECL void feed(std::string_view bytes);
    POLYLLM_DECL bool on_body(std::string_view piece);
    POLYLLM_DECL void on_headers();
    POLYLLM_DECL void on_message_end(std::size_t leftover);
    POLYLLM_DECL void on_read_error(std::error_code ec);

    // A pooled connection that fails before any response byte was most likely closed by the server while idle. The
    // request is sent again, once, on a new connection, but only when the server cannot have it: not one byte of it
    // was written, or its method is idempotent. A POST that left may have been read, done and billed; its failure
    // goes to the retry policy, which counts it and may refuse it.
    [[nodiscard]] bool can_retry() const noexcept {
        return reused_ && !retried_ && !cancelled_ && !expired_ && received_ == 0 &&
               (!may_have_arrived() || is_idempotent(request_.method));
    }

    // Some of the request may be at the server: its write began and did not end with nothing written.
    [[nodiscard]] bool may_have_arrived() const noexcept { return write_started_ && !(write_ended_ && written_ == 0); }

    [[nodiscard]] static bool is_idempotent(std::string_view method) noexcept {
        return method == "GET" || method == "HEAD" || method == "OPTIONS";
    }

    POLYLLM_DECL void retry();

    // --- Deadlines. ---

    [[nodiscard]] std::optional<std::chrono::milliseconds> phase_limit() const noexcept {
        const auto& t = state_->options.timeouts;
        switch (phase_) {
            case phase::connect: return t.connect;
            case phase::tls_handshake: return t.tls_handshake;
            case phase::response_headers: return t.response_headers;
            case phase::body: return t.body_idle;
        }
        return std::nullopt;
    }

    // The phase's deadline (the body's moves with each read) or the total, whichever comes first.
    [[nodiscard]] std::optional<clock::time_point> current_deadline() const noexcept {
        std::optional<clock::time_point> due = deadline_;
        if (const auto limit = phase_limit()) {
            const auto phase_due = (phase_ == phase::body ? last_activity_ : phase_started_) + *limit;
            if (!due || phase_due < *due) due = phase_due;
        }
        return due;
    }

    POLYLLM_DECL void arm(phase p);
    POLYLLM_DECL void wait_until(clock::time_point due);
    POLYLLM_DECL void on_timer(std::error_code ec, unsigned generation);
    [[nodiscard]] POLYLLM_DECL error timeout_error() const;

    // --- Completion. ---

    [[nodiscard]] POLYLLM_DECL error cancelled_error() const;

    // Every I/O completion starts here: a cancellation or an expired deadline wins over what the operation reported.
    POLYLLM_DECL bool interrupted();
    POLYLLM_DECL void stop_io();
    POLYLLM_DECL void fail(errc code, std::string message);
    POLYLLM_DECL void fail(std::error_code code, std::string message);
    POLYLLM_DECL void fail(error e);

    // A failure found before any I/O: completed later, never inside the initiating call.
    POLYLLM_DECL void fail_soon(error e);
    POLYLLM_DECL void complete(result<http_response> outcome);

    std::shared_ptr<transport_state> state_;
    http_request request_;
    data_handler on_data_;
    completion done_;

    url target_;
    const url* proxy_ = nullptr;
    std::shared_ptr<asio::ssl::context> tls_context_;
    std::string key_;
    std::string wire_;
    std::string connect_wire_;

    std::optional<asio::ip::tcp::resolver> resolver_;
    std::vector<asio::ip::tcp::endpoint> endpoints_;
    std::unique_ptr<http_connection> connection_;
    std::optional<http_response_parser> tunnel_parser_;
    http_response_parser parser_;
    http_response response_;

    asio::steady_timer timer_;
    unsigned timer_generation_ = 0;
    phase phase_ = phase::connect;
    clock::time_point phase_started_{};
    clock::time_point last_activity_{};
    std::optional<clock::time_point> deadline_;
    std::chrono::milliseconds total_{0};

    std::size_t received_ = 0;
    std::size_t written_ = 0;
    std::error_code write_error_;
    std::optional<std::error_code> read_error_;  // the read ended while the write was still going
    bool write_started_ = false;
    bool write_ended_ = false;
    bool reused_ = false;
    bool retried_ = false;
    bool writing_ = false;
    bool headers_seen_ = false;
    bool streaming_ = false;
    bool stopped_ = false;
    bool cancelled_ = false;
    bool expired_ = false;
    bool expired_total_ = false;
    bool finished_ = false;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <asio/connect.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>
#include <asio/ssl/error.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::optional<std::chrono::milliseconds> announced_keep_alive(const http_headers& headers) {
    const auto value = headers.find("keep-alive");
    if (!value) return std::nullopt;
    std::optional<std::chrono::milliseconds> out;
    http_grammar::for_each_list_element(*value, [&](std::string_view parameter) {
        if (!istarts_with(parameter, "timeout=")) return;
        parameter.remove_prefix(8);
        unsigned seconds = 0;
        auto [end, ec] = std::from_chars(parameter.data(), parameter.data() + parameter.size(), seconds);
        if (ec == std::errc{} && end == parameter.data() + parameter.size()) out = std::chrono::seconds(seconds);
    });
    return out;
}

POLYLLM_DECL http_exchange::http_exchange(std::shared_ptr<transport_state> state, http_request request,
                                          data_handler on_data, completion done)
    : state_(std::move(state)),
      request_(std::move(request)),
      on_data_(std::move(on_data)),
      done_(std::move(done)),
      timer_(state_->executor) {}

POLYLLM_DECL void http_exchange::start() {
    const auto now = clock::now();
    if (const auto total = request_.timeout ? request_.timeout : state_->options.timeouts.total) {
        total_ = *total;
        deadline_ = now + *total;
    }
    auto parsed = parse_url(request_.url);
    if (!parsed) return fail_soon(std::move(parsed).error());
    target_ = std::move(parsed).value();
    if (target_.is_https()) {
        const auto& settings = state_->proxy;
        if (settings.problem) return fail_soon(*settings.problem);
        if (settings.proxy && !bypasses_proxy(settings.no_proxy, target_)) proxy_ = &*settings.proxy;
        auto context = state_->tls_context();
        if (!context) return fail_soon(std::move(context).error());
        tls_context_ = std::move(context).value();
    }
    auto wire = serialize_request(request_, target_);
    if (!wire) return fail_soon(std::move(wire).error());
    wire_ = std::move(wire).value();
    std::string().swap(request_.body);  // the wire copy is the one sent, and sent again on a retry
    key_ = target_.scheme + "://" + authority(target_) + (proxy_ ? " via " + authority(*proxy_) : "");
    if (auto pooled = state_->pool.take(key_, now)) {
        connection_ = std::move(pooled);
        reused_ = true;
        return send();
    }
    connect();
}

POLYLLM_DECL std::string http_exchange::hop_name() const {
    return (proxy_ ? "the proxy " : "") + authority(hop());
}

POLYLLM_DECL void http_exchange::connect() {
    reused_ = false;
    connection_ = std::make_unique<http_connection>(state_->executor);
    arm(phase::connect);
    std::error_code not_an_address;
    const auto address = asio::ip::make_address(hop().host, not_an_address);
    if (!not_an_address) {  // an IP literal needs no resolver
        endpoints_.assign(1, asio::ip::tcp::endpoint(address, hop().port));
        return connect_to_endpoints();
    }
    if (!resolver_) resolver_.emplace(state_->executor);
    resolver_->async_resolve(hop().host, std::to_string(hop().port), asio::ip::resolver_base::numeric_service,
                             [self = shared_from_this()](std::error_code ec, asio::ip::tcp::resolver::results_type r) {
                                 self->on_resolved(ec, std::move(r));
                             });
}

POLYLLM_DECL void http_exchange::on_resolved(std::error_code ec,
                                             const asio::ip::tcp::resolver::results_type& results) {
    if (interrupted()) return;
    if (ec) return fail(errc::connection, "cannot resolve " + hop().host + ": " + ec.message());
    endpoints_.clear();
    for (const auto& entry : results) endpoints_.push_back(entry.endpoint());
    connect_to_endpoints();
}

POLYLLM_DECL void http_exchange::connect_to_endpoints() {
    auto self = shared_from_this();
    asio::async_connect(
        connection_->socket(), endpoints_,
        // Checked before each address: once cancelled or expired, no further address is tried.
        [self](const std::error_code&, const asio::ip::tcp::endpoint&) { return !self->cancelled_ && !self->expired_; },
        [self](std::error_code ec, const asio::ip::tcp::endpoint&) { self->on_connected(ec); });
}

POLYLLM_DECL void http_exchange::on_connected(std::error_code ec) {
    if (interrupted()) return;
    if (ec) return fail(errc::connection, "cannot connect to " + hop_name() + ": " + ec.message());
    connection_->socket().set_option(asio::ip::tcp::no_delay(true), ec);
    if (proxy_) return open_tunnel();
    if (target_.is_https()) return handshake();
    send();
}

POLYLLM_DECL void http_exchange::open_tunnel() {
    connect_wire_ = connect_request(target_, *proxy_);
    tunnel_parser_.emplace(http_parser_limits{state_->options.limits.header_bytes, std::uint64_t{64} * 1024});
    tunnel_parser_->set_request_method("CONNECT");
    connection_->async_write(connect_wire_, [self = shared_from_this()](std::error_code ec, std::size_t) {
        if (self->interrupted()) return;
        if (ec) return self->fail(errc::connection, "sending CONNECT to " + self->hop_name() + " failed: " + ec.message());
        self->read_tunnel_reply();
    });
}

POLYLLM_DECL void http_exchange::read_tunnel_reply() {
    connection_->async_read_some([self = shared_from_this()](std::error_code ec, std::size_t n) {
        self->on_tunnel_reply(ec, n);
    });
}

POLYLLM_DECL void http_exchange::on_tunnel_reply(std::error_code ec, std::size_t n) {
    if (interrupted()) return;
    if (ec)
        return fail(errc::connection, hop_name() + " closed the connection before answering CONNECT: " + ec.message());
    auto bytes = connection_->buffer(n);
    while (!bytes.empty() && !tunnel_parser_->done()) {
        auto used = tunnel_parser_->put(bytes, [](std::string_view) {});  // a refusal's body is not needed
        if (!used) return fail(used.error().code, used.error().message + " (from " + hop_name() + ")");
        bytes.remove_prefix(used.value());
        if (tunnel_parser_->header_done() && tunnel_parser_->status() / 100 == 2) break;
    }
    if (!tunnel_parser_->header_done()) return read_tunnel_reply();
    const int status = tunnel_parser_->status();
    if (status / 100 != 2) {
        const auto answer = std::to_string(status) + " " + tunnel_parser_->reason();
        if (status == 407)
            return fail(errc::invalid_config, hop_name() + " requires credentials or rejected them (" + answer +
                                                   "): set them in the proxy URL, http://user:password@host:port");
        return fail(errc::connection, hop_name() + " refused the tunnel to " + authority(target_) + ": " + answer);
    }
    if (!bytes.empty())
        return fail(errc::protocol_error, hop_name() + " sent bytes after its CONNECT answer, before TLS began");
    tunnel_parser_.reset();
    handshake();
}

POLYLLM_DECL void http_exchange::handshake() {
    arm(phase::tls_handshake);
    const bool verify = !state_->options.tls.insecure_skip_verification;
    if (!verify)
        state_->log(log_level::warning, "TLS certificate and host name verification is OFF for " +
                                            authority(target_) +
                                            " (tls_options::insecure_skip_verification): this connection is not "
                                            "authenticated, and anyone on the path can read and change it");
    if (auto ok = connection_->start_tls(*tls_context_, target_, verify); !ok) return fail(std::move(ok).error());
    connection_->async_handshake([self = shared_from_this()](std::error_code ec) {
        if (self->interrupted()) return;
        if (ec) {
            error e{errc::connection, "TLS handshake with " + authority(self->target_) +
                                          " failed: " + describe_tls_failure(ec, self->connection_->ssl())};
            if (tls_failure_is_permanent(ec, self->connection_->ssl())) e.should_retry = false;
            return self->fail(std::move(e));
        }
        self->send();
    });
}

POLYLLM_DECL void http_exchange::send() {
    arm(phase::response_headers);
    writing_ = true;
    write_started_ = true;
    write_ended_ = false;
    written_ = 0;
    write_error_ = {};
    read_error_.reset();
    received_ = 0;
    headers_seen_ = false;
    response_ = {};
    parser_ = http_response_parser(
        http_parser_limits{state_->options.limits.header_bytes, state_->options.limits.body_bytes});
    parser_.set_request_method(request_.method);
    connection_->async_write(wire_, [self = shared_from_this()](std::error_code ec, std::size_t n) {
        self->on_written(ec, n);
    });
    // Reading starts with writing: a server may answer before it has read the whole body (a 413 for a prompt it
    // will not take) and then close, and that answer, not the broken write, is what the caller needs.
    read();
}

POLYLLM_DECL void http_exchange::on_written(std::error_code ec, std::size_t n) {
    write_ended_ = true;
    written_ = n;
    if (interrupted()) return;
    writing_ = false;
    if (read_error_) return on_read_error(*read_error_);  // the read ended first: now both outcomes are known
    // A failed write leaves the read going: what the server said before it closed is still to come.
    if (ec) write_error_ = ec;
}

POLYLLM_DECL void http_exchange::read() {
    connection_->async_read_some([self = shared_from_this()](std::error_code ec, std::size_t n) {
        self->on_read(ec, n);
    });
}

POLYLLM_DECL void http_exchange::on_read(std::error_code ec, std::size_t n) {
    if (interrupted()) return;
    if (ec) return on_read_error(ec);
    received_ += n;
    last_activity_ = clock::now();
    feed(connection_->buffer(n));
}

POLYLLM_DECL void http_exchange::feed(std::string_view bytes) {
    while (!bytes.empty()) {
        auto used = parser_.put(bytes, [this](std::string_view piece) { return on_body(piece); });
        if (cancelled_) return complete(cancelled_error());  // on_data may have cancelled the operation
        if (!used) return fail(used.error().code, used.error().message + " (from " + authority(target_) + ")");
        if (used.value() == 0 && !parser_.done() && !stopped_)
            return fail(errc::protocol_error, "the HTTP parser made no progress");  // a bug, never a hang
        bytes.remove_prefix(used.value());
        if (!headers_seen_ && parser_.header_done()) on_headers();
        if (stopped_) {
            connection_->close();  // unread bytes would make the connection unusable
            return complete(std::move(response_));
        }
        if (parser_.done()) return on_message_end(bytes.size());
    }
    read();
}

POLYLLM_DECL bool http_exchange::on_body(std::string_view piece) {
    if (!streaming_) {
        response_.body.append(piece);
        return true;
    }
    if (on_data_(piece)) return true;
    stopped_ = true;
    return false;
}

POLYLLM_DECL void http_exchange::on_headers() {
    headers_seen_ = true;
    response_.status = parser_.status();
    response_.reason = parser_.reason();
    response_.headers = parser_.release_headers();
    streaming_ = on_data_ && streams_body(response_.status, response_.headers);
    if (streaming_) parser_.set_body_limit(std::nullopt);  // the consumer keeps what it needs
    else if (const auto length = parser_.content_length(); length && *length <= state_->options.limits.body_bytes)
        response_.body.reserve(static_cast<std::size_t>(*length));
    arm(phase::body);
}

POLYLLM_DECL void http_exchange::on_message_end(std::size_t leftover) {
    // Reusable only when the response ended exactly where its framing said, the server allows it, and the request
    // was written whole (an early answer leaves the rest of the body unsent: the connection is out of step).
    if (parser_.keep_alive() && leftover == 0 && !writing_ && !write_error_) {
        state_->pool.give_back(key_, std::move(connection_), clock::now(), announced_keep_alive(response_.headers));
    } else {
        connection_->close();
    }
    complete(std::move(response_));
}

POLYLLM_DECL void http_exchange::on_read_error(std::error_code ec) {
    if (writing_) {
        // How much of the request left decides between a resend and an error: stop the write and let its
        // completion, which says how many bytes went, finish the exchange. Nothing is left to read.
        read_error_ = ec;
        connection_->close();
        return;
    }
    if (can_retry()) return retry();
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        auto ended = parser_.put_eof();
        if (!ended) {
            auto e = std::move(ended).error();
            return fail(e.code, e.message + " (from " + authority(target_) + ")");
        }
        if (!headers_seen_ && parser_.header_done()) on_headers();
        connection_->close();
        return complete(std::move(response_));
    }
    if (!headers_seen_) {
        if (write_error_)
            return fail(errc::connection, "sending the request to " + authority(target_) +
                                              " failed: " + write_error_.message());
        return fail(errc::connection, "the connection to " + authority(target_) +
                                          " failed before the response headers arrived: " + ec.message());
    }
    fail(errc::connection, "the connection to " + authority(target_) + " failed after " +
                               std::to_string(parser_.body_size()) + " body bytes: " + ec.message());
}

POLYLLM_DECL void http_exchange::retry() {
    retried_ = true;
    state_->log(log_level::debug, "the idle connection to " + authority(target_) + " was closed by the server " +
                                      (may_have_arrived() ? "after the (idempotent) request was written"
                                                          : "before any of the request was written") +
                                      "; sending it again on a new connection");
    write_started_ = false;
    connection_->close();
    connect();
}

POLYLLM_DECL void http_exchange::arm(phase p) {
    phase_ = p;
    phase_started_ = last_activity_ = clock::now();
    ++timer_generation_;
    const auto due = current_deadline();
    if (!due) {
        timer_.cancel();
        return;
    }
    wait_until(*due);
}

POLYLLM_DECL void http_exchange::wait_until(clock::time_point due) {
    timer_.expires_at(due);
    timer_.async_wait([self = shared_from_this(), generation = timer_generation_](std::error_code ec) {
        self->on_timer(ec, generation);
    });
}

POLYLLM_DECL void http_exchange::on_timer(std::error_code ec, unsigned generation) {
    if (ec || finished_ || generation != timer_generation_) return;
    const auto now = clock::now();
    const auto due = current_deadline();
    if (due && now < *due) return wait_until(*due);  // the body phase moved its deadline with each read
    expired_ = true;
    expired_total_ = deadline_ && now >= *deadline_;
    stop_io();
}

POLYLLM_DECL error http_exchange::timeout_error() const {
    const auto ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; };
    const auto limit = phase_limit().value_or(std::chrono::milliseconds::zero());
    std::string where;
    std::string message;
    switch (phase_) {
        case phase::connect:
            where = "while connecting to " + hop_name();
            message = "connect timeout: no connection to " + hop_name() + " within " + ms(limit);
            break;
        case phase::tls_handshake:
            where = "during the TLS handshake with " + authority(target_);
            message = "TLS handshake timeout: the handshake with " + authority(target_) + " took longer than " +
                      ms(limit);
            break;
        case phase::response_headers:
            where = writing_ ? "while sending the request to " + authority(target_)
                             : "while waiting for the response headers from " + authority(target_);
            message = "response headers timeout: " + authority(target_) +
                      (writing_ ? " did not take the request" : " sent no complete response headers") + " within " +
                      ms(limit) + " of the request";
            break;
        case phase::body:
            where = "while reading the response body from " + authority(target_);
            message = "body idle timeout: " + authority(target_) + " sent no body bytes for " + ms(limit) +
                      " (after " + std::to_string(parser_.body_size()) + " body bytes)";
            break;
    }
    if (expired_total_) message = "total timeout: the request took longer than " + ms(total_) + " (" + where + ")";
    return error{errc::timeout, std::move(message)};
}

POLYLLM_DECL error http_exchange::cancelled_error() const {
    return error{errc::cancelled, "the request to " + authority(target_) + " was cancelled"};
}

POLYLLM_DECL bool http_exchange::interrupted() {
    if (finished_) return true;
    if (cancelled_) {
        complete(cancelled_error());
        return true;
    }
    if (expired_) {
        complete(timeout_error());
        return true;
    }
    return false;
}

POLYLLM_DECL void http_exchange::stop_io() {
    timer_.cancel();
    if (resolver_) resolver_->cancel();
    if (connection_) connection_->close();
}

POLYLLM_DECL void http_exchange::fail(errc code, std::string message) {
    complete(error{code, std::move(message)});
}

POLYLLM_DECL void http_exchange::fail(std::error_code code, std::string message) {
    complete(error{code, std::move(message)});
}

POLYLLM_DECL void http_exchange::fail(error e) {
    complete(std::move(e));
}

POLYLLM_DECL void http_exchange::fail_soon(error e) {
    asio::post(state_->executor, [self = shared_from_this(), e = std::move(e)]() mutable { self->complete(std::move(e)); });
}

POLYLLM_DECL void http_exchange::complete(result<http_response> outcome) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    if (resolver_) resolver_->cancel();
    if (!outcome && connection_) connection_->close();
    if (!outcome && outcome.error().kind() != errc::cancelled && parser_.status() != 0) {
        // The server began to answer, so it has taken (and may bill) the request: sending it again could do
        // the work twice. The error keeps the status that arrived.
        auto& e = outcome.error();
        if (e.http_status == 0) e.http_status = parser_.status();
        if (!e.should_retry) e.should_retry = false;
    }
    if (!outcome && outcome.error().kind() != errc::cancelled && may_have_arrived()) {
        // The retry policy decides whether to send it again, knowing that this one may have been done and billed.
        auto& e = outcome.error();
        e.request_sent = true;
        if (e.kind() == errc::connection && parser_.status() == 0)
            e.message += " (the request had been sent: the server may have received it)";
    }
    auto done = std::move(done_);
    done(std::move(outcome));
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
