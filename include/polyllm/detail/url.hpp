#pragma once
/// @file
/// @brief URLs as providers and transports need them: parsing an absolute http(s) URL (IPv6 literals, ports,
/// credentials for proxies), checking a base URL, joining a base URL and an endpoint (the base URL's query kept
/// after the endpoint's path), adding a query parameter, making a name one path segment, and showing a URL
/// without its secrets.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/server_text.hpp>
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

/// @brief The URL as it may be shown in a message or log: no user name or password, query keys kept but their
/// values hidden (`?key=[redacted]&tenant=[redacted]`), no fragment, since keys travel in all of these
/// (`https://user:pass@proxy`, Gemini's `?key=`). An '@' after the host (where a password with an unencoded '/',
/// '?' or '#' puts it) hides everything up to the last '@'. Control characters become '?'.
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

/// @brief Checks a configured base URL: a URL `parse_url` takes, without a fragment (it would never be sent, and
/// the endpoint joined after it would be lost) and without an '@' after the host (a user name or password whose
/// '/', '?' or '@' is not percent-encoded, which would otherwise send the request elsewhere). A query is allowed:
/// it is kept after each endpoint's path. The error shows the URL only as `displayable_url` does.
[[nodiscard]] POLYLLM_DECL result<void> check_base_url(std::string_view text);

/// @brief The URL without its query and fragment: "https://h/v1?tenant=a" -> "https://h/v1".
[[nodiscard]] constexpr std::string_view without_query(std::string_view url) noexcept {
    return url.substr(0, url.find_first_of("?#"));
}

/// @brief "https://host/v1/" + "/chat/completions" -> "https://host/v1/chat/completions": exactly one slash. The
/// base URL's query goes after the joined path ("https://h/v1?tenant=a" + "chat/completions" ->
/// "https://h/v1/chat/completions?tenant=a"); a fragment is dropped (`check_base_url` refuses one).
[[nodiscard]] POLYLLM_DECL std::string join_url(std::string_view base, std::string_view path);

/// @brief `url` with the query parameter `key=value` (both percent-encoded), replacing a parameter of that name
/// the URL had: the provider's own parameters (Azure's api-version, Gemini's alt=sse) are what its protocol
/// needs. The URL's other parameters are kept, in their order.
[[nodiscard]] POLYLLM_DECL std::string with_query_parameter(std::string_view url, std::string_view key,
                                                            std::string_view value);

/// @brief Why `name` cannot be one segment of a URL path, or an empty view when it can: it is empty, "." or "..",
/// or holds a character that would end or restructure the path ('/', '\\', '?', '#', '%') or that a request
/// target cannot carry as it is (a space, a control character, a non-ASCII byte, `"<>[]{}|^` and the backtick).
[[nodiscard]] constexpr std::string_view path_segment_problem(std::string_view name) noexcept {
    if (name.empty()) return "it is empty";
    if (name == "." || name == "..") return "it is a relative path step";
    for (char c : name) {
        if (c == '/' || c == '\\') return "it contains a slash or a backslash";
        if (c == '?' || c == '#' || c == '%') return "it contains '?', '#' or '%'";
        if (url_chars::is_unsafe(c)) return "it contains a space, a control character or a non-ASCII byte";
        if (c == '"' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' ||
            c == '^' || c == '`')
            return "it contains a character a URL cannot carry as it is";
    }
    return {};
}

