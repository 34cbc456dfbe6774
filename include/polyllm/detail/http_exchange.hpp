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
#include <polyllm/detail/impl/http_exchange.ipp>
#endif
