#pragma once
/// @file
/// @brief One request and its response over a connected stream: write the serialized request and read at once (an
/// early answer such as a 413 arrives while the body is still going out), parse, and hand a 2xx body to a consumer
/// as it arrives. Two parts, in the way Beast splits `basic_parser` from `http::async_read`:
/// - `http_exchange`, what happened so far and what it means, with no I/O: fed the completions of the write and of
///   each read, it decides the response or the error, and whether the connection can carry another request;
/// - `async_exchange(stream, ...)`, the composed operation that does the I/O over any stream with Asio's
///   `async_read_some`/`async_write_some` and `lowest_layer().close(ec)`: a TCP socket, an `ssl::stream`, a
///   `timed_stream` over either, or an in-memory stream in a test.
/// Connecting, deadlines, cancellation and the connection pool are other layers' work.

#include <polyllm/detail/http_parser.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <asio/buffer.hpp>
#include <asio/write.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief What to send, and how to read the answer.
struct exchange_request {
    std::string_view wire;    ///< the serialized request; must outlive the exchange
    std::string_view method;  ///< the request's method (a HEAD response has no body)
    std::string_view peer;    ///< "host:port", for messages; must outlive the exchange
    http_parser_limits limits;
};

class http_exchange {
public:
    /// @brief Gets a 2xx body piece by piece; returning false stops reading (the exchange then succeeds).
    using data_handler = unique_function<bool(std::string_view)>;
    /// @brief Told when the response headers are complete (the body's idle deadline begins).
    using headers_handler = unique_function<void()>;

    /// @brief `on_data` (the caller's, which must outlive the exchange; it is kept for a resend) null or empty: the
    /// body is read whole into the response.
    POLYLLM_DECL http_exchange(exchange_request request, data_handler* on_data = nullptr,
                               headers_handler on_headers = {});

    // --- Driven by the I/O: each returns whether another read is wanted. ---

    [[nodiscard]] std::string_view wire() const noexcept { return request_.wire; }
    /// @brief The write began; reading begins with it.
    POLYLLM_DECL void write_started() noexcept;
    POLYLLM_DECL void written(std::error_code ec, std::size_t n);
    [[nodiscard]] POLYLLM_DECL bool received(std::string_view bytes);
    [[nodiscard]] POLYLLM_DECL bool read_failed(std::error_code ec);
    /// @brief A deadline or a cancellation stopped the exchange: no body piece goes to the consumer after this, and
    /// a write still going may have delivered bytes, whatever its completion will say.
    void interrupted() noexcept {
        pending_at_end_ = pending_at_end_ || writing_;
        interrupted_ = true;
    }

    // --- What happened. ---

    /// @brief The response or the error is decided (a read error that came while writing waits for the write).
    [[nodiscard]] bool finished() const noexcept { return finished_; }
    [[nodiscard]] bool writing() const noexcept { return writing_; }
    /// @brief The connection can carry another request: the response ended exactly where its framing said, the
    /// server allows it, and the request was written whole (an early answer leaves the rest unsent).
    [[nodiscard]] bool reusable() const noexcept { return reusable_; }
    /// @brief The connection ended (a read error or the end of the stream) before one byte of the response: what
    /// a pooled connection that the server closed while idle does.
    [[nodiscard]] bool lost_before_response() const noexcept { return lost_before_response_; }
    /// @brief Some of the request may be at the server: its write began and did not end with nothing written.
    [[nodiscard]] bool may_have_arrived() const noexcept {
        return write_started_ && (!write_ended_ || written_ != 0 || pending_at_end_);
    }
    /// @brief The status line's code once it arrived, else 0.
    [[nodiscard]] int status() const noexcept { return parser_.status(); }
    [[nodiscard]] std::uint64_t body_bytes() const noexcept { return parser_.body_size(); }

    /// @brief The outcome, once `finished()` (the response is moved out, once).
    [[nodiscard]] result<http_response> take_result() {
        if (failure_) return std::move(*failure_);
        return std::move(response_);
    }

    /// @brief Writes onto an error of this request what the server may have of it: the status that arrived (it
    /// began to answer, so it has taken the request), and `request_sent` when some of the request left.
    POLYLLM_DECL void note_delivery(error& e) const;

private:
    POLYLLM_DECL bool on_body(std::string_view piece);
    POLYLLM_DECL void on_headers();
    POLYLLM_DECL void on_read_error(std::error_code ec);
    POLYLLM_DECL void finish();
    POLYLLM_DECL void finish(error failure);
    POLYLLM_DECL void fail(errc code, std::string message);
    POLYLLM_DECL void fail(std::error_code code, std::string message);

