#pragma once
/// @file
/// @brief Decoding one UTF-8 sequence for the pre-tokenizer. Bytes that do not form a valid sequence (stray
/// continuation bytes, overlong forms, surrogates, truncated sequences) are taken one at a time as characters of
/// no class, so that any byte string splits into pieces and encodes losslessly.

#include <polyllm/version.hpp>

#include <cstddef>

POLYLLM_NAMESPACE_BEGIN
namespace detail::utf8_sequence {

/// @brief A code point and the bytes it took; `invalid` stands for a byte that starts no valid sequence.
struct decoded {
    char32_t code_point;
    unsigned length;
};

inline constexpr char32_t invalid = 0xFFFFFFFFu;

[[nodiscard]] constexpr bool is_continuation(unsigned char c) noexcept { return (c & 0xC0u) == 0x80u; }

/// @brief Decodes the sequence at `p` (p < end). The second byte's range rules out overlong forms and surrogates,
/// as RFC 3629's grammar does.
[[nodiscard]] constexpr decoded decode(const unsigned char* p, const unsigned char* end) noexcept {
    const unsigned char c = p[0];
    if (c < 0x80) return {c, 1};
    const std::ptrdiff_t left = end - p;
    if (c >= 0xC2 && c <= 0xDF) {
        if (left >= 2 && is_continuation(p[1])) return {char32_t(c & 0x1Fu) << 6 | (p[1] & 0x3Fu), 2};
    } else if (c >= 0xE0 && c <= 0xEF) {
        const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (left >= 3 && p[1] >= lo && p[1] <= hi && is_continuation(p[2]))
            return {char32_t(c & 0x0Fu) << 12 | char32_t(p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu), 3};
    } else if (c >= 0xF0 && c <= 0xF4) {
        const unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (left >= 4 && p[1] >= lo && p[1] <= hi && is_continuation(p[2]) && is_continuation(p[3]))
            return {char32_t(c & 0x07u) << 18 | char32_t(p[1] & 0x3Fu) << 12 | char32_t(p[2] & 0x3Fu) << 6 |
                        (p[3] & 0x3Fu),
                    4};
    }
    return {invalid, 1};
}

}  // namespace detail::utf8_sequence
POLYLLM_NAMESPACE_END
