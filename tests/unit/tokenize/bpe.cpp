// Byte-pair merging: the lowest rank first, the leftmost of equals, and the three strategies (rescanning for short
// pieces, a priority queue, rank by rank) giving the same ids.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using polyllm::token_id;
using ids = std::vector<token_id>;

namespace {
ids merge(const polyllm::vocabulary& v, std::string_view piece, int strategy = -1) {
    ids out;
    auto emit = [&](token_id id) { out.push_back(id); };
    switch (strategy) {
        case 0: polyllm::detail::merge_short_piece(v, piece, emit); break;
        case 1: polyllm::detail::merge_long_piece(v, piece, emit); break;
        case 2: REQUIRE(polyllm::detail::merge_huge_piece(v, piece, emit)); break;
        default: polyllm::detail::merge_piece(v, piece, emit);
    }
    return out;
}
}  // namespace

TEST_CASE("bpe: the pair of lowest rank merges first", "[tokenize][bpe]") {
    CHECK(merge(polyllm_test::tiny_vocabulary({"ab", "bc", "cd"}), "abcd") == ids{256, 258});
    CHECK(merge(polyllm_test::tiny_vocabulary({"bc", "ab", "cd"}), "abcd") == ids{'a', 256, 'd'});
    // A merge makes new pairs: "abc" is reached through "bc" only when "bc" goes first.
    CHECK(merge(polyllm_test::tiny_vocabulary({"bc", "ab", "abc"}), "abc") == ids{258});
    CHECK(merge(polyllm_test::tiny_vocabulary({"ab", "bc", "abc"}), "abc") == ids{258});
    CHECK(merge(polyllm_test::tiny_vocabulary({"xy"}), "abc") == ids{'a', 'b', 'c'});
}

TEST_CASE("bpe: of equal pairs the leftmost merges first", "[tokenize][bpe]") {
    const auto v = polyllm_test::tiny_vocabulary({"^^", "^^^^"});
    CHECK(merge(v, "^^^") == ids{256, '^'});
    CHECK(merge(v, "^^^^^") == ids{257, '^'});
    CHECK(merge(v, "^^^^^^^^^^") == ids{257, 257, 256});
}

TEST_CASE("bpe: the three strategies agree", "[tokenize][bpe]") {
    // Every pair and some longer runs over a small alphabet; shuffled among tokens of the same length, and longer
    // after shorter, as in a trained vocabulary (so merging rank by rank applies).
    std::mt19937 random(5);
    const std::string alphabet = "ab^ ";
    std::vector<std::string> pairs, longer = {"aaaa", "abab", "^^^^", "ba^", "b^b^", "    ", "a a", "aa^^",
                                              "abba", "^^^^^^^^", "ab^ab^"};
    for (char x : alphabet)
        for (char y : alphabet) pairs.push_back({x, y});
    std::shuffle(pairs.begin(), pairs.end(), random);
    std::stable_sort(longer.begin(), longer.end(), [](auto& a, auto& b) { return a.size() < b.size(); });
    std::string file = polyllm_test::tiny_tiktoken({});
    token_id rank = 256;
    for (const auto* list : {&pairs, &longer})
        for (const auto& token : *list) file += polyllm_test::base64(token) + " " + std::to_string(rank++) + "\n";
    const auto v = polyllm::vocabulary::parse_tiktoken(file, "mixed.tiktoken").value();

    for (int round = 0; round < 300; ++round) {
        std::string piece(std::size_t(1 + random() % 128), 'a');
        for (auto& c : piece) c = alphabet[random() % alphabet.size()];
        const auto expected = merge(v, piece, 0);
        CHECK(merge(v, piece, 1) == expected);
        CHECK(merge(v, piece, 2) == expected);
    }
    for (std::size_t n : {129u, 4096u, 20000u}) {
        std::string piece(n, 'a');
        for (auto& c : piece) c = alphabet[random() % alphabet.size()];
        CHECK(merge(v, piece, 2) == merge(v, piece, 1));
        CHECK(merge(v, piece) == merge(v, piece, 1));
    }
}

TEST_CASE("bpe: a vocabulary whose merges can lower the rank falls back to the priority queue", "[tokenize][bpe]") {
    // "abc" ranks below "bc": merging "bc" makes a pair of lower rank, which rank-by-rank merging cannot follow.
    const auto file = polyllm_test::tiny_tiktoken({}) + polyllm_test::base64("abc") + " 256\n" +
                      polyllm_test::base64("bc") + " 257\n";
    const auto v = polyllm::vocabulary::parse_tiktoken(file, "odd.tiktoken").value();
    std::string piece;
    for (int i = 0; i < 2000; ++i) piece += "abc";
    ids unused;
    auto emit = [&](token_id id) { unused.push_back(id); };
    CHECK_FALSE(polyllm::detail::merge_huge_piece(v, piece, emit));
    CHECK(unused.empty());
    CHECK(merge(v, piece) == ids(2000, 256));
    CHECK(merge(v, "abc", 0) == ids{256});
}
