// Which encoding each model uses, and the encodings' special tokens.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

using polyllm::encoding;
using polyllm::encoding_for_model;

static_assert(encoding_for_model("gpt-4o") == encoding::o200k_base);
static_assert(encoding_for_model("gpt-4") == encoding::cl100k_base);
static_assert(!encoding_for_model("claude-3-5-sonnet-20241022"));

TEST_CASE("encoding: OpenAI models and their encodings", "[tokenize][encoding]") {
    for (auto model : {"gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "chatgpt-4o-latest", "gpt-4.1", "gpt-4.1-nano",
                       "gpt-4.5-preview", "gpt-5", "gpt-5-mini", "o1", "o1-mini", "o1-preview", "o3", "o3-mini",
                       "o4-mini", "openai/gpt-4o", "azure/gpt-4o", "ft:gpt-4o-mini-2024-07-18:org::abc123"}) {
        INFO(model);
        CHECK(encoding_for_model(model) == encoding::o200k_base);
    }
    for (auto model : {"gpt-4", "gpt-4-0613", "gpt-4-32k", "gpt-4-turbo", "gpt-4-turbo-2024-04-09", "gpt-3.5-turbo",
                       "gpt-3.5-turbo-0125", "gpt-35-turbo", "text-embedding-3-small", "text-embedding-ada-002",
                       "openai/gpt-4", "ft:gpt-3.5-turbo-0125:org::x"}) {
        INFO(model);
        CHECK(encoding_for_model(model) == encoding::cl100k_base);
    }
    for (auto model : {"", "claude-3-opus", "gemini-1.5-pro", "llama3", "mistral-large", "anthropic/claude-3-5-sonnet"}) {
        INFO(model);
        CHECK_FALSE(encoding_for_model(model));
    }
}

TEST_CASE("encoding: names and special tokens", "[tokenize][encoding]") {
    for (auto e : {encoding::cl100k_base, encoding::o200k_base}) CHECK(polyllm::parse_encoding(to_string(e)) == e);
    CHECK_FALSE(polyllm::parse_encoding("p50k_base"));
    CHECK(polyllm::special_tokens_of(encoding::cl100k_base).size() == 5);
    CHECK(polyllm::special_tokens_of(encoding::cl100k_base).front().id == 100257);
    CHECK(polyllm::special_tokens_of(encoding::o200k_base).back().text == "<|endofprompt|>");
    for (auto e : {encoding::cl100k_base, encoding::o200k_base})
        for (const auto& s : polyllm::special_tokens_of(e)) CHECK(s.text.starts_with("<|"));
}
