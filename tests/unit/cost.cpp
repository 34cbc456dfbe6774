#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <cmath>
#include <optional>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

usage tokens(std::int64_t prompt, std::int64_t completion, std::int64_t cache_read = 0, std::int64_t cache_write = 0) {
    usage u;
    u.prompt_tokens = prompt;
    u.completion_tokens = completion;
    u.cache_read_tokens = cache_read;
    u.cache_write_tokens = cache_write;
    return u;
}

// Costs are compared to the hundredth of a cent: the worked examples are exact in USD.
bool same_cost(std::optional<double> got, double want) { return got && std::abs(*got - want) < 0.00001; }

model_info table(std::string_view model) { return model_info_of(model).value(); }

}  // namespace

TEST_CASE("OpenAI: cached tokens are part of prompt_tokens and billed at the cache-read rate", "[cost]") {
    // gpt-4o: $2.50 input, $1.25 cached input, $10.00 output per million tokens.
    CHECK(same_cost(cost_of(tokens(100'000, 2'000), table("gpt-4o")), 0.27));
    // 80,000 of the 100,000 prompt tokens came from the cache: 20,000 x 2.50 + 80,000 x 1.25 + 2,000 x 10.
    CHECK(same_cost(cost_of(tokens(100'000, 2'000, 80'000), table("gpt-4o")), 0.17));
}

TEST_CASE("OpenAI: a parsed response is priced from its cached_tokens", "[cost]") {
    // o3-mini: $1.10 input, $0.55 cached, $4.40 output; the fixture has 2,048 prompt tokens of which 1,920 cached,
    // and 4,000 completion tokens of which 3,712 reasoning (billed as output).
    llm_config cfg;
    cfg.model = "o3-mini";
    cfg.api_key = "sk-test";
    basic_llm<openai, scripted_transport> llm{cfg};
    llm.transport().respond(200, fixture("openai/response-reasoning-cached.json"));
    request req;
    req.messages = {message::user("primes?")};
    auto c = llm.complete(req);
    REQUIRE(c);
    CHECK(c.value().usage.cache_read_tokens == 1920);
    REQUIRE(c.value().cost);
    CHECK(*c.value().cost == Approx(128 * 1.10e-6 + 1920 * 0.55e-6 + 4000 * 4.40e-6));
    CHECK(*c.value().cost < 2048 * 1.10e-6 + 4000 * 4.40e-6);  // not the naive price
}

TEST_CASE("Anthropic: cache reads and writes each at their own rate", "[cost]") {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write (5 minutes), $15 output per million.
    // Anthropic reported input_tokens 1,000, cache_read_input_tokens 100,000, cache_creation_input_tokens 50,000,
    // output_tokens 2,000; normalized, the prompt is all three: 151,000.
    const auto sonnet = table("claude-sonnet-4-5");
    CHECK(same_cost(cost_of(tokens(151'000, 2'000, 100'000, 50'000), sonnet), 0.2505));
    CHECK(same_cost(cost_of(tokens(1'000, 2'000), sonnet), 0.033));
    // Writing the cache costs more than reading it: the same prompt all written vs all read.
    CHECK(*cost_of(tokens(100'000, 0, 0, 100'000), sonnet) > *cost_of(tokens(100'000, 0, 100'000, 0), sonnet));
}

TEST_CASE("Anthropic: one-hour cache writes at the one-hour rate", "[cost]") {
    // claude-sonnet-4-5: a 5-minute write costs $3.75, a 1-hour write $6 per million (2x input). 50,000 written, of
    // which 20,000 for an hour (usage.cache_creation.ephemeral_1h_input_tokens).
    const auto sonnet = table("claude-sonnet-4-5");
    auto u = tokens(51'000, 2'000, 0, 50'000);
    u.cache_write_1h_tokens = 20'000;
    CHECK(same_cost(cost_of(u, sonnet), 0.2655));
    CHECK(same_cost(cost_of(tokens(51'000, 2'000, 0, 50'000), sonnet), 0.2205));  // all at the 5-minute rate
    // Above 200k prompt tokens the long-context tier has its own 1-hour rate: $12 per million.
    auto long_prompt = tokens(250'000, 0, 0, 100'000);
    long_prompt.cache_write_1h_tokens = 100'000;
    CHECK(same_cost(cost_of(long_prompt, sonnet), 150'000 * 6e-6 + 100'000 * 12e-6));

    model_info no_1h_price = sonnet;
    no_1h_price.cache_write_1h_cost_per_token.reset();
    CHECK_FALSE(cost_of(u, no_1h_price));  // unknown, never billed at the cheaper rate
    CHECK(cost_of(tokens(51'000, 2'000, 0, 50'000), no_1h_price));  // no 1-hour writes: not needed

    llm_config cfg;
    cfg.model = "claude-sonnet-4-5";
    cfg.cache_write_1h_cost_per_token = 10e-6;
    CHECK(same_cost(cost_of(u, effective_model_info(cfg)), 1'000 * 3e-6 + 30'000 * 3.75e-6 + 20'000 * 10e-6 + 2'000 * 15e-6));
}

TEST_CASE("Prompts above the long-context threshold use the long-context prices", "[cost]") {
    const auto sonnet = table("claude-sonnet-4-5");
    CHECK(same_cost(cost_of(tokens(200'000, 1'000), sonnet), 0.615));     // at the threshold: base prices
    CHECK(same_cost(cost_of(tokens(250'000, 1'000), sonnet), 1.5225));    // $6 and $22.50
    CHECK(same_cost(cost_of(tokens(250'000, 1'000, 200'000), sonnet), 0.4425));  // 50k x 6 + 200k x 0.60 + 1k x 22.5
}

TEST_CASE("Gemini: cached content at its rate", "[cost]") {
    // gemini-2.0-flash: $0.10 input, $0.025 cached, $0.40 output per million.
    CHECK(same_cost(cost_of(tokens(1'000'000, 8'000, 400'000), table("gemini-2.0-flash")), 0.0732));
}

TEST_CASE("An unknown price makes the cost unknown, never zero", "[cost]") {
    CHECK_FALSE(cost_of(tokens(1'000, 100), model_info{}));
    model_info only_base;
    only_base.input_cost_per_token = 1e-6;
    only_base.output_cost_per_token = 2e-6;
    CHECK(same_cost(cost_of(tokens(1'000'000, 1'000'000), only_base), 3.0));
    CHECK_FALSE(cost_of(tokens(1'000, 100, 500), only_base));     // cache reads, no cache-read price
    CHECK_FALSE(cost_of(tokens(1'000, 100, 0, 500), only_base));  // cache writes, no cache-write price
    CHECK_FALSE(cost_of(usage{}, only_base));                      // no usage reported
    model_info no_output = only_base;
    no_output.output_cost_per_token.reset();
    CHECK_FALSE(cost_of(tokens(1'000, 100), no_output));
    CHECK(same_cost(cost_of(tokens(1'000'000, 0), no_output), 1.0));  // nothing to bill at the missing price
}

TEST_CASE("Configured prices override the tables, long-context tier included", "[cost]") {
    llm_config cfg;
    cfg.model = "claude-sonnet-4-5";
    cfg.input_cost_per_token = 1e-6;
    cfg.output_cost_per_token = 1e-6;
    cfg.cache_read_cost_per_token = 0.5e-6;
    const auto info = effective_model_info(cfg);
    CHECK(same_cost(cost_of(tokens(300'000, 100'000, 100'000), info), 0.35));  // no long-context tier
    CHECK(info.cache_write_cost_per_token == table("claude-sonnet-4-5").cache_write_cost_per_token);

    llm_config local;
    local.model = "my-finetune";
    CHECK_FALSE(cost_of(tokens(10, 10), effective_model_info(local)));
    local.input_cost_per_token = 0;
    local.output_cost_per_token = 0;
    CHECK(cost_of(tokens(10, 10), effective_model_info(local)) == 0.0);  // free because the user said so
}

namespace {

// claude-sonnet-4-5 over the scripted transport, answering one request with the Anthropic fixture `response`.
struct sonnet_answering {
    explicit sonnet_answering(const char* response) : llm(config()) {
        llm.transport().respond(200, fixture(response));
        request req;
        req.messages = {message::user("Summarize the document.")};
        answer = llm.complete(req);
    }
    static llm_config config() {
        llm_config cfg;
        cfg.model = "claude-sonnet-4-5";
        cfg.api_key = "sk-ant-test";
        return cfg;
    }
    basic_llm<anthropic, scripted_transport> llm;
    result<completion> answer = error{errc::no_response, "not answered yet"};
};

}  // namespace

TEST_CASE("Anthropic: a parsed response is priced from input, cache read and cache write tokens", "[cost][anthropic]") {
    sonnet_answering s("anthropic/response-cached-usage.json");
    REQUIRE(s.answer);
    const auto& c = s.answer.value();
    // input_tokens 50, cache_read_input_tokens 12,000, cache_creation_input_tokens 1,500, output_tokens 256.
    CHECK(c.usage.prompt_tokens == 13'550);
    REQUIRE(c.cost);
    CHECK(*c.cost == Approx(50 * 3e-6 + 12'000 * 0.30e-6 + 1'500 * 3.75e-6 + 256 * 15e-6));
    CHECK(s.llm.metrics().accumulated_cost() == Approx(*c.cost));
}

TEST_CASE("Anthropic: a response with one-hour cache writes is priced at both write rates", "[cost][anthropic]") {
    sonnet_answering s("anthropic/response-cache-1h.json");
    REQUIRE(s.answer);
    const auto& c = s.answer.value();
    CHECK(c.usage.cache_write_tokens == 50'000);
    CHECK(c.usage.cache_write_1h_tokens == 20'000);
    CHECK(same_cost(c.cost, 0.2655));
    CHECK(s.llm.metrics().accumulated_usage().cache_write_1h_tokens == 20'000);
}