    exchange_request request_;
    data_handler* on_data_;
    headers_handler on_headers_;
    http_response_parser parser_;
    http_response response_;
    std::optional<error> failure_;

    std::size_t received_ = 0;
    std::size_t written_ = 0;
    std::error_code write_error_;
    std::optional<std::error_code> read_error_;  // the read ended while the write was still going
    bool write_started_ = false;
    bool write_ended_ = false;
    bool pending_at_end_ = false;  // the outcome came while the write was still going
    bool writing_ = false;
    bool headers_seen_ = false;
    bool streaming_ = false;
    bool stopped_ = false;
    bool reusable_ = false;
    bool lost_before_response_ = false;
    bool finished_ = false;
    bool interrupted_ = false;
};

/// @brief Closes a stream at once, so that its pending operations complete (`operation_aborted`).
template <class Stream>
void close_stream(Stream& stream) noexcept {
    std::error_code ignored;
    stream.lowest_layer().close(ignored);
}

// The composed operation: one write and a chain of reads, completing only when neither is pending (so that the
// stream, the buffer and the exchange, all the caller's, are no longer used). A stream that is not reusable once
// the response is decided is closed, which also ends a write still going.
template <class Stream, class Done>
class exchange_operation : public std::enable_shared_from_this<exchange_operation<Stream, Done>> {
public:
    exchange_operation(Stream&& stream, std::span<char> buffer, http_exchange& exchange, Done&& done)
        : stream_(std::forward<Stream>(stream)), buffer_(buffer), exchange_(exchange), done_(std::move(done)) {}

    void start() {
        exchange_.write_started();
        asio::async_write(stream_, asio::buffer(exchange_.wire().data(), exchange_.wire().size()),
                          [self = this->shared_from_this()](std::error_code ec, std::size_t n) {
                              self->exchange_.written(ec, n);
                              self->finish_when_idle();
                          });
        read();
    }

private:
    void read() {
        reading_ = true;
        stream_.async_read_some(asio::buffer(buffer_.data(), buffer_.size()),
                                [self = this->shared_from_this()](std::error_code ec, std::size_t n) {
                                    self->on_read(ec, n);
                                });
    }

    void on_read(std::error_code ec, std::size_t n) {
        reading_ = false;
        const bool more = ec ? exchange_.read_failed(ec) : exchange_.received({buffer_.data(), n});
        if (more) return read();
        if (!exchange_.reusable()) close_stream(stream_);
        finish_when_idle();
    }

    void finish_when_idle() {
        if (reading_ || exchange_.writing() || completed_) return;
        completed_ = true;
        done_();
    }

    Stream stream_;  // a reference to a socket, or a layer such as `timed_stream` held by value
    std::span<char> buffer_;
    http_exchange& exchange_;
    Done done_;
    bool reading_ = false;
    bool completed_ = false;
};

/// @brief Runs `exchange` over `stream` (an lvalue is used by reference, an rvalue layer is kept), reading into
/// `buffer`; `done()` is called when the exchange is `finished()` and no operation is pending. `stream`, `buffer`
/// and `exchange` must outlive the operation.
template <class Stream, class Done>
    requires std::is_invocable_v<std::decay_t<Done>&>
void async_exchange(Stream&& stream, std::span<char> buffer, http_exchange& exchange, Done&& done) {
    using operation = exchange_operation<Stream, std::decay_t<Done>>;
    std::make_shared<operation>(std::forward<Stream>(stream), buffer, exchange,
                                std::decay_t<Done>(std::forward<Done>(done)))
        ->start();
}

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <asio/error.hpp>
#include <asio/ssl/error.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL http_exchange::http_exchange(exchange_request request, data_handler* on_data, headers_handler on_headers)
    : request_(std::move(request)),
      on_data_(on_data && *on_data ? on_data : nullptr),
      on_headers_(std::move(on_headers)),
      parser_(request_.limits) {
    parser_.set_request_method(request_.method);
}

POLYLLM_DECL void http_exchange::write_started() noexcept {
    writing_ = true;
    write_started_ = true;
}

