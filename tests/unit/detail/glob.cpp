#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using polyllm::detail::glob_match;

// The matcher is constexpr: the same cases hold at compile time.
static_assert(glob_match("gpt-4o*", "gpt-4o-mini"));
static_assert(glob_match("*", ""));
static_assert(!glob_match("?", ""));
static_assert(glob_match("[a-c]x", "Bx"));
static_assert(!glob_match("o1", "o1-mini"));

TEST_CASE("glob: literals match exactly, ignoring ASCII case", "[glob]") {
    CHECK(glob_match("gpt-4.1", "gpt-4.1"));
    CHECK(glob_match("gpt-4.1", "GPT-4.1"));
    CHECK(glob_match("GPT-4.1", "gpt-4.1"));
    CHECK_FALSE(glob_match("gpt-4.1", "gpt-4.10"));
    CHECK_FALSE(glob_match("gpt-4.1", "gpt-4"));
    CHECK_FALSE(glob_match("gpt-4.1", "gpt-441"));  // '.' is not special
    CHECK(glob_match("", ""));
    CHECK_FALSE(glob_match("", "a"));
    CHECK_FALSE(glob_match("a", ""));
}

TEST_CASE("glob: * matches any run, including the empty one and slashes", "[glob]") {
    CHECK(glob_match("*", "anything/at/all"));
    CHECK(glob_match("o1*", "o1"));
    CHECK(glob_match("o1*", "o1-preview-2024-09-12"));
    CHECK_FALSE(glob_match("o1*", "xo1"));
    CHECK(glob_match("*-gguf", "qwen-gguf"));
    CHECK(glob_match("groq/*", "groq/openai/gpt-oss-120b"));
    CHECK(glob_match("a**b", "ab"));
    CHECK(glob_match("**", ""));
    CHECK(glob_match("*a*b*c", "xaybzc"));
    CHECK(glob_match("*a*b*c", "abcabc"));
    CHECK_FALSE(glob_match("*a*b*c", "xaybz"));
    CHECK(glob_match("*sonnet*", "claude-3-5-sonnet-20241022"));
    // Backtracking past a partial match: "aab" against "*ab" must retry after the first 'a'.
    CHECK(glob_match("*ab", "aab"));
    CHECK(glob_match("a*a*a", "aaaa"));
    CHECK_FALSE(glob_match("a*a*a", "aa"));
}

TEST_CASE("glob: ? matches exactly one character", "[glob]") {
    CHECK(glob_match("o?", "o1"));
    CHECK_FALSE(glob_match("o?", "o"));
    CHECK_FALSE(glob_match("o?", "o12"));
    CHECK(glob_match("??", "ab"));
    CHECK(glob_match("?*", "a"));
    CHECK_FALSE(glob_match("?*", ""));
}

TEST_CASE("glob: [...] sets, ranges and negation", "[glob]") {
    CHECK(glob_match("gpt-[45]o", "gpt-4o"));
    CHECK(glob_match("gpt-[45]o", "gpt-5o"));
    CHECK_FALSE(glob_match("gpt-[45]o", "gpt-3o"));
    CHECK(glob_match("v[0-9]", "v7"));
    CHECK_FALSE(glob_match("v[0-9]", "vx"));
    CHECK(glob_match("[a-z0-9]", "Q"));  // case-insensitive inside sets too
    CHECK(glob_match("x[!0-9]", "xa"));
    CHECK_FALSE(glob_match("x[!0-9]", "x5"));
    CHECK(glob_match("x[^0-9]", "xa"));
    CHECK_FALSE(glob_match("x[^0-9]", "x5"));
    CHECK(glob_match("20[0-9][0-9]-*", "2024-08-06"));
}

TEST_CASE("glob: edge cases of bracket expressions", "[glob]") {
    // A ']' first in the set is a member, not the end.
    CHECK(glob_match("[]]", "]"));
    CHECK(glob_match("[]a]", "a"));
    CHECK(glob_match("[!]]", "x"));
    CHECK_FALSE(glob_match("[!]]", "]"));
    // A '-' at either end is a member.
    CHECK(glob_match("[-a]", "-"));
    CHECK(glob_match("[a-]", "-"));
    CHECK_FALSE(glob_match("[a-]", "b"));
    // Special characters are literal inside a set: the way to match them.
    CHECK(glob_match("a[*]", "a*"));
    CHECK_FALSE(glob_match("a[*]", "ab"));
    CHECK(glob_match("a[?]", "a?"));
    CHECK(glob_match("a[[]", "a["));
    // An unterminated '[' is an ordinary character.
    CHECK(glob_match("a[b", "a[b"));
    CHECK_FALSE(glob_match("a[b", "ab"));
    CHECK(glob_match("[", "["));
    CHECK(glob_match("*[", "x["));
    // An empty-looking set "[]" has no end here, so it is literal text.
    CHECK(glob_match("[]", "[]"));
}

TEST_CASE("glob: matches names known only at run time", "[glob]") {
    const std::string pattern = std::string("claude-") + "sonnet-4*";
    const std::string name = "CLAUDE-SONNET-4-5-20250929";
    CHECK(glob_match(pattern, name));
    CHECK_FALSE(glob_match(pattern, std::string_view(name).substr(0, 10)));
}
