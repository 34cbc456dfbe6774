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
POLYLLM_NAMESPACE_BEGIN
namespace wire {
namespace event_stream_detail {

// Slicing-by-8 tables: table[0] is the classic bytewise table, table[k] advances a byte through k more zero bytes,
// so eight bytes are folded per step (the CRC is checked over every byte of the stream).
constexpr std::array<std::array<std::uint32_t, 256>, 8> crc_tables = [] {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][i] = c;
    }
    for (std::size_t k = 1; k < 8; ++k)
        for (std::uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
    return t;
}();

inline std::uint64_t read_be(std::string_view bytes, std::size_t at, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
}

inline void write_be(std::string& out, std::uint64_t v, std::size_t n) {
    for (std::size_t i = n; i-- > 0;) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

inline error framing_error(std::string message) { return error{errc::protocol_error, std::move(message)}; }

// Bytes of the value that follows a header's type byte, given what is left; nullopt for an unknown type.
inline std::optional<std::size_t> fixed_size(event_stream_type type) noexcept {
    switch (type) {
        case event_stream_type::bool_true:
        case event_stream_type::bool_false: return 0;
        case event_stream_type::byte: return 1;
        case event_stream_type::int16: return 2;
        case event_stream_type::int32: return 4;
        case event_stream_type::int64:
        case event_stream_type::timestamp: return 8;
        case event_stream_type::uuid: return 16;
        default: return std::nullopt;
    }
}

}  // namespace event_stream_detail

POLYLLM_DECL std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) noexcept {
    const auto& t = event_stream_detail::crc_tables;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    crc = ~crc;
    for (; n >= 8; n -= 8, p += 8) {
        const std::uint32_t lo = crc ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                                        std::uint32_t(p[3]) << 24);
        crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
              t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    }
    for (; n > 0; --n, ++p) crc = t[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
    return ~crc;
}

POLYLLM_DECL std::optional<std::string_view> event_stream_message::string_header(std::string_view name) const noexcept {
    for (const auto& h : headers)
        if (h.name == name && h.type == event_stream_type::string) return std::string_view(h.bytes);
    return std::nullopt;
}

POLYLLM_DECL std::string encode_event_stream_message(const event_stream_message& message) {
    using event_stream_detail::write_be;
    std::string headers;
    for (const auto& h : message.headers) {
        headers.push_back(static_cast<char>(h.name.size()));
        headers += h.name;
        headers.push_back(static_cast<char>(h.type));
        switch (h.type) {
            case event_stream_type::byte_array:
            case event_stream_type::string:
                write_be(headers, h.bytes.size(), 2);
                headers += h.bytes;
                break;
            case event_stream_type::uuid: headers += h.bytes.substr(0, 16); break;
            default:
                write_be(headers, static_cast<std::uint64_t>(h.integer),
                         event_stream_detail::fixed_size(h.type).value_or(0));
        }
    }
    std::string out;
    write_be(out, 16 + headers.size() + message.payload.size(), 4);
    write_be(out, headers.size(), 4);
    write_be(out, crc32(out), 4);
    out += headers;
    out += message.payload;
    write_be(out, crc32(out), 4);
    return out;
}

POLYLLM_DECL result<std::size_t> event_stream_parser::frame(std::string_view bytes) const {
    using namespace event_stream_detail;
    if (bytes.size() < prelude_bytes) return std::size_t{0};
    const auto total = read_be(bytes, 0, 4);
    const auto header_bytes = read_be(bytes, 4, 4);
    if (crc32(bytes.substr(0, 8)) != read_be(bytes, 8, 4))
        return framing_error("an event-stream message's prelude CRC does not match: the stream is corrupt");
    if (total < prelude_bytes + 4 || header_bytes > total - prelude_bytes - 4)
        return framing_error("an event-stream message's lengths are inconsistent (total " + std::to_string(total) +
                             ", headers " + std::to_string(header_bytes) + ")");
    if (total > max_message_bytes_ || header_bytes > max_header_bytes)
        return framing_error("an event-stream message of " + std::to_string(total) + " bytes (" +
                             std::to_string(header_bytes) + " of headers) is larger than the limit of " +
                             std::to_string(max_message_bytes_) + " (" + std::to_string(max_header_bytes) + ")");
    if (bytes.size() < total) return std::size_t{0};
    return static_cast<std::size_t>(total);
}

POLYLLM_DECL std::size_t event_stream_parser::message_size(std::string_view bytes) noexcept {
    return static_cast<std::size_t>(event_stream_detail::read_be(bytes, 0, 4));
}

POLYLLM_DECL result<void> event_stream_parser::read_message(std::string_view bytes, event_stream_message& out) {
    using namespace event_stream_detail;
    const std::size_t total = bytes.size();
    if (crc32(bytes.substr(0, total - 4)) != read_be(bytes, total - 4, 4))
        return framing_error("an event-stream message's CRC does not match: the stream is corrupt");
    const auto header_end = prelude_bytes + static_cast<std::size_t>(read_be(bytes, 4, 4));
    std::size_t count = 0;
    std::size_t at = prelude_bytes;
    const auto broken = [] { return framing_error("an event-stream message's headers are malformed"); };
    while (at < header_end) {
        if (count == out.headers.size()) out.headers.emplace_back();
        auto& h = out.headers[count++];  // reused: its strings keep their storage from message to message
        const std::size_t name_size = static_cast<unsigned char>(bytes[at++]);
        if (name_size == 0 || at + name_size + 1 > header_end) return broken();
        h.name.assign(bytes.substr(at, name_size));
        at += name_size;
        h.type = static_cast<event_stream_type>(bytes[at++]);
        h.integer = 0;
        h.bytes.clear();
        if (h.type == event_stream_type::byte_array || h.type == event_stream_type::string) {
            if (at + 2 > header_end) return broken();
            const auto size = static_cast<std::size_t>(read_be(bytes, at, 2));
            at += 2;
            if (at + size > header_end) return broken();
            h.bytes.assign(bytes.substr(at, size));
            at += size;
        } else if (auto size = fixed_size(h.type)) {
            if (at + *size > header_end) return broken();
            if (h.type == event_stream_type::uuid) {
                h.bytes.assign(bytes.substr(at, 16));
            } else if (h.type == event_stream_type::bool_true || h.type == event_stream_type::bool_false) {
                h.integer = h.type == event_stream_type::bool_true;
            } else {
                // Sign-extend: the integer types and the timestamp are two's complement.
                const auto raw = read_be(bytes, at, *size);
                const unsigned shift = unsigned(64 - 8 * *size);
                h.integer = static_cast<std::int64_t>(raw << shift) >> shift;
            }
            at += *size;
        } else {
            return framing_error("an event-stream header has the unknown value type " +
                                 std::to_string(static_cast<int>(h.type)));
        }
    }
    out.headers.resize(count);
    out.payload.assign(bytes.substr(header_end, total - header_end - 4));
    return success();
}

}  // namespace wire
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
