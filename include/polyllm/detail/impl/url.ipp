#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/url.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/url.hpp>

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
