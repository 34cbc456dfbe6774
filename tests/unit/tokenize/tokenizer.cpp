// The tokenizer over a small vocabulary: encode, count and decode, special tokens, and what it refuses.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <random>
#include <string>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif

using polyllm::encoding;
using polyllm::special_tokens;
using polyllm::token_id;
using ids = std::vector<token_id>;

namespace {
polyllm::tokenizer tiny(encoding e = encoding::cl100k_base) {
    return polyllm::tokenizer::create(e, polyllm_test::tiny_vocabulary({"he", "ll", "llo", "hello", " w", "or",
                                                                        "ld", " wor", " world", "<|", "|>"}))
        .value();
}
}  // namespace

TEST_CASE("tokenizer: whole pieces and merged pieces", "[tokenize][tokenizer]") {
    const auto t = tiny();
    CHECK(t.encode("hello world") == ids{259, 264});
    CHECK(t.encode("hello worlds") == ids{259, 264, 's'});  // " worlds" is one piece, merged
    CHECK(t.count("hello worlds") == 3);
    CHECK(t.encode("helo") == ids{256, 'l', 'o'});
    CHECK(t.encode("").empty());
    CHECK(t.count("") == 0);
}

TEST_CASE("tokenizer: special tokens are text unless allowed", "[tokenize][tokenizer]") {
    const auto t = tiny();
    const std::string text = "hello<|endoftext|> world<|fim_middle|><|endofprompt|>";
    const auto as_text = t.encode(text);
    CHECK(std::find(as_text.begin(), as_text.end(), 100257) == as_text.end());
    CHECK(t.decode(as_text).value() == text);
    const auto allowed = t.encode(text, special_tokens::allowed);
    CHECK(allowed == ids{259, 100257, 264, 100259, 100276});
    CHECK(t.count(text, special_tokens::allowed) == 5);
    CHECK(t.decode(allowed).value() == text);
    // The text between special tokens is split on its own: a trailing space stays a piece before the token.
    CHECK(t.encode("hello <|endoftext|>", special_tokens::allowed) == ids{259, ' ', 100257});
    CHECK(t.encode("<|endoftext", special_tokens::allowed) == t.encode("<|endoftext"));
    // o200k has two special tokens only.
    const auto o = tiny(encoding::o200k_base);
    CHECK(o.encode("<|endoftext|><|fim_prefix|>", special_tokens::allowed).front() == 199999);
    CHECK(o.encode("<|endoftext|><|fim_prefix|>", special_tokens::allowed).size() > 2);
}

TEST_CASE("tokenizer: decode puts any bytes back", "[tokenize][tokenizer]") {
    const auto t = tiny();
    std::mt19937 random(9);
    for (int round = 0; round < 300; ++round) {
        std::string bytes(std::size_t(random() % 200), '\0');
        for (auto& b : bytes) b = char(random() % 2 ? random() % 256 : "hello world<|>"[random() % 14]);
        for (auto specials : {special_tokens::as_text, special_tokens::allowed}) {
            const auto encoded = t.encode(bytes, specials);
            CHECK(t.count(bytes, specials) == encoded.size());
            CHECK(t.decode(encoded).value() == bytes);
        }
    }
}

TEST_CASE("tokenizer: large texts and counts on several threads give the same tokens", "[tokenize][tokenizer]") {
    // Large enough for the piece cache (repeated words) and for several threads with a low threshold; parts of
    // under 16 KB (piece_cache::min_text) encode without the cache, so the two ways are compared as well.
    const auto t = polyllm::tokenizer::create(
                       encoding::o200k_base,
                       polyllm_test::tiny_vocabulary({"he", "ll", "llo", "hello", " w", "or", "ld", " wor", " world",
                                                      "\xE4\xB8", "\xE4\xB8\xAD", "\xE4\xB8\xAD\xE4\xB8\xAD", "12", "ab"}))
                       .value();
    std::mt19937 random(29);
    const std::string_view alphabet[] = {"hello", " world", " worlds", "ab", "abab", " ", "\n", "\r\n", "123456",
                                         "!", "'s", "\xE4\xB8\xAD", "\xC3\xA9", "\xFF", "<|endoftext|>", "x"};
    std::string text;
    while (text.size() < 64 * 1024) text += alphabet[random() % std::size(alphabet)];
    for (const auto specials : {special_tokens::as_text, special_tokens::allowed}) {
        const auto one = t.count(text, specials);
        CHECK(one == t.encode(text, specials).size());
        for (const unsigned threads : {2u, 3u, 8u})
            CHECK(t.count(text, polyllm::count_threads{threads, 1000}, specials) == one);
        CHECK(t.count(text, polyllm::count_threads{}, specials) == one);  // below the default threshold
        ids of_parts;
        const auto parts = polyllm::split_at_piece_boundaries(text, 256, 200);
        CHECK(parts.size() > 100);
        for (const auto part : parts)
            for (const auto id : t.encode(part, specials)) of_parts.push_back(id);
        CHECK(of_parts == t.encode(text, specials));
    }
}

