// wire::mentions_context_window: "the prompt does not fit" recognised in a server's own words.

#include <polyllm/wire/context_window.hpp>

#include <catch2/catch.hpp>

using polyllm::wire::mentions_context_window;

TEST_CASE("mentions_context_window finds each server's phrase in any case", "[wire][context_window]") {
    CHECK(mentions_context_window("This model's maximum context length is 8192 tokens."));
    CHECK(mentions_context_window("prompt is too long: 210000 tokens > 200000 maximum"));
    CHECK(mentions_context_window("PLEASE REDUCE THE LENGTH OF the messages"));
    CHECK(mentions_context_window("the request exceeds the available context size, try increasing it"));
    CHECK_FALSE(mentions_context_window("Rate limit reached for requests"));
    CHECK_FALSE(mentions_context_window(""));
}

TEST_CASE("mentions_context_window takes a provider's own phrases besides", "[wire][context_window]") {
    const auto message = "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).";
    CHECK_FALSE(mentions_context_window(message));
    CHECK(mentions_context_window(message, {"exceeds the maximum number of tokens"}));
    CHECK_FALSE(mentions_context_window("invalid key", {"exceeds the maximum number of tokens"}));
}
