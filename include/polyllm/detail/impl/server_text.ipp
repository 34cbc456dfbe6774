#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/server_text.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/server_text.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

namespace server_text {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Code points that move the cursor, end a line or reorder what follows on some terminals and editors.
constexpr bool is_hidden_control(char32_t cp) noexcept {
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

// The length of the well-formed UTF-8 sequence at the start of `s` and its code point; 0 when it is not one.
inline std::size_t utf8_sequence(std::string_view s, char32_t& cp) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned lead = byte(0);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // the second byte's range, narrower for some leads (RFC 3629)
    if (lead >= 0xc2 && lead <= 0xdf) length = 2, cp = lead & 0x1f;
    else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, cp = lead & 0x0f;
        if (lead == 0xe0) low = 0xa0;
        if (lead == 0xed) high = 0x9f;  // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, cp = lead & 0x07;
        if (lead == 0xf0) low = 0x90;
        if (lead == 0xf4) high = 0x8f;
    } else return 0;
    if (s.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i) & 0x3f);
    }
    return length;
}

}  // namespace server_text

POLYLLM_DECL std::string shown_server_text(std::string_view text, std::size_t limit) {
    const std::size_t total = text.size();
    while (!text.empty() && server_text::is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && server_text::is_space(text.back())) text.remove_suffix(1);

    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() < limit ? text.size() : limit);
    char escape[8];
    for (std::size_t at = 0; at < text.size();) {
        std::string_view piece;  // what `text` at `at` becomes
        std::size_t used = 1;
        const auto c = static_cast<unsigned char>(text[at]);
        if (c >= 0x20 && c < 0x7f) {
            piece = text.substr(at, 1);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            escape[0] = '\\', escape[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            piece = {escape, 2};
        } else if (char32_t cp = 0; c >= 0x80 && (used = server_text::utf8_sequence(text.substr(at), cp)) != 0) {
            if (server_text::is_hidden_control(cp)) {
                escape[0] = '\\', escape[1] = 'u';
                for (int i = 0; i < 4; ++i) escape[2 + i] = hex[(cp >> (12 - 4 * i)) & 0xf];
                piece = {escape, 6};
            } else {
                piece = text.substr(at, used);
            }
        } else {  // other C0 controls, DEL, and a byte that starts no UTF-8 sequence
            used = 1;
            escape[0] = '\\', escape[1] = 'x', escape[2] = hex[c >> 4], escape[3] = hex[c & 0xf];
            piece = {escape, 4};
        }
        if (out.size() + piece.size() > limit) {
            out.append(cut_marker).append(" (").append(std::to_string(total)).append(" bytes in all)");
            return out;
        }
        out.append(piece);
        at += used;
    }
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
