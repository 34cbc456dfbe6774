#pragma once
/// @file
/// @brief The character classes of HTTP/1.1 (RFC 9110 §5.6, RFC 9112): what a token, a field name and a field value
/// may contain. Shared by the parser (what we accept) and the serializer (what we refuse to send).

#include <polyllm/version.hpp>

#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail::http_grammar {

/// @brief tchar: a character of a token (method, field name, transfer coding).
[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
        case '^': case '_': case '`': case '|': case '~': return true;
        default: return false;
    }
}

[[nodiscard]] constexpr bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_tchar(c)) return false;
    return true;
}

/// @brief A character a field value (or reason phrase) may hold: visible ASCII, space, tab and obs-text. Every other
/// control character, CR, LF and NUL above all, could end the field early.
[[nodiscard]] constexpr bool is_field_char(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

[[nodiscard]] constexpr bool is_field_value(std::string_view s) noexcept {
    for (char c : s)
        if (!is_field_char(c)) return false;
    return true;
}

/// @brief OWS: the optional whitespace around a field value.
[[nodiscard]] constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

[[nodiscard]] constexpr std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

/// @brief Calls `f(element)` for each non-empty element of a comma-separated field value (`#rule`), trimmed.
template <class F>
constexpr void for_each_list_element(std::string_view value, F&& f) {
    while (!value.empty()) {
        const auto comma = value.find(',');
        const auto element = trim_ows(value.substr(0, comma));
        if (!element.empty()) f(element);
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
}

}  // namespace detail::http_grammar
POLYLLM_NAMESPACE_END