POLYLLM_DECL void http_exchange::written(std::error_code ec, std::size_t n) {
    write_ended_ = true;
    written_ = n;
    writing_ = false;
    if (finished()) return;
    if (read_error_) return on_read_error(*read_error_);  // the read ended first: now both outcomes are known
    // A failed write leaves the read going: what the server said before it closed is still to come.
    if (ec) write_error_ = ec;
}

POLYLLM_DECL bool http_exchange::received(std::string_view bytes) {
    received_ += bytes.size();
    while (!bytes.empty()) {
        auto used = parser_.put(bytes, [this](std::string_view piece) { return on_body(piece); });
        if (!used) {
            fail(used.error().code, used.error().message + " (from " + std::string(request_.peer) + ")");
            return false;
        }
        if (used.value() == 0 && !parser_.done() && !stopped_) {
            fail(errc::protocol_error, "the HTTP parser made no progress");  // a bug, never a hang
            return false;
        }
        bytes.remove_prefix(used.value());
        if (!headers_seen_ && parser_.header_done()) on_headers();
        if (stopped_) {  // unread bytes make the connection unusable: it is not reused
            finish();
            return false;
        }
        if (parser_.done()) {
            reusable_ = parser_.keep_alive() && bytes.empty() && !writing_ && !write_error_;
            finish();
            return false;
        }
    }
    return true;
}

POLYLLM_DECL bool http_exchange::read_failed(std::error_code ec) {
    on_read_error(ec);
    return false;
}

POLYLLM_DECL bool http_exchange::on_body(std::string_view piece) {
    if (!streaming_) {
        response_.body.append(piece);
        return true;
    }
    if ((*on_data_)(piece) && !interrupted_) return true;  // a consumer that cancelled the request stops it here
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
    else if (const auto length = parser_.content_length();
             length && (!request_.limits.body_bytes || *length <= *request_.limits.body_bytes))
        response_.body.reserve(static_cast<std::size_t>(*length));
    if (on_headers_) on_headers_();
}

POLYLLM_DECL void http_exchange::on_read_error(std::error_code ec) {
    if (writing_) {
        // How much of the request left decides between a resend and an error: the caller stops the write (the
        // stream is not reusable), and its completion, which says how many bytes went, finishes the exchange.
        read_error_ = ec;
        return;
    }
    lost_before_response_ = received_ == 0;
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        auto ended = parser_.put_eof();
        if (!ended) {
            auto e = std::move(ended).error();
            return fail(e.code, e.message + " (from " + std::string(request_.peer) + ")");
        }
        if (!headers_seen_ && parser_.header_done()) on_headers();
        return finish();
    }
    if (!headers_seen_) {
        if (write_error_)
            return fail(errc::connection,
                        "sending the request to " + std::string(request_.peer) + " failed: " + write_error_.message());
        return fail(errc::connection, "the connection to " + std::string(request_.peer) +
                                          " failed before the response headers arrived: " + ec.message());
    }
    fail(errc::connection, "the connection to " + std::string(request_.peer) + " failed after " +
                               std::to_string(parser_.body_size()) + " body bytes: " + ec.message());
}

POLYLLM_DECL void http_exchange::fail(errc code, std::string message) {
    finish(error{code, std::move(message)});
}

POLYLLM_DECL void http_exchange::fail(std::error_code code, std::string message) {
    finish(error{code, std::move(message)});
}

POLYLLM_DECL void http_exchange::finish() {
    if (finished_) return;
    finished_ = true;
    pending_at_end_ = writing_;
}

POLYLLM_DECL void http_exchange::finish(error failure) {
    if (finished_) return;
    finish();
    failure_.emplace(std::move(failure));
}

POLYLLM_DECL void http_exchange::note_delivery(error& e) const {
    if (parser_.status() != 0) {
        // The server began to answer, so it has taken (and may bill) the request: sending it again could do
        // the work twice. The error keeps the status that arrived.
        if (e.http_status == 0) e.http_status = parser_.status();
        if (e.verdict == retry_verdict::unspecified) e.verdict = retry_verdict::no;
    }
    if (may_have_arrived()) {
        // The retry policy decides whether to send it again, knowing that this one may have been done and billed.
        e.request_sent = true;
        if (e.kind() == errc::connection && parser_.status() == 0)
            e.message += " (the request had been sent: the server may have received it)";
    }
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
