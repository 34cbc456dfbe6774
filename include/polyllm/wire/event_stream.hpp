#pragma once
/// @file
/// @brief The AWS event-stream framing (`application/vnd.amazon.eventstream`, Bedrock's streamed responses), as
/// an incremental parser: bytes in at any split, whole verified messages out. A message is
///
///     total length (u32) | headers length (u32) | prelude CRC32 (u32) | headers | payload | message CRC32 (u32)
///
/// big-endian, each CRC32 (IEEE, as zlib) over every byte before it. A header is a name (u8 length), a type (u8)
/// and a typed value. The prelude is checked as soon as its 12 bytes arrive, so a corrupt or oversized length is
/// refused before the message is buffered. No I/O, no JSON.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief The CRC32 (IEEE 802.3 polynomial, reflected; zlib's `crc32`) of `bytes`, continuing from `crc`.
[[nodiscard]] POLYLLM_DECL std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0) noexcept;

/// @brief A header value's type, as the wire numbers it.
enum class event_stream_type : std::uint8_t {
    bool_true = 0, bool_false = 1, byte = 2, int16 = 3, int32 = 4, int64 = 5,
    byte_array = 6, string = 7, timestamp = 8, uuid = 9,
};

/// @brief One typed header. Integers, booleans and timestamps (milliseconds since the epoch) are in `integer`;
/// byte arrays, strings and UUIDs (16 raw bytes) in `bytes`.
struct event_stream_header {
    std::string name;
    event_stream_type type = event_stream_type::string;
    std::int64_t integer = 0;
    std::string bytes;
};

namespace event_stream_detail {
// The value of the string header `name` among `headers` (owned or viewed), if there is one of string type.
template <class Headers>
[[nodiscard]] std::optional<std::string_view> find_string_header(const Headers& headers,
                                                                 std::string_view name) noexcept {
    for (const auto& h : headers)
        if (h.name == name && h.type == event_stream_type::string) return std::string_view(h.bytes);
    return std::nullopt;
}
}  // namespace event_stream_detail

/// @brief One owned message: what the encoder writes, and what a caller keeps of a message it was handed.
struct event_stream_message {
    std::vector<event_stream_header> headers;
    std::string payload;

    /// @brief The value of the string header `name`, if the message has one of string type.
    [[nodiscard]] std::optional<std::string_view> string_header(std::string_view name) const noexcept {
        return event_stream_detail::find_string_header(headers, name);
    }
};

/// @brief One header of a message being read, viewed in the message's bytes (`bytes` as in event_stream_header).
struct event_stream_header_view {
    std::string_view name;
    event_stream_type type = event_stream_type::string;
    std::int64_t integer = 0;
    std::string_view bytes;
};

/// @brief One verified message as the parser hands it over: views into the bytes fed or the parser's buffer, valid
/// during the call only, so that reading a message copies none of it.
struct event_stream_message_view {
    std::span<const event_stream_header_view> headers;
    std::string_view payload;

    /// @brief The value of the string header `name`, if the message has one of string type.
    [[nodiscard]] std::optional<std::string_view> string_header(std::string_view name) const noexcept {
        return event_stream_detail::find_string_header(headers, name);
    }

    /// @brief A copy that outlives the call.
    [[nodiscard]] POLYLLM_DECL event_stream_message to_message() const;
};

/// @brief Writes one message in the wire format (for the local server and tests).
[[nodiscard]] POLYLLM_DECL std::string encode_event_stream_message(const event_stream_message& message);

/// @brief The incremental parser. Limits: a message of at most `max_message_bytes` (16 MiB by default, Bedrock's
/// own is far smaller) with at most 128 KiB of headers. The first failure is kept and repeated.
///
/// A message that arrives whole in one piece is read where it lies; only one split across pieces is copied, into a
/// buffer that grows to that message's size. Each message's bytes are checksummed once: the CRC of the prelude is
/// the running CRC of the message after its first 8 bytes, so the message CRC continues from the prelude's.
class event_stream_parser {
public:
    static constexpr std::size_t prelude_bytes = 12;
    static constexpr std::size_t max_header_bytes = 128 * 1024;

