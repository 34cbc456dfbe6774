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
#include <polyllm/detail/impl/url.ipp>
#endif
