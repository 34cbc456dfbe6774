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

/// @brief One verified message.
struct event_stream_message {
    std::vector<event_stream_header> headers;
    std::string payload;

    /// @brief The value of the string header `name`, if the message has one of string type.
    [[nodiscard]] POLYLLM_DECL std::optional<std::string_view> string_header(std::string_view name) const noexcept;
};

/// @brief Writes one message in the wire format (for the local server and tests).
[[nodiscard]] POLYLLM_DECL std::string encode_event_stream_message(const event_stream_message& message);

/// @brief The incremental parser. Limits: a message of at most `max_message_bytes` (16 MiB by default, Bedrock's
/// own is far smaller) with at most 128 KiB of headers. The first failure is kept and repeated.
class event_stream_parser {
public:
    static constexpr std::size_t prelude_bytes = 12;
    static constexpr std::size_t max_header_bytes = 128 * 1024;

    explicit event_stream_parser(std::size_t max_message_bytes = 16 * 1024 * 1024)
        : max_message_bytes_(max_message_bytes) {}

    /// @brief Calls `on_message(event_stream_message&)` for each complete message (it returns bool, false stops,
    /// or void); the message is the parser's own, reused for the next one (the callee may move from it). The result
    /// is the failure, if the framing is broken (`errc::protocol_error`).
    template <class OnMessage>
    result<void> feed(std::string_view bytes, OnMessage&& on_message) {
        if (failure_) return *failure_;
        auto deliver = [&](std::string_view whole) -> bool {
            if (auto read = read_message(whole, message_); !read) {
                failure_ = read.error();
                return false;
            }
            if constexpr (std::is_void_v<decltype(on_message(message_))>) {
                on_message(message_);
                return true;
            } else {
                return on_message(message_);
            }
        };
        // A message begun in an earlier piece: completed from this one, then decoded from the buffer. Its prelude
        // is checked as soon as it is whole, however it was split.
        while (!buffer_.empty()) {
            std::size_t want = prelude_bytes;
            if (buffer_.size() >= prelude_bytes) {
                if (auto framed = frame(buffer_); !framed) return fail(framed.error());
                want = message_size(buffer_);
                if (buffer_.size() == want) {
                    const bool go_on = deliver(buffer_);
                    buffer_.clear();
                    if (failure_) return *failure_;
                    if (!go_on) {
                        buffer_.append(bytes);
                        return success();
                    }
                    break;
                }
            }
            if (bytes.empty()) return success();
            const auto take = std::min(want - buffer_.size(), bytes.size());
            buffer_.append(bytes.substr(0, take));
            bytes.remove_prefix(take);
        }
        // Whole messages straight from the piece, without a copy; the rest waits in the buffer.
        while (!bytes.empty()) {
            auto framed = frame(bytes);
            if (!framed) return fail(framed.error());
            if (framed.value() == 0) break;
            const bool go_on = deliver(bytes.substr(0, framed.value()));
            if (failure_) return *failure_;
            bytes.remove_prefix(framed.value());
            if (!go_on) break;
        }
        buffer_.append(bytes);
        return success();
    }

    /// @brief True when a message has started that has not ended.
    [[nodiscard]] bool has_partial_message() const noexcept { return !buffer_.empty(); }
    [[nodiscard]] const std::optional<error>& failure() const noexcept { return failure_; }

private:
    // The length of the message at the start of `bytes` once all of it is there, 0 before; an error as soon as the
    // prelude shows the message is broken or too large.
    [[nodiscard]] POLYLLM_DECL result<std::size_t> frame(std::string_view bytes) const;
    // Reads a framed message into `out`, reusing its storage.
    [[nodiscard]] static POLYLLM_DECL result<void> read_message(std::string_view bytes, event_stream_message& out);
    // The total length the prelude at the start of `bytes` (12 bytes at least) states.
    [[nodiscard]] static POLYLLM_DECL std::size_t message_size(std::string_view bytes) noexcept;

    result<void> fail(error e) {
        failure_ = std::move(e);
        return *failure_;
    }

    std::size_t max_message_bytes_;
    std::string buffer_;
    event_stream_message message_;
    std::optional<error> failure_;
};

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/event_stream.ipp>
#endif
