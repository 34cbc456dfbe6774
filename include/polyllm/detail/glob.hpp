#pragma once
/// @file
/// @brief Shell-style glob matching (`*`, `?`, `[...]`) as `constexpr` code without allocation, so that model
/// capability tables can be consulted at compile time.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief Where a bracket expression `[...]` that starts at `open` ends, and whether it matches `c`.
struct glob_set_match {
    bool valid = false;    ///< false: no closing `]`, so the `[` is an ordinary character
    bool matched = false;  ///< whether `c` is in the set (negation applied)
    std::size_t end = 0;   ///< index just past the closing `]`
};

/// @brief Reads the bracket expression at `pattern[open] == '['`: `[abc]`, ranges `[a-z]`, negation `[!a]` or
/// `[^a]`; a `]` right after the opening (or after the negation) is a member, and so is a `-` at either end.
[[nodiscard]] constexpr glob_set_match glob_match_set(std::string_view pattern, std::size_t open, char c) noexcept {
    glob_set_match out;
    std::size_t i = open + 1;
    bool negate = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negate = true;
        ++i;
    }
    const char folded = to_lower(c);
    bool in_set = false;
    for (bool first = true; i < pattern.size(); first = false) {
        if (pattern[i] == ']' && !first) {
            out.valid = true;
            out.matched = in_set != negate;
            out.end = i + 1;
            return out;
        }
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            const char low = to_lower(pattern[i]);
            const char high = to_lower(pattern[i + 2]);
            in_set = in_set || (low <= folded && folded <= high);
            i += 3;
        } else {
            in_set = in_set || to_lower(pattern[i]) == folded;
            ++i;
        }
    }
    return out;  // unterminated: not a set
}

/// @brief Whether `text` matches the glob `pattern`, ignoring ASCII case. `*` matches any run of characters
/// (including `/` and the empty run), `?` any one character, `[...]` one character of a set; an unterminated `[`
/// is a literal. Linear in practice: only the last `*` is ever backtracked to.
[[nodiscard]] constexpr bool glob_match(std::string_view pattern, std::string_view text) noexcept {
    constexpr std::size_t none = std::string_view::npos;
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = none;  // index after the last '*' seen
    std::size_t star_text = 0;  // where the text stood when that '*' was seen
    while (t < text.size()) {
        if (p < pattern.size()) {
            const char pc = pattern[p];
            if (pc == '*') {
                star = ++p;
                star_text = t;
                continue;
            }
            std::size_t next = p + 1;
            bool ok = false;
            if (pc == '?') {
                ok = true;
            } else if (pc == '[') {
                const auto set = glob_match_set(pattern, p, text[t]);
                if (set.valid) {
                    ok = set.matched;
                    next = set.end;
                } else {
                    ok = text[t] == '[';
                }
            } else {
                ok = to_lower(pc) == to_lower(text[t]);
            }
            if (ok) {
                p = next;
                ++t;
                continue;
            }
        }
        if (star == none) return false;
        // Let the last '*' swallow one more character and try again from there.
        p = star;
        t = ++star_text;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace detail
POLYLLM_NAMESPACE_END
