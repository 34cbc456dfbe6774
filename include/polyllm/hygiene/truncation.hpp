#pragma once
/// @file
/// @brief Tool outputs longer than `llm_config::max_message_chars` cut in the middle: the start and the end of an
/// output say the most (the command's echo, the final error), so both are kept, with a line between them that
/// says how much was cut. Lengths are counted in Unicode code points, and cuts never split one.

#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

namespace detail {

[[nodiscard]] constexpr bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

[[nodiscard]] constexpr std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s) n += !is_continuation(c);
    return n;
}

// The byte offset after the first `count` code points.
[[nodiscard]] constexpr std::size_t offset_after(std::string_view s, std::size_t count) noexcept {
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        if (!is_continuation(s[i])) {
            if (count == 0) break;
            --count;
        }
    }
    return i;
}

}  // namespace detail

/// @brief `text` when it has at most `max_chars` code points (or `max_chars` is 0, no limit); otherwise its first
/// half and its last half of `max_chars`, joined by a line that says how many characters were cut.
[[nodiscard]] POLYLLM_DECL std::string truncate_middle(std::string_view text, std::size_t max_chars);

/// @brief Whether some tool message has a text part longer than `max_chars`.
[[nodiscard]] POLYLLM_DECL bool has_long_tool_output(std::span<const message> messages, std::size_t max_chars) noexcept;

/// @brief Cuts each text part of each tool message to `max_chars` (0: no limit).
POLYLLM_DECL void truncate_tool_outputs(std::vector<message>& messages, std::size_t max_chars);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/hygiene/impl/truncation.ipp>
#endif
