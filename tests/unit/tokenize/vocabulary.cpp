// Parsing .tiktoken files: the lookups both ways, and a clear error naming the line for each kind of damage.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <random>
#include <set>
#include <string>
#include <vector>

using polyllm_test::base64;
using polyllm_test::tiny_tiktoken;

namespace {
polyllm::error parse_error(const std::string& text) {
    auto v = polyllm::vocabulary::parse_tiktoken(text, "bad.tiktoken");
    REQUIRE_FALSE(v);
    CHECK(v.error() == polyllm::errc::invalid_config);
    return v.error();
}
}  // namespace

TEST_CASE("vocabulary: tokens and ids both ways", "[tokenize][vocabulary]") {
    const auto v = polyllm_test::tiny_vocabulary({"he", "llo", "hello", std::string_view("\0\xFF", 2)});
    CHECK(v.size() == 260);
    CHECK(v.find("he") == 256);
    CHECK(v.find("hello") == 258);
    CHECK(v.find(std::string_view("\0\xFF", 2)) == 259);
    CHECK(v.find("hel") == polyllm::detail::no_token);
    CHECK(v.find("") == polyllm::detail::no_token);
    CHECK(v.find("A") == 'A');
    CHECK(v.byte_token(0xFF) == 0xFF);
    CHECK(v.bytes_of(257) == "llo");
    CHECK(v.bytes_of(260).empty());
    CHECK(v.longest_token() == 5);
}

TEST_CASE("vocabulary: line endings, blank lines and order do not matter", "[tokenize][vocabulary]") {
    std::string text = tiny_tiktoken({});
    text = base64("abc") + " 300\r\n\n" + text + base64("ab") + " 256\r\n";
    const auto v = polyllm::vocabulary::parse_tiktoken(text, "crlf.tiktoken");
    REQUIRE(v);
    CHECK(v.value().find("abc") == 300);
    CHECK(v.value().find("ab") == 256);
    CHECK(v.value().bytes_of(280).empty());  // a gap in the ids
}

TEST_CASE("vocabulary: malformed lines are errors that name the line", "[tokenize][vocabulary]") {
    const std::string bytes = tiny_tiktoken({});  // lines 1-256
    CHECK(parse_error(bytes + "YWI=257\n").message == "bad.tiktoken:257: expected \"<base64 token> <rank>\", found \"YWI=257\"");
    CHECK_THAT(parse_error(bytes + "YWI= 257 1\n").message, Catch::StartsWith("bad.tiktoken:257: expected"));
    CHECK(parse_error(bytes + "YW!= 257\n").message == "bad.tiktoken:257: the token \"YW!=\" is not base64");
    CHECK_THAT(parse_error(bytes + "YWJ 257\n").message, Catch::Contains(":257: the token \"YWJ\" is not base64"));
    CHECK_THAT(parse_error(bytes + "YWJ= 257\n").message, Catch::Contains("is not base64"));  // non-zero padding bits
    CHECK(parse_error(bytes + "YWI= x1\n").message == "bad.tiktoken:257: the rank \"x1\" is not a number");
    CHECK(parse_error(bytes + "YWI= -1\n").message == "bad.tiktoken:257: the rank \"-1\" is not a number");
    CHECK_THAT(parse_error(bytes + "YWI= 99999999999\n").message, Catch::Contains(":257: the rank 99999999999 is too large"));
}

TEST_CASE("vocabulary: duplicates and missing bytes are errors", "[tokenize][vocabulary]") {
    const std::string bytes = tiny_tiktoken({});
    CHECK(parse_error(bytes + base64("ab") + " 3\n").message ==
          "bad.tiktoken:257: the rank 3 is already taken by line 4");
    CHECK(parse_error(bytes + base64("A") + " 300\n").message ==
          "bad.tiktoken:257: the token is listed twice (also rank 65, line 66)");
    std::string without_a;
    for (int b = 0; b < 256; ++b)
        if (b != 'A') without_a += base64(std::string(1, char(b))) + " " + std::to_string(b) + "\n";
    CHECK_THAT(parse_error(without_a).message, Catch::Contains("the byte 0x41 has no token of its own"));
    CHECK(parse_error("").message == "bad.tiktoken:0: no tokens");
    CHECK(parse_error("\n\n").message == "bad.tiktoken:0: no tokens");
}

TEST_CASE("vocabulary: a large vocabulary finds every token, and a duplicate far from its twin", "[tokenize][vocabulary]") {
    // Tens of thousands of tokens, so that loading fills a table of many buckets (it inserts in the order of the
    // tokens' home slots, not of their lines) and the lookups probe past collisions.
    std::mt19937 random(7);
    std::set<std::string> seen;
    std::vector<std::string> tokens;
    while (tokens.size() < 40000) {
        std::string t(2 + random() % 18, '\0');
        for (auto& c : t) c = char(random() % 7 == 0 ? 0xE4 : 'a' + random() % 26);
        if (seen.insert(t).second) tokens.push_back(t);
    }
    std::string text = tiny_tiktoken({});
    for (std::size_t i = 0; i < tokens.size(); ++i) text += base64(tokens[i]) + " " + std::to_string(256 + i) + "\n";
    const auto v = polyllm::vocabulary::parse_tiktoken(text, "large.tiktoken");
    REQUIRE(v);
    CHECK(v.value().size() == 256 + tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) CHECK(v.value().find(tokens[i]) == 256 + i);
    for (int i = 0; i < 2000; ++i) {
        std::string t(2 + random() % 18, '\0');
        for (auto& c : t) c = char('a' + random() % 26);
        if (!seen.count(t)) CHECK(v.value().find(t) == polyllm::detail::no_token);
    }
    // The later line is the one reported, whichever bucket the token falls in.
    CHECK(parse_error(text + base64(tokens[12345]) + " 99999\n").message ==
          "bad.tiktoken:" + std::to_string(256 + tokens.size() + 1) + ": the token is listed twice (also rank " +
              std::to_string(256 + 12345) + ", line " + std::to_string(256 + 12345 + 1) + ")");
}
