#pragma once
/// @file
/// @brief The timeouts layer as a stream, in the way Beast puts `basic_stream` under the HTTP algorithms: a
/// `timed_stream<Stream>` forwards reads and writes to the stream below it, and
/// - an operation that completes once its request was interrupted (a deadline passed, or it was cancelled) completes
///   with `operation_aborted`, so that no byte which arrived after the stop is acted on;
/// - each read that brought bytes moves the body's idle deadline.
/// It holds references only: the stream and the deadline must outlive its operations.

#include <polyllm/detail/deadline.hpp>
#include <polyllm/version.hpp>

#include <asio/error.hpp>

#include <cstddef>
#include <system_error>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

template <class Stream>
class timed_stream {
public:
    using next_layer_type = Stream;
    using executor_type = typename Stream::executor_type;
    using lowest_layer_type = typename Stream::lowest_layer_type;

    timed_stream(Stream& next, request_deadline& deadline) noexcept : next_(&next), deadline_(&deadline) {}

    [[nodiscard]] executor_type get_executor() noexcept { return next_->get_executor(); }
    [[nodiscard]] Stream& next_layer() noexcept { return *next_; }
    [[nodiscard]] lowest_layer_type& lowest_layer() noexcept { return next_->lowest_layer(); }

    template <class MutableBuffers, class Handler>
    void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        next_->async_read_some(buffers, [deadline = deadline_, handler = std::forward<Handler>(handler)](
                                            std::error_code ec, std::size_t n) mutable {
            if (deadline->interrupted()) ec = asio::error::operation_aborted;
            else if (!ec) deadline->saw_activity();
            std::move(handler)(ec, n);
        });
    }

    template <class ConstBuffers, class Handler>
    void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        next_->async_write_some(buffers, [deadline = deadline_, handler = std::forward<Handler>(handler)](
                                             std::error_code ec, std::size_t n) mutable {
            if (deadline->interrupted()) ec = asio::error::operation_aborted;  // n stays: it says what left
            std::move(handler)(ec, n);
        });
    }

private:
    Stream* next_;
    request_deadline* deadline_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
