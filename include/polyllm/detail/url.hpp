#pragma once
/// @file
/// @brief URLs as providers and transports need them: parsing an absolute http(s) URL (IPv6 literals, ports,
/// credentials for proxies), joining a base URL and an endpoint, and showing a URL without its secrets.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief An absolute http or https URL, split for a connection and a request line.
struct url {
    std::string scheme;     ///< "http" or "https", lower case
    std::string userinfo;   ///< "user:password" before the host (proxies); never shown
    std::string host;       ///< without brackets for an IPv6 literal
    std::uint16_t port = 0; ///< the explicit port, or the scheme's default
    std::string target;     ///< path and query, at least "/"; no fragment
    bool explicit_port = false;
    bool ipv6 = false;

    [[nodiscard]] bool is_https() const noexcept { return scheme == "https"; }

    /// @brief The Host header: brackets around IPv6, the port only when it is not the default.
    [[nodiscard]] POLYLLM_DECL std::string host_header() const;
};

/// @brief The URL as it may be shown in a message: credentials removed and the query's values hidden, since keys
/// travel in both places (`https://user:pass@proxy`, Gemini's `?key=`).
[[nodiscard]] POLYLLM_DECL std::string displayable_url(std::string_view text);

namespace url_chars {
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Host names: letters, digits, '-', '.', '_' (underscores occur in internal DNS names).
constexpr bool is_host_char(char c) noexcept { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_'; }
// Anything that could end a request line or header early, or that is not printable ASCII.
constexpr bool is_unsafe(char c) noexcept {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u >= 0x7f;
}
}  // namespace url_chars

/// @brief Parses an absolute http(s) URL. Anything else, including control characters or spaces anywhere (which
/// could split a request line), is `errc::invalid_config` naming the URL without its credentials.
[[nodiscard]] POLYLLM_DECL result<url> parse_url(std::string_view text);

/// @brief "https://host/v1/" + "/chat/completions" -> "https://host/v1/chat/completions": exactly one slash.
[[nodiscard]] POLYLLM_DECL std::string join_url(std::string_view base, std::string_view path);

/// @brief The model name a provider's API expects: without the "provider/" prefix polyllm uses to pick it.
[[nodiscard]] constexpr std::string_view wire_model(std::string_view model, std::string_view provider) noexcept {
    if (model.size() > provider.size() + 1 && model.starts_with(provider) && model[provider.size()] == '/')
        return model.substr(provider.size() + 1);
    return model;
}

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::string url::host_header() const {
    std::string out = ipv6 ? "[" + host + "]" : host;
    if (explicit_port && port != (is_https() ? 443 : 80)) out += ":" + std::to_string(port);
    return out;
}

POLYLLM_DECL std::string displayable_url(std::string_view text) {
    std::string out;
    auto scheme_end = text.find("://");
    std::string_view rest = text;
    if (scheme_end != std::string_view::npos) {
        out.append(text.substr(0, scheme_end + 3));
        rest = text.substr(scheme_end + 3);
        auto authority_end = rest.find_first_of("/?#");
        auto at = rest.substr(0, authority_end).rfind('@');
        if (at != std::string_view::npos) rest.remove_prefix(at + 1);
    }
    auto query = rest.find('?');
    out.append(rest.substr(0, query));
    if (query != std::string_view::npos) out.append("?[redacted]");
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

POLYLLM_DECL result<url> parse_url(std::string_view text) {
    using namespace url_chars;
    auto fail = [&](std::string_view why) {
        return error{errc::invalid_config, "malformed URL \"" + displayable_url(text) + "\": " + std::string(why)};
    };
    for (char c : text)
        if (is_unsafe(c)) return fail("it contains a space, a control character or a non-ASCII byte");

    url out;
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return fail("it has no scheme (expected http:// or https://)");
    out.scheme = to_lower(text.substr(0, scheme_end));
    if (out.scheme != "http" && out.scheme != "https") return fail("the scheme is not http or https");

    std::string_view rest = text.substr(scheme_end + 3);
    const auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    std::string_view after = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);

    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        out.userinfo = std::string(authority.substr(0, at));
        authority.remove_prefix(at + 1);
    }

    std::string_view port_text;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return fail("an IPv6 address is missing its ']'");
        const auto literal = authority.substr(1, close - 1);
        if (literal.empty()) return fail("the IPv6 address is empty");
        for (char c : literal)
            if (!is_hex(c) && c != ':' && c != '.') return fail("the IPv6 address has a character it cannot have");
        out.host = std::string(literal);
        out.ipv6 = true;
        auto tail = authority.substr(close + 1);
        if (!tail.empty()) {
            if (tail.front() != ':') return fail("unexpected text after the IPv6 address");
            port_text = tail.substr(1);
            if (port_text.empty()) return fail("the port is empty");
        }
    } else {
        const auto colon = authority.rfind(':');
        std::string_view host = authority.substr(0, colon);
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return fail("the port is empty");
        }
        if (host.empty()) return fail("the host is empty");
        for (char c : host)
            if (!is_host_char(c)) return fail("the host name has a character it cannot have");
        out.host = to_lower(host);
    }

    out.port = out.is_https() ? 443 : 80;
    if (!port_text.empty()) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
            return fail("the port is not a number from 1 to 65535");
        out.port = static_cast<std::uint16_t>(value);
        out.explicit_port = true;
    }

    after = after.substr(0, after.find('#'));  // a fragment never goes on the wire
    if (after.empty()) out.target = "/";
    else if (after.front() == '?') out.target = "/" + std::string(after);
    else out.target = std::string(after);
    return out;
}

POLYLLM_DECL std::string join_url(std::string_view base, std::string_view path) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::string out;
    out.reserve(base.size() + 1 + path.size());
    out.append(base).append("/").append(path);
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