    explicit event_stream_parser(std::size_t max_message_bytes = 16 * 1024 * 1024)
        : max_message_bytes_(max_message_bytes) {}

    /// @brief Calls `on_message(const event_stream_message_view&)` for each complete message (it returns bool, false
    /// stops, or void); the view is valid during the call only. The result is the failure, if the framing is broken
    /// (`errc::protocol_error`). After a stop, the bytes not yet read wait for the next call.
    template <class OnMessage>
    result<void> feed(std::string_view bytes, OnMessage&& on_message) {
        if (failure_) return *failure_;
        auto deliver = [&](std::string_view whole) -> bool {
            if (!read_message(whole)) return false;
            const event_stream_message_view view{headers_, payload_};
            if constexpr (std::is_void_v<decltype(on_message(view))>) {
                on_message(view);
                return true;
            } else {
                return on_message(view);
            }
        };
        // Moves bytes from the piece into the buffer until it holds `n`; false when the piece ran out first.
        auto fill_to = [&](std::size_t n) {
            if (buffer_.size() >= n) return true;
            const auto take = std::min(n - buffer_.size(), bytes.size());
            buffer_.append(bytes.substr(0, take));
            bytes.remove_prefix(take);
            return buffer_.size() == n;
        };
        // A message begun in an earlier piece (or left after a stop): completed from this one, then read from the
        // buffer. Its prelude is checked as soon as it is whole, however it was split.
        while (!buffer_.empty()) {
            if (buffered_size_ == 0) {
                if (!fill_to(prelude_bytes)) return success();
                buffered_size_ = check_prelude(buffer_);
                if (failure_) return *failure_;
            }
            if (!fill_to(buffered_size_)) return success();
            const bool go_on = deliver(std::string_view(buffer_).substr(0, buffered_size_));
            if (failure_) return *failure_;
            buffer_.erase(0, buffered_size_);  // all of it, but after a stop
            buffered_size_ = 0;
            if (!go_on) {
                buffer_.append(bytes);
                return success();
            }
        }
        // Whole messages straight from the piece, without a copy; the rest waits in the buffer.
        while (bytes.size() >= prelude_bytes) {
            const auto size = check_prelude(bytes);
            if (failure_) return *failure_;
            if (bytes.size() < size) {
                buffered_size_ = size;  // the buffer starts with this message, its prelude checked
                break;
            }
            const bool go_on = deliver(bytes.substr(0, size));
            if (failure_) return *failure_;
            bytes.remove_prefix(size);
            if (!go_on) break;
        }
        buffer_.append(bytes);
        return success();
    }

    /// @brief True when a message has started that has not ended.
    [[nodiscard]] bool has_partial_message() const noexcept { return !buffer_.empty(); }
    [[nodiscard]] const std::optional<error>& failure() const noexcept { return failure_; }

private:
    // The total length the prelude at the start of `bytes` (12 bytes at least) states, once the prelude's CRC and
    // lengths are checked; 0 and the failure recorded when they are broken or over the limits.
    POLYLLM_DECL std::size_t check_prelude(std::string_view bytes);
    // Reads a message whose prelude was checked into headers_ and payload_ (views into `bytes`): false and the
    // failure recorded when its CRC or headers are broken.
    POLYLLM_DECL bool read_message(std::string_view bytes);

    std::size_t max_message_bytes_;
    std::string buffer_;
    std::size_t buffered_size_ = 0;  // the size of the buffered message once its prelude is checked, 0 before
    std::vector<event_stream_header_view> headers_;  // reused from message to message
    std::string_view payload_;
    std::optional<error> failure_;
};

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/event_stream.ipp>
#endif
