#pragma once
/// @file
/// @brief Removing secrets from what may be shown: error messages, logs, logged completions, echoed bodies.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view redacted_marker = "[redacted]";

/// @brief Replaces every occurrence of `secret` in `text` with "[redacted]". An empty secret changes nothing.
POLYLLM_DECL void redact(std::string& text, std::string_view secret);

/// @brief Headers whose value is a credential whichever provider set them. A provider's own (DummyLLM's
/// X-DummyLLM-Auth) are declared by adding them with `http_headers::add_sensitive`.
inline constexpr std::string_view credential_header_names[] = {"authorization", "proxy-authorization", "x-api-key",
                                                               "api-key", "x-goog-api-key"};

[[nodiscard]] inline bool is_credential(const http_header& h) noexcept {
    if (h.sensitive) return true;
    for (auto name : credential_header_names)
        if (iequals(h.name, name)) return true;
    return false;
}

// Long bodies are cut for display, after redaction so that no part of a key survives the cut.
inline constexpr std::size_t shown_body_limit = 16 * 1024;

/// @brief A request as it may be shown in a log: credential headers replaced and `secret` removed everywhere,
/// the URL (query keys) included.
[[nodiscard]] POLYLLM_DECL std::string shown(const http_request& r, std::string_view secret);

/// @brief A response as it may be shown in a log; a server may echo the key in its error body.
[[nodiscard]] POLYLLM_DECL std::string shown(const http_response& r, std::string_view secret);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL void redact(std::string& text, std::string_view secret) {
    if (secret.empty()) return;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + redacted_marker.size()))
        text.replace(pos, secret.size(), redacted_marker);
}

inline void append_shown_headers(std::string& out, const http_headers& headers, std::string_view secret) {
    for (const auto& h : headers) {
        std::string value = is_credential(h) ? std::string(redacted_marker) : h.value;
        redact(value, secret);
        out.append(h.name).append(": ").append(value).append("\n");
    }
}

inline void append_shown_body(std::string& out, std::string body, std::string_view secret) {
    redact(body, secret);
    if (body.size() > shown_body_limit) {
        const auto cut = body.size() - shown_body_limit;
        body.resize(shown_body_limit);
        body.append("... (").append(std::to_string(cut)).append(" more bytes)");
    }
    out.append("\n").append(body);
}

POLYLLM_DECL std::string shown(const http_request& r, std::string_view secret) {
    std::string url = r.url;
    redact(url, secret);
    std::string out = r.method + " " + url + "\n";
    append_shown_headers(out, r.headers, secret);
    append_shown_body(out, r.body, secret);
    return out;
}

POLYLLM_DECL std::string shown(const http_response& r, std::string_view secret) {
    std::string out = "HTTP " + std::to_string(r.status) + " " + r.reason + "\n";
    append_shown_headers(out, r.headers, secret);
    append_shown_body(out, r.body, secret);
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
