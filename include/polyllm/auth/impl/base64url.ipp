#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/base64url.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/base64url.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {
inline constexpr char base64url_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr int base64url_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}
}  // namespace detail

namespace auth {

POLYLLM_DECL std::string base64url_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() * 4 + 2) / 3);
    std::uint32_t bits = 0;
    int count = 0;  // bits held in `bits`, fewer than 6 between characters
    for (const char c : in) {
        bits = bits << 8 | std::uint8_t(c);
        count += 8;
        while (count >= 6) {
            count -= 6;
            out += detail::base64url_alphabet[bits >> count & 63];
        }
        bits &= (1u << count) - 1;
    }
    if (count > 0) out += detail::base64url_alphabet[bits << (6 - count) & 63];
    return out;
}

POLYLLM_DECL std::optional<std::string> base64url_decode(std::string_view in) {
    if (in.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(in.size() * 3 / 4);
    std::uint32_t bits = 0;
    int count = 0;
    for (const char c : in) {
        const int v = detail::base64url_value(c);
        if (v < 0) return std::nullopt;
        bits = bits << 6 | std::uint32_t(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += char(bits >> count & 0xff);
        }
        bits &= (1u << count) - 1;
    }
    if (bits != 0) return std::nullopt;  // a canonical encoding leaves the unused low bits zero
    return out;
}

}  // namespace auth
POLYLLM_NAMESPACE_END
