#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/event_stream.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/event_stream.hpp>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define POLYLLM_DETAIL_EVENT_STREAM_CLMUL
#include <immintrin.h>
#endif

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

#ifdef POLYLLM_DETAIL_EVENT_STREAM_CLMUL
// Carry-less multiplication folds 16 bytes per step where the CPU has it (x86-64 since 2010), four times the tables'
// speed on a typical Bedrock frame: Intel's method ("Fast CRC Computation for Generic Polynomials Using PCLMULQDQ",
// 2009) with its constants for the reflected IEEE polynomial (powers of x modulo P, bit-reflected).
[[gnu::target("pclmul")]] inline __m128i fold_16(__m128i x, __m128i k, __m128i next) noexcept {
    return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11)), next);
}

// The raw CRC register after `n` bytes (64 at least, a multiple of 16) from `state`.
[[gnu::target("pclmul")]] inline std::uint32_t crc32_folded(const unsigned char* p, std::size_t n,
                                                             std::uint32_t state) noexcept {
    const __m128i by_64 = _mm_set_epi64x(0x1c6e41596, 0x154442bd4);  // folds a register over the next 64 bytes
    const __m128i by_16 = _mm_set_epi64x(0x0ccaa009e, 0x1751997d0);  // over the next 16
    const __m128i by_4 = _mm_set_epi64x(0, 0x163cd6124);             // 64 bits to 32
    const __m128i low_32 = _mm_set_epi64x(0, 0xffffffff);
    const __m128i barrett = _mm_set_epi64x(0x1f7011641, 0x1db710641);  // x^64 / P, and P
    const auto load = [](const unsigned char* q) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q)); };
    __m128i x1 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(state)));
    __m128i x2 = load(p + 16), x3 = load(p + 32), x4 = load(p + 48);
    for (p += 64, n -= 64; n >= 64; p += 64, n -= 64) {
        x1 = fold_16(x1, by_64, load(p));
        x2 = fold_16(x2, by_64, load(p + 16));
        x3 = fold_16(x3, by_64, load(p + 32));
        x4 = fold_16(x4, by_64, load(p + 48));
    }
    x1 = fold_16(fold_16(fold_16(x1, by_16, x2), by_16, x3), by_16, x4);
    for (; n >= 16; p += 16, n -= 16) x1 = fold_16(x1, by_16, load(p));
    // 128 bits to 64 (appending the 32 zero bits a CRC implies), to 32, then Barrett's reduction modulo P.
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), _mm_clmulepi64_si128(by_16, x1, 0x01));
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 4), _mm_clmulepi64_si128(_mm_and_si128(x1, low_32), by_4, 0x00));
    __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x1, low_32), barrett, 0x10);
    t = _mm_clmulepi64_si128(_mm_and_si128(t, low_32), barrett, 0x00);
    return static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(_mm_xor_si128(x1, t), 4)));
}

inline bool has_clmul() noexcept {
    static const bool yes = [] {
        __builtin_cpu_init();  // in case this runs before the constructors that would have called it
        return __builtin_cpu_supports("pclmul") != 0;
    }();
    return yes;
}
#endif

}  // namespace event_stream_detail

POLYLLM_DECL std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) noexcept {
    const auto& t = event_stream_detail::crc_tables;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    crc = ~crc;
#ifdef POLYLLM_DETAIL_EVENT_STREAM_CLMUL
    if (n >= 64 && event_stream_detail::has_clmul()) {
        const std::size_t folded = n & ~std::size_t{15};
        crc = event_stream_detail::crc32_folded(p, folded, crc);
        p += folded;
        n -= folded;
    }
#endif
    for (; n >= 8; n -= 8, p += 8) {
        const std::uint32_t lo = crc ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                                        std::uint32_t(p[3]) << 24);
        crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
              t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    }
    for (; n > 0; --n, ++p) crc = t[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
    return ~crc;
}

POLYLLM_DECL event_stream_message event_stream_message_view::to_message() const {
    event_stream_message out;
    out.headers.reserve(headers.size());
    for (const auto& h : headers)
        out.headers.push_back({std::string(h.name), h.type, h.integer, std::string(h.bytes)});
    out.payload = payload;
    return out;
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

POLYLLM_DECL std::size_t event_stream_parser::check_prelude(std::string_view bytes) {
    using namespace event_stream_detail;
    const auto total = read_be(bytes, 0, 4);
    const auto header_bytes = read_be(bytes, 4, 4);
    if (crc32(bytes.substr(0, 8)) != read_be(bytes, 8, 4)) {
        failure_ = framing_error("an event-stream message's prelude CRC does not match: the stream is corrupt");
    } else if (total < prelude_bytes + 4 || header_bytes > total - prelude_bytes - 4) {
        failure_ = framing_error("an event-stream message's lengths are inconsistent (total " + std::to_string(total) +
                                 ", headers " + std::to_string(header_bytes) + ")");
    } else if (total > max_message_bytes_ || header_bytes > max_header_bytes) {
        failure_ = framing_error("an event-stream message of " + std::to_string(total) + " bytes (" +
                                 std::to_string(header_bytes) + " of headers) is larger than the limit of " +
                                 std::to_string(max_message_bytes_) + " (" + std::to_string(max_header_bytes) + ")");
    }
    return failure_ ? 0 : static_cast<std::size_t>(total);
}

POLYLLM_DECL bool event_stream_parser::read_message(std::string_view bytes) {
    using namespace event_stream_detail;
    const std::size_t total = bytes.size();
    // The prelude's CRC, checked equal to the CRC of the first 8 bytes, is where the message's CRC stands after
    // them: the rest continues from it, so no byte is checksummed twice.
    const auto prelude_crc = static_cast<std::uint32_t>(read_be(bytes, 8, 4));
    if (crc32(bytes.substr(8, total - 12), prelude_crc) != read_be(bytes, total - 4, 4)) {
        failure_ = framing_error("an event-stream message's CRC does not match: the stream is corrupt");
        return false;
    }
    const auto header_end = prelude_bytes + static_cast<std::size_t>(read_be(bytes, 4, 4));
    const auto broken = [this] {
        failure_ = framing_error("an event-stream message's headers are malformed");
        return false;
    };
    headers_.clear();
    std::size_t at = prelude_bytes;
    while (at < header_end) {
        auto& h = headers_.emplace_back();
        const std::size_t name_size = static_cast<unsigned char>(bytes[at++]);
        if (name_size == 0 || at + name_size + 1 > header_end) return broken();
        h.name = bytes.substr(at, name_size);
        at += name_size;
        h.type = static_cast<event_stream_type>(bytes[at++]);
        if (h.type == event_stream_type::byte_array || h.type == event_stream_type::string) {
            if (at + 2 > header_end) return broken();
            const auto size = static_cast<std::size_t>(read_be(bytes, at, 2));
            at += 2;
            if (at + size > header_end) return broken();
            h.bytes = bytes.substr(at, size);
            at += size;
        } else if (auto size = fixed_size(h.type)) {
            if (at + *size > header_end) return broken();
            if (h.type == event_stream_type::uuid) {
                h.bytes = bytes.substr(at, 16);
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
            failure_ = framing_error("an event-stream header has the unknown value type " +
                                     std::to_string(static_cast<int>(h.type)));
            return false;
        }
    }
    payload_ = bytes.substr(header_end, total - header_end - 4);
    return true;
}

}  // namespace wire
POLYLLM_NAMESPACE_END

#undef POLYLLM_DETAIL_EVENT_STREAM_CLMUL