#if defined(__linux__)
TEST_CASE("tokenizer: the default number of threads is the processors the process may run on",
          "[tokenize][tokenizer]") {
    // Under `taskset -c 0` (or a container's CPU set) a second thread would only take turns with the first.
    cpu_set_t saved;
    REQUIRE(sched_getaffinity(0, sizeof saved, &saved) == 0);
    CHECK(polyllm::detail::usable_cpus() == unsigned(CPU_COUNT(&saved)));
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &saved)) {
            CPU_SET(cpu, &one);
            break;
        }
    REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
    const auto usable = polyllm::detail::usable_cpus();
    REQUIRE(sched_setaffinity(0, sizeof saved, &saved) == 0);
    CHECK(usable == 1);
}
#endif

TEST_CASE("tokenizer: unknown ids are an error", "[tokenize][tokenizer]") {
    const auto t = tiny();
    const auto decoded = t.decode(ids{259, 5000});
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error() == polyllm::errc::bad_request);
    CHECK(decoded.error().message == "token id 5000 is not in cl100k_base");
    CHECK(t.token_bytes(100276) == "<|endofprompt|>");
    CHECK(t.token_bytes(259) == "hello");
    CHECK(t.token_bytes(99999).empty());
}

TEST_CASE("tokenizer: refuses vocabularies that are not the encoding's", "[tokenize][tokenizer]") {
    // A test vocabulary read as cl100k_base: the wrong size.
    const auto wrong = polyllm::tokenizer::from_tiktoken(encoding::cl100k_base, polyllm_test::tiny_tiktoken({"ab"}),
                                                         "mine.tiktoken");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error() == polyllm::errc::invalid_config);
    CHECK(wrong.error().message == "mine.tiktoken is not cl100k_base (it has 257 tokens; cl100k_base has 100256)");
    // An ordinary token on a special token's id.
    const auto file = polyllm_test::tiny_tiktoken({}) + polyllm_test::base64("xyz") + " 199999\n";
    const auto clash = polyllm::tokenizer::create(encoding::o200k_base,
                                                  polyllm::vocabulary::parse_tiktoken(file, "clash.tiktoken").value(),
                                                  "clash.tiktoken");
    REQUIRE_FALSE(clash);
    CHECK(clash.error().message == "clash.tiktoken gives id 199999 to a token, but it is the id of <|endoftext|>");
    // Malformed files fail with the parser's message.
    const auto malformed = polyllm::tokenizer::from_tiktoken(encoding::o200k_base, "QQ== 0\nnot a line\n", "x.tiktoken");
    REQUIRE_FALSE(malformed);
    CHECK_THAT(malformed.error().message, Catch::StartsWith("x.tiktoken:2: expected"));
}

TEST_CASE("tokenizer: large texts between special tokens are encoded whole and in order", "[tokenize][tokenizer]") {
    // Each stretch between the special tokens is over 16 KB, so it is encoded with the piece cache, which reads
    // pieces ahead of the one it encodes; every piece must still come out once, in order, up to each stretch's end.
    const auto t = tiny(encoding::o200k_base);
    std::mt19937 random(31);
    const std::string_view alphabet[] = {"hello", " world", " worlds", " wor", "ll", "\n", "  ", "12", "!",
                                         "\xE4\xB8\xAD", "x", " hello"};
    std::vector<std::string> stretches(3);
    for (auto& s : stretches)
        while (s.size() < 20 * 1024 + random() % 1000) s += alphabet[random() % std::size(alphabet)];
    const std::string text = stretches[0] + "<|endoftext|>" + stretches[1] + "<|endoftext|>" + stretches[2];
    ids expected;
    for (std::size_t i = 0; i < stretches.size(); ++i) {
        if (i > 0) expected.push_back(t.encode("<|endoftext|>", special_tokens::allowed).at(0));
        for (const auto part : polyllm::split_at_piece_boundaries(stretches[i], 256, 100))  // small: no cache
            for (const auto id : t.encode(part)) expected.push_back(id);
    }
    CHECK(t.encode(text, special_tokens::allowed) == expected);
    CHECK(t.count(text, special_tokens::allowed) == expected.size());
}