/// @brief `name` as one segment of a URL path: the one rule for every name that becomes one (Azure deployments,
/// Gemini models, and the model ids of providers that put them in the path). Refused, as `errc::invalid_config`
/// naming `what` ("the Azure deployment name"), when `path_segment_problem` finds a problem; otherwise letters,
/// digits, '-', '.', '_' and '~' are kept and the characters a segment may hold but servers may read specially
/// (`:@!$&'()*+,;=`) are percent-encoded.
[[nodiscard]] POLYLLM_DECL result<std::string> path_segment(std::string_view name, std::string_view what);

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
    std::string_view rest = text;
    if (auto scheme_end = text.find("://"); scheme_end != std::string_view::npos) {
        out.append(text.substr(0, scheme_end + 3));
        rest = text.substr(scheme_end + 3);
        const auto authority_end = rest.find_first_of("/?#");
        if (auto at = rest.rfind('@'); at != std::string_view::npos) {
            if (authority_end == std::string_view::npos || at < authority_end) {
                rest.remove_prefix(at + 1);  // the usual place: user:password@host
            } else {
                out.append("[redacted]@");  // past the host: a password may hold an unencoded '/', '?' or '#'
                rest.remove_prefix(at + 1);
            }
        }
    }
    rest = rest.substr(0, rest.find('#'));
    const auto query = rest.find('?');
    out.append(rest.substr(0, query));
    if (query != std::string_view::npos) {
        out.append("?");
        std::string_view params = rest.substr(query + 1);
        for (bool first = true; !params.empty(); first = false) {
            const auto amp = params.find('&');
            const auto param = params.substr(0, amp);
            params = amp == std::string_view::npos ? std::string_view{} : params.substr(amp + 1);
            if (!first) out.append("&");
            out.append(param.substr(0, param.find('='))).append("=[redacted]");
        }
    }
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

POLYLLM_DECL result<void> check_base_url(std::string_view text) {
    if (auto parsed = parse_url(text); !parsed) return std::move(parsed).error();
    auto fail = [&](std::string_view why) {
        return error{errc::invalid_config, "the base URL \"" + displayable_url(text) + "\" " + std::string(why)};
    };
    if (text.find('#') != std::string_view::npos)
        return fail("has a fragment ('#'), which is never sent: remove it (a '#' in a password is written %23)");
    const auto rest = text.substr(text.find("://") + 3);
    const auto authority_end = rest.find_first_of("/?");
    if (authority_end != std::string_view::npos && rest.find('@', authority_end) != std::string_view::npos)
        return fail("has an '@' after its host: a user name or password holding '/', '?' or '@' must be "
                    "percent-encoded (%2F, %3F, %40)");
    return success();
}

POLYLLM_DECL std::string join_url(std::string_view base, std::string_view path) {
    base = base.substr(0, base.find('#'));
    const auto query_start = base.find('?');
    std::string_view query = query_start == std::string_view::npos ? std::string_view{} : base.substr(query_start);
    base = base.substr(0, query_start);
    if (query == "?") query = {};
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::string out;
    out.reserve(base.size() + 1 + path.size() + query.size());
    out.append(base).append("/").append(path).append(query);
    return out;
}

namespace url_chars {
constexpr bool is_unreserved(char c) noexcept {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
inline void append_encoded(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char c : text) {
        if (is_unreserved(c)) {
            out += c;
            continue;
        }
        const auto u = static_cast<unsigned char>(c);
        out += '%';
        out += hex[u >> 4];
        out += hex[u & 0xf];
    }
}
}  // namespace url_chars

POLYLLM_DECL std::string with_query_parameter(std::string_view url, std::string_view key, std::string_view value) {
    url = url.substr(0, url.find('#'));
    const auto query_start = url.find('?');
    std::string out(url.substr(0, query_start));
    std::string encoded_key;
    url_chars::append_encoded(encoded_key, key);
    char separator = '?';
    if (query_start != std::string_view::npos) {
        std::string_view params = url.substr(query_start + 1);
        while (!params.empty()) {
            const auto amp = params.find('&');
            const auto param = params.substr(0, amp);
            params = amp == std::string_view::npos ? std::string_view{} : params.substr(amp + 1);
            const auto name = param.substr(0, param.find('='));
            if (param.empty() || name == key || name == encoded_key) continue;
            out.append(1, separator).append(param);
            separator = '&';
        }
    }
    out.append(1, separator).append(encoded_key).append("=");
    url_chars::append_encoded(out, value);
    return out;
}

POLYLLM_DECL result<std::string> path_segment(std::string_view name, std::string_view what) {
    if (auto problem = path_segment_problem(name); !problem.empty())
        return error{errc::invalid_config, std::string(what) + " \"" + shown_server_text(name, body_excerpt_limit) +
                                               "\" cannot be one segment of a URL path: " + std::string(problem)};
    std::string out;
    url_chars::append_encoded(out, name);
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
