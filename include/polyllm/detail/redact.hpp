#pragma once
/// @file
/// @brief Removing secrets from what may be shown: error messages, logs, logged completions, echoed bodies.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view redacted_marker = "[redacted]";

/// @brief Keys shorter than this are not looked for in free text. Local servers take any key ("x", "e", "none"),
/// and replacing every "e" garbles a message ("th[redacted] r[redacted]qu[redacted]st") while hiding nothing
/// worth hiding; credential headers and URL credentials are hidden whatever their length.
inline constexpr std::size_t min_redacted_secret = 8;

/// @brief Replaces `secret` in `text` with "[redacted]": every occurrence, wherever it stands (a key glued to other
/// text, `xxxsk-...`, is still the key), and a start of it of `min_redacted_secret` characters or more that ends
/// where the text was cut (before `cut_marker` or at the end), since an excerpt cut inside the key would show all
/// but its tail. A secret shorter than `min_redacted_secret` changes nothing.
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

/// @brief A request as it may be shown in a log: credential headers replaced, the URL without its user name,
/// password and query values (`displayable_url`), `secret` removed everywhere, and header values and the body
/// shown as `shown_server_text` shows them (one line, capped at `shown_body_limit`).
[[nodiscard]] POLYLLM_DECL std::string shown(const http_request& r, std::string_view secret);

/// @brief A response as it may be shown in a log; a server may echo the key in its error body, and put control
/// characters anywhere.
[[nodiscard]] POLYLLM_DECL std::string shown(const http_response& r, std::string_view secret);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/redact.ipp>
#endif
