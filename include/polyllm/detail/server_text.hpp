#pragma once
/// @file
/// @brief Text a server chose (an error message, a body excerpt, a header value), made fit to show: one line with
/// every control character escaped, and capped. A hostile or broken server can then neither forge lines, set a
/// terminal's title or erase what is on it, nor flood a log: ESC, BEL, CR, LF, the C1 controls and the Unicode
/// line separators and direction overrides reach no error message, log line or CLI output as they came.

#include <polyllm/version.hpp>

#include <cstddef>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief How much of a server's text an error message shows: enough for any real error message.
inline constexpr std::size_t server_text_limit = 4 * 1024;

/// @brief How much of a body that is not the provider's JSON (an HTML page from a proxy) an error shows.
inline constexpr std::size_t body_excerpt_limit = 200;

/// @brief What follows a cut text, before "(N bytes in all)". Redaction looks for it: the start of a key that
/// ends where the text was cut is removed too (detail/redact.hpp).
inline constexpr std::string_view cut_marker = "...";

/// @brief `text` as it may be shown: surrounding white space trimmed; control characters (C0, DEL, C1), U+2028,
/// U+2029, the bidirectional formatting characters and bytes that are not UTF-8 written as `\n`, `\r`, `\t`,
/// `\xHH` or `\uHHHH`, so the result is one line of printable text. Past `limit` bytes of that the text is cut
/// (never inside an escape or a UTF-8 sequence) and "... (N bytes in all)" says how long it was.
[[nodiscard]] POLYLLM_DECL std::string shown_server_text(std::string_view text,
                                                         std::size_t limit = server_text_limit);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/server_text.ipp>
#endif
