#pragma once
// An in-memory stream for testing code written against Asio's AsyncReadStream and AsyncWriteStream, without sockets:
// reads deliver a scripted byte string in the pieces the test chose (never more than one piece per read, never
// more than the reader's buffer), then end as the script says (end of stream, an error, or a wait that only
// close() ends); writes are captured, up to a chosen number of bytes, after which they fail or wait. Every
// completion is posted to the executor, as a socket's would be.

#include <polyllm/detail/unique_function.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace polyllm_test {

class memory_stream {
public:
    using executor_type = asio::any_io_executor;
    using lowest_layer_type = memory_stream;
    using handler_type = polyllm::detail::unique_function<void(std::error_code, std::size_t)>;

    explicit memory_stream(executor_type executor) : executor_(std::move(executor)) {}

    // --- The script. ---

    /// Reads deliver these pieces, each in as many reads as the reader's buffer needs.
    void deliver(std::vector<std::string> pieces) { pieces_ = std::move(pieces); }
    /// `bytes` cut into pieces of `size` (the last one shorter).
    void deliver_in_pieces(std::string_view bytes, std::size_t size) {
        pieces_.clear();
        for (std::size_t at = 0; at < bytes.size(); at += size) pieces_.emplace_back(bytes.substr(at, size));
    }
    /// After the pieces, a read completes with `ec` (end of stream by default).
    void end_with(std::error_code ec) { end_ = ec; }
    /// After the pieces, a read waits until close().
    void hang_at_end() { end_.reset(); }
    /// Writes take `limit` bytes in all; a write after that fails with `then`, or waits until close() when `then`
    /// is empty.
    void accept_writes(std::size_t limit, std::optional<std::error_code> then = std::nullopt) {
        write_limit_ = limit;
        write_failure_ = then;
    }

    // --- What happened. ---

    [[nodiscard]] const std::string& written() const noexcept { return written_; }
    [[nodiscard]] bool closed() const noexcept { return closed_; }
    [[nodiscard]] std::size_t reads() const noexcept { return reads_; }

    // --- The stream. ---

    executor_type get_executor() const noexcept { return executor_; }
    lowest_layer_type& lowest_layer() noexcept { return *this; }

    /// Pending operations complete with `operation_aborted`; later ones fail with `bad_descriptor`.
    void close(std::error_code& ec) {
        ec = {};
        closed_ = true;
        if (pending_read_) complete(std::move(*pending_read_), asio::error::operation_aborted, 0);
        if (pending_write_) complete(std::move(*pending_write_), asio::error::operation_aborted, 0);
        pending_read_.reset();
        pending_write_.reset();
    }

    template <class MutableBuffers, class Handler>
    void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        ++reads_;
        if (closed_) return complete(std::forward<Handler>(handler), asio::error::bad_descriptor, 0);
        while (next_ < pieces_.size() && offset_ == pieces_[next_].size()) {
            ++next_;
            offset_ = 0;
        }
        if (next_ < pieces_.size()) {
            const auto& piece = pieces_[next_];
            const auto n = asio::buffer_copy(buffers, asio::buffer(piece.data() + offset_, piece.size() - offset_));
            offset_ += n;
            return complete(std::forward<Handler>(handler), std::error_code{}, n);
        }
        if (end_) return complete(std::forward<Handler>(handler), *end_, 0);
        pending_read_.emplace(std::forward<Handler>(handler));
    }

    template <class ConstBuffers, class Handler>
    void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        if (closed_) return complete(std::forward<Handler>(handler), asio::error::bad_descriptor, 0);
        const auto room = write_limit_ - std::min(write_limit_, written_.size());
        const auto n = std::min(room, asio::buffer_size(buffers));
        if (n > 0) {
            const auto at = written_.size();
            written_.resize(at + n);
            asio::buffer_copy(asio::buffer(written_.data() + at, n), buffers);
            return complete(std::forward<Handler>(handler), std::error_code{}, n);
        }
        if (write_failure_) return complete(std::forward<Handler>(handler), *write_failure_, 0);
        pending_write_.emplace(std::forward<Handler>(handler));
    }

private:
    template <class Handler>
    void complete(Handler&& handler, std::error_code ec, std::size_t n) {
        asio::post(executor_, [handler = handler_type(std::forward<Handler>(handler)), ec, n]() mutable {
            handler(ec, n);
        });
    }

    executor_type executor_;
    std::vector<std::string> pieces_;
    std::size_t next_ = 0;
    std::size_t offset_ = 0;
    std::optional<std::error_code> end_ = asio::error::eof;
    std::size_t write_limit_ = std::numeric_limits<std::size_t>::max();
    std::optional<std::error_code> write_failure_;
    std::optional<handler_type> pending_read_;
    std::optional<handler_type> pending_write_;
    std::string written_;
    bool closed_ = false;
    std::size_t reads_ = 0;
};

}  // namespace polyllm_test
