#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

using polyllm::capability;
using polyllm::features_of;
using polyllm::model_info_of;
using polyllm::supports;

// ---------------------------------------------------------------------------------------------- compile time

// The two checks the issue asks for, verbatim.
static_assert(polyllm::supports("claude-3-5-sonnet-20241022", polyllm::capability::function_calling));
static_assert(!polyllm::supports("o1", polyllm::capability::stop_words));

// The provider guide's recommended models.
static_assert(supports("anthropic/claude-3-5-sonnet-20241022", capability::function_calling));
static_assert(supports("anthropic/claude-3-5-sonnet-20241022", capability::prompt_cache));
static_assert(supports("anthropic/claude-3-5-haiku-20241022", capability::function_calling));
static_assert(supports("anthropic/claude-3-5-haiku-20241022", capability::prompt_cache));
static_assert(supports("deepseek/deepseek-chat", capability::function_calling));
static_assert(!supports("deepseek/deepseek-chat", capability::prompt_cache));
static_assert(supports("gpt-4o", capability::function_calling));
static_assert(supports("gpt-4o", capability::vision));
static_assert(!supports("gpt-4o", capability::reasoning_effort));

// An unlisted model: plain chat with stop words.
static_assert(features_of("some-local-model") == polyllm::model_features{});
static_assert(polyllm::model_features{}.stop_words && !polyllm::model_features{}.function_calling);

// Limits and prices are constants too.
static_assert(model_info_of("gpt-4o")->max_input_tokens == 128'000);
static_assert(model_info_of("anthropic/claude-3-5-sonnet-20241022")->max_output_tokens == 8'192);
static_assert(!model_info_of("no-such-model"));

// ---------------------------------------------------------------------------------------------- the lists

namespace {

struct expectation {
    std::string_view model;
    bool expected;
};

// Names for every pattern of a list, and names just outside it. Checked at run time with names in std::string
// (so nothing is folded by the compiler) and at compile time through check_at_compile_time below.
constexpr expectation function_calling_cases[] = {
    {"claude-3-7-sonnet-20250219", true},
    {"claude-3.7-sonnet", true},
    {"claude-3.7-sonnet:thinking", true},
    {"claude-sonnet-3-7-latest", true},
    {"claude-3-5-sonnet-20241022", true},
    {"claude-3.5-sonnet", true},
    {"claude-3.5-haiku", true},
    {"claude-3-5-haiku-20241022", true},
    {"claude-sonnet-4-20250514", true},
    {"claude-sonnet-4-5-20250929", true},
    {"claude-opus-4-1-20250805", true},
    {"claude-opus-4-5", true},
    {"gpt-4o", true},
    {"gpt-4o-mini-2024-07-18", true},
    {"gpt-4.1", true},
    {"gpt-5", true},
    {"gpt-5-mini-2025-08-07", true},
    {"o1-2024-12-17", true},
    {"o3", true},
    {"o3-mini-2025-01-31", true},
    {"o4-mini", true},
    {"o4-mini-2025-04-16", true},
    {"gemini-2.5-pro", true},
    {"gemini-2.5-pro-preview-06-05", true},
    {"gemini-3-pro-preview", true},
    {"groq/llama-3.3-70b-versatile", true},
    {"groq/openai/gpt-oss-120b", true},
    {"kimi-k2-0711-preview", true},
    {"kimi-k2-instruct", true},
    {"qwen3-coder-480b-a35b-instruct", true},
    {"deepseek-chat", true},
    {"grok-code-fast-1", true},
    // Just outside the list.
    {"gpt-4.1-mini", false},  // "gpt-4.1" is exact
    {"gpt-4", false},
    {"o1", false},  // only the dated o1 snapshot is listed
    {"o1-mini", false},
    {"gemini-2.5-flash", false},
    {"gemini-2.0-flash", false},
    {"claude-3-haiku-20240307", false},
    {"claude-3-opus-20240229", false},
    {"claude-haiku-4-5", false},
    {"deepseek-reasoner", false},
    {"llama-3.3-70b-versatile", false},  // only through groq/
    {"kimi-k2-0905-preview", false},
    {"qwen3-32b", false},
    {"grok-4-0709", false},
};

constexpr expectation reasoning_effort_cases[] = {
    {"o1-2024-12-17", true},
    {"o1", true},
    {"o3", true},
    {"o3-2025-04-16", true},
    {"o3-mini-2025-01-31", true},
    {"o3-mini", true},
    {"o4-mini", true},
    {"o4-mini-2025-04-16", true},
    {"gemini-2.5-flash", true},
    {"gemini-2.5-pro", true},
    {"gpt-5", true},
    {"gpt-5-nano", true},
    {"deepseek-r1-0528", true},
    {"deepseek-r1-0528-qwen3-8b", true},
    {"claude-sonnet-4-5-20250929", true},
    {"claude-haiku-4-5-20251001", true},
    // Just outside: these lists are exact where the are.
    {"o1-mini", false},
    {"o3-pro", false},
    {"o4-mini-high", false},
    {"gemini-2.5-flash-lite", false},
    {"gemini-2.5-pro-preview-06-05", false},
    {"gpt-4o", false},
    {"gpt-4.1", false},
    {"deepseek-r1", false},
    {"claude-sonnet-4-20250514", false},
    {"claude-opus-4-1-20250805", false},
    {"claude-3-7-sonnet-20250219", false},
};

constexpr expectation prompt_cache_cases[] = {
    {"claude-3-7-sonnet-20250219", true},
    {"claude-3.7-sonnet", true},
    {"claude-sonnet-3-7-latest", true},
    {"claude-3-5-sonnet-20240620", true},
    {"claude-3-5-haiku-20241022", true},
    {"claude-3.5-haiku", true},
    {"claude-3-haiku-20240307", true},
    {"claude-3-opus-20240229", true},
    {"claude-sonnet-4-5", true},
    {"claude-opus-4-20250514", true},
    // Just outside.
    {"claude-3.5-sonnet", false},  // the dotted Sonnet 3.5 name is not in the list
    {"claude-3-sonnet-20240229", false},
    {"claude-3-haiku", false},
    {"claude-haiku-4-5", false},
    {"gpt-4o", false},
    {"gemini-2.5-pro", false},
};

constexpr expectation stop_words_cases[] = {
    {"o1", false},
    {"o1-mini", false},
    {"o1-preview-2024-09-12", false},
    {"o1-2024-12-17", false},
    {"grok-4-0709", false},
    {"grok-code-fast-1", false},
    {"deepseek-r1-0528", false},
    {"deepseek-r1-0528-qwen3-8b", false},
    // Everything else takes stop words.
    {"o3", true},
    {"o4-mini", true},
    {"grok-4", true},
    {"deepseek-r1", true},
    {"gpt-4o", true},
    {"claude-3-5-sonnet-20241022", true},
    {"unlisted-model", true},
};

constexpr expectation vision_cases[] = {
    {"gpt-4o", true},
    {"gpt-4o-2024-11-20", true},
    {"gpt-4o-mini", true},
    {"gpt-4.1-nano", true},
    {"gpt-5-mini", true},
    {"o1", true},
    {"o3", true},
    {"o4-mini-2025-04-16", true},
    {"claude-3-5-sonnet-20241022", true},
    {"claude-3-haiku-20240307", true},
    {"claude-sonnet-4-5", true},
    {"claude-opus-4-1", true},
    {"claude-haiku-4-5", true},
    {"gemini-2.5-flash", true},
    {"gemini-3-pro-preview", true},
    {"meta-llama/llama-4-scout-17b-16e-instruct", true},
    {"gpt-4o-audio-preview", false},
    {"gpt-4o-mini-search-preview", false},
    {"o1-mini", false},
    {"o3-mini", false},
    {"gpt-3.5-turbo", false},
    {"deepseek-chat", false},
    {"llama-3.3-70b-versatile", false},
};

template <std::size_t N>
constexpr bool check_at_compile_time(const expectation (&cases)[N], capability c) {
    for (const auto& e : cases)
        if (supports(e.model, c) != e.expected) return false;
    return true;
}

static_assert(check_at_compile_time(function_calling_cases, capability::function_calling));
static_assert(check_at_compile_time(reasoning_effort_cases, capability::reasoning_effort));
static_assert(check_at_compile_time(prompt_cache_cases, capability::prompt_cache));
static_assert(check_at_compile_time(stop_words_cases, capability::stop_words));
static_assert(check_at_compile_time(vision_cases, capability::vision));

template <std::size_t N>
void check_at_run_time(const expectation (&cases)[N], capability c) {
    for (const auto& e : cases) {
        const std::string model(e.model);  // a run-time string
        INFO(model << " " << polyllm::to_string(c));
        CHECK(supports(model, c) == e.expected);
        CHECK(features_of(model).has(c) == e.expected);
    }
}

}  // namespace

TEST_CASE("models: the function calling list", "[models]") {
    check_at_run_time(function_calling_cases, capability::function_calling);
}

TEST_CASE("models: the reasoning effort list", "[models]") {
    check_at_run_time(reasoning_effort_cases, capability::reasoning_effort);
}

TEST_CASE("models: the prompt cache list", "[models]") {
    check_at_run_time(prompt_cache_cases, capability::prompt_cache);
}

TEST_CASE("models: the models without stop words", "[models]") {
    check_at_run_time(stop_words_cases, capability::stop_words);
}

TEST_CASE("models: the vision list", "[models]") {
    check_at_run_time(vision_cases, capability::vision);
}

TEST_CASE("models: every pattern of the built-in lists is reached by some name", "[models]") {
    // A pattern that nothing can match (a typo such as "gpt-4o*]") would silently drop a model.
    auto probe = [](std::string_view pattern) {
        std::string name;
        for (std::size_t i = 0; i < pattern.size(); ++i) {
            if (pattern[i] == '*') continue;
            if (pattern[i] == '?') name += 'x';
            else if (pattern[i] == '[') {
                name += pattern[i + 1];
                i = pattern.find(']', i + 2);
            } else name += pattern[i];
        }
        return name;
    };
    namespace t = polyllm::model_tables;
    auto check_list = [&](const auto& list) {
        for (std::string_view pattern : list) {
            INFO(pattern);
            CHECK(polyllm::model_matches(pattern, probe(pattern)));
        }
    };
    check_list(t::function_calling);
    check_list(t::prompt_cache);
    check_list(t::reasoning_effort);
    check_list(t::without_stop_words);
    check_list(t::vision);
    CHECK(std::size(t::function_calling) == 23);
    CHECK(std::size(t::reasoning_effort) == 14);
    CHECK(std::size(t::prompt_cache) == 10);
    CHECK(std::size(t::without_stop_words) == 4);
}

// ---------------------------------------------------------------------------------------------- matching rules

TEST_CASE("models: names are matched after the last '/', without ':tag' or '-gguf', ignoring case", "[models]") {
    using polyllm::model_basename;
    CHECK(model_basename("gpt-4o") == "gpt-4o");
    CHECK(model_basename("openrouter/anthropic/claude-3.5-sonnet") == "claude-3.5-sonnet");
    CHECK(model_basename("ollama/qwen3-coder:30b") == "qwen3-coder");
    CHECK(model_basename("hf.co/unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M") == "Qwen3-Coder-30B-A3B-Instruct");
    CHECK(model_basename("  gpt-4o \n") == "gpt-4o");
    CHECK(model_basename("models/") == "");
    CHECK(model_basename("x-gguf-gguf") == "x-gguf");  // one suffix only

    CHECK(supports("ollama/qwen3-coder:30b", capability::function_calling));
    CHECK(supports("lm_studio/Qwen3-Coder-30B-GGUF", capability::function_calling));
    CHECK(supports("litellm_proxy/openai/GPT-4O", capability::function_calling));
    CHECK(supports("openrouter/anthropic/claude-sonnet-4", capability::prompt_cache));
    CHECK(supports("  o3  ", capability::reasoning_effort));
    CHECK(supports("ollama/o3:latest", capability::reasoning_effort));
    CHECK_FALSE(supports("o3-gguf-mini", capability::reasoning_effort));  // "-gguf" only at the end
}

TEST_CASE("models: a pattern with '/' is matched against the whole name", "[models]") {
    CHECK(polyllm::model_matches("groq/*", "groq/llama-3.1-8b-instant"));
    CHECK(polyllm::model_matches("groq/*", "GROQ/llama-3.1-8b-instant"));
    CHECK_FALSE(polyllm::model_matches("groq/*", "openrouter/groq/llama"));
    CHECK_FALSE(polyllm::model_matches("groq/*", "llama-3.1-8b-instant"));
    // A pattern without '/' never sees the provider prefix.
    CHECK_FALSE(polyllm::model_matches("groq*", "groq/llama-3.1-8b-instant"));
    CHECK(polyllm::model_matches("llama*", "groq/llama-3.1-8b-instant"));
}

// ---------------------------------------------------------------------------------------------- limits and prices

TEST_CASE("models: limits and prices of the recommended models", "[models]") {
    const auto gpt_4o = model_info_of(std::string("openai/gpt-4o"));
    REQUIRE(gpt_4o);
    CHECK(gpt_4o->max_input_tokens == 128'000);
    CHECK(gpt_4o->max_output_tokens == 16'384);
    CHECK(gpt_4o->input_cost_per_token.value() == Approx(2.50e-6));
    CHECK(gpt_4o->output_cost_per_token.value() == Approx(10.00e-6));
    CHECK(gpt_4o->cache_read_cost_per_token.value() == Approx(1.25e-6));

    const auto sonnet = model_info_of("anthropic/claude-3-5-sonnet-20241022");
    REQUIRE(sonnet);
    CHECK(sonnet->max_input_tokens == 200'000);
    CHECK(sonnet->input_cost_per_token.value() == Approx(3e-6));
    CHECK(sonnet->output_cost_per_token.value() == Approx(15e-6));
    CHECK(sonnet->cache_write_cost_per_token.value() == Approx(3.75e-6));
    CHECK(sonnet->cache_read_cost_per_token.value() == Approx(0.30e-6));

    const auto haiku = model_info_of("anthropic/claude-3-5-haiku-20241022");
    REQUIRE(haiku);
    CHECK(haiku->input_cost_per_token.value() == Approx(0.80e-6));
    CHECK(haiku->output_cost_per_token.value() == Approx(4e-6));

    // DeepSeek's limits are known, its current prices are not: unknown, never zero.
    const auto deepseek = model_info_of("deepseek/deepseek-chat");
    REQUIRE(deepseek);
    CHECK(deepseek->max_input_tokens == 128'000);
    CHECK(deepseek->max_output_tokens == 8'192);
    CHECK_FALSE(deepseek->input_cost_per_token);
    CHECK_FALSE(deepseek->output_cost_per_token);
}

TEST_CASE("models: snapshots, long-context prices and provider-qualified rows", "[models]") {
    CHECK(model_info_of("gpt-4o-2024-05-13")->input_cost_per_token.value() == Approx(5e-6));
    CHECK_FALSE(model_info_of("gpt-4o-2024-05-13")->cache_read_cost_per_token);
    CHECK(model_info_of("gpt-4o-2024-08-06") == model_info_of("gpt-4o"));
    CHECK_FALSE(model_info_of("gpt-4o-audio-preview"));  // other prices; not in the table
    CHECK(model_info_of("gpt-5")->max_input_tokens == 272'000);
    CHECK(model_info_of("gpt-5")->max_output_tokens == 128'000);

    const auto pro = model_info_of("gemini/gemini-2.5-pro");
    REQUIRE(pro);
    REQUIRE(pro->long_context);
    CHECK(pro->long_context->above_input_tokens == 200'000);
    CHECK(pro->long_context->input_cost_per_token.value() == Approx(2.5e-6));
    CHECK(pro->long_context->output_cost_per_token.value() == Approx(15e-6));
    CHECK_FALSE(model_info_of("gemini-2.5-flash")->long_context);
    const auto sonnet = model_info_of("anthropic/claude-sonnet-4-5");
    REQUIRE(sonnet->long_context);
    CHECK(sonnet->max_input_tokens == 200'000);  // 1M only with a beta header
    CHECK(sonnet->long_context->input_cost_per_token.value() == Approx(6e-6));
    CHECK(sonnet->long_context->output_cost_per_token.value() == Approx(22.5e-6));

    CHECK(model_info_of("groq/openai/gpt-oss-120b")->input_cost_per_token.value() == Approx(0.15e-6));
    CHECK_FALSE(model_info_of("openai/gpt-oss-120b"));  // another host, other prices
    CHECK_FALSE(model_info_of("groq/llama-3.3-70b-versatile"));  // not confirmed: left out
}

TEST_CASE("models: every row of the limits table is plausible and reachable", "[models]") {
    for (const auto& row : polyllm::model_tables::info) {
        INFO(row.pattern);
        // Rows are exact names: each must resolve to itself, not to an earlier row.
        REQUIRE(model_info_of(row.pattern));
        CHECK(*model_info_of(row.pattern) == row.info);
        const auto& i = row.info;
        if (i.max_input_tokens) CHECK(*i.max_input_tokens > 0);
        if (i.max_output_tokens) CHECK(*i.max_output_tokens > 0);
        if (i.max_input_tokens && i.max_output_tokens) CHECK(*i.max_output_tokens <= *i.max_input_tokens);
        for (auto price : {i.input_cost_per_token, i.output_cost_per_token, i.cache_read_cost_per_token,
                           i.cache_write_cost_per_token})
            if (price) CHECK((*price > 0 && *price < 1e-3));
        if (i.input_cost_per_token && i.cache_read_cost_per_token)
            CHECK(*i.cache_read_cost_per_token < *i.input_cost_per_token);
        if (i.input_cost_per_token && i.cache_write_cost_per_token)
            CHECK(*i.cache_write_cost_per_token >= *i.input_cost_per_token);
        if (i.input_cost_per_token && i.output_cost_per_token)
            CHECK(*i.output_cost_per_token >= *i.input_cost_per_token);
        if (i.long_context && i.input_cost_per_token)
            CHECK(*i.long_context->input_cost_per_token > *i.input_cost_per_token);
    }
}

// ---------------------------------------------------------------------------------------------- provider tables

namespace {

// The provider guide's DummyLLM models: base has nothing, pro calls functions, expert also caches and reasons;
// none takes stop words.
struct dummyllm_models {
    static constexpr polyllm::model_entry models[] = {
        {"dummyllm-base", {.stop_words = false}},
        {"dummyllm-pro", {.function_calling = true, .stop_words = false}},
        {"dummyllm-expert",
         {.function_calling = true, .prompt_cache = true, .reasoning_effort = true, .stop_words = false},
         polyllm::model_info{.max_input_tokens = 32'000, .input_cost_per_token = 1e-6}},
    };
};

// A host that serves a listed model under its own terms: its row wins, and with no info, nothing is known.
struct reselling_host {
    static constexpr polyllm::model_entry models[] = {
        {"gpt-4o*", {.function_calling = true, .stop_words = true}},
    };
};

struct no_table {};

}  // namespace

static_assert(polyllm::has_model_table<dummyllm_models>);
static_assert(!polyllm::has_model_table<no_table>);
static_assert(!polyllm::has_model_table<void>);
static_assert(!supports<dummyllm_models>("dummyllm-base", capability::function_calling));
static_assert(!supports<dummyllm_models>("dummyllm-base", capability::stop_words));
static_assert(supports<dummyllm_models>("dummyllm-pro", capability::function_calling));
static_assert(!supports<dummyllm_models>("dummyllm-pro", capability::prompt_cache));
static_assert(supports<dummyllm_models>("dummyllm-expert", capability::prompt_cache));
static_assert(supports<dummyllm_models>("dummyllm-expert", capability::reasoning_effort));
static_assert(!supports<dummyllm_models>("dummyllm-expert", capability::stop_words));
// Without the provider's table, DummyLLM models are unknown: stop words allowed, nothing else.
static_assert(supports("dummyllm-expert", capability::stop_words));
static_assert(!supports("dummyllm-expert", capability::function_calling));

TEST_CASE("models: a provider's table is consulted before the built-in one", "[models]") {
    const std::string expert = "dummyllm/dummyllm-expert";
    CHECK(features_of<dummyllm_models>(expert) ==
          polyllm::model_features{.function_calling = true, .prompt_cache = true, .reasoning_effort = true,
                                  .stop_words = false});
    CHECK(model_info_of<dummyllm_models>(expert)->max_input_tokens == 32'000);
    CHECK_FALSE(model_info_of<dummyllm_models>("dummyllm-pro"));
    // Names the provider does not list fall through to the built-in tables.
    CHECK(features_of<dummyllm_models>("gpt-4o") == features_of("gpt-4o"));
    CHECK(model_info_of<dummyllm_models>("gpt-4o") == model_info_of("gpt-4o"));
    CHECK(features_of<no_table>("o1") == features_of("o1"));
    // A matching provider row decides, even about info it does not have.
    CHECK_FALSE(supports<reselling_host>("gpt-4o", capability::vision));
    CHECK_FALSE(model_info_of<reselling_host>("gpt-4o"));
}

// ---------------------------------------------------------------------------------------------- static models

namespace {

template <class Model>
std::string describe_effort() {
    // The decision is made by the compiler; the other branch is not even instantiated.
    if constexpr (Model::template supports<capability::reasoning_effort>) return "sends reasoning_effort";
    else return "omits reasoning_effort";
}

}  // namespace

using o1_model = polyllm::static_model<"o1">;
using gpt_4o_model = polyllm::static_model<"gpt-4o">;
using expert_model = polyllm::static_model<"dummyllm-expert", dummyllm_models>;

static_assert(o1_model::name == "o1");
static_assert(o1_model::supports<capability::reasoning_effort>);
static_assert(!o1_model::supports<capability::stop_words>);
static_assert(o1_model::info->max_output_tokens == 100'000);
static_assert(!gpt_4o_model::supports<capability::reasoning_effort>);
static_assert(gpt_4o_model::features == features_of("gpt-4o"));
static_assert(expert_model::supports<capability::prompt_cache>);
static_assert(expert_model::info->max_input_tokens == 32'000);

TEST_CASE("models: a static model decides with if constexpr and requires what it has", "[models]") {
    CHECK(describe_effort<o1_model>() == "sends reasoning_effort");
    CHECK(describe_effort<gpt_4o_model>() == "omits reasoning_effort");
    o1_model::require<capability::reasoning_effort>();
    gpt_4o_model::require<capability::function_calling>();
    gpt_4o_model::require<capability::vision>();
    expert_model::require<capability::prompt_cache>();
    // Asking gpt-4o for reasoning effort does not compile: tests/compile_fail/static_model_lacks_capability.cpp.
    CHECK(polyllm::to_string(capability::reasoning_effort) == "reasoning_effort");
}

// ---------------------------------------------------------------------------------------------- configuration

TEST_CASE("models: configuration overrides win over the tables", "[models]") {
    polyllm::llm_config cfg;
    cfg.model = "anthropic/claude-3-5-sonnet-20241022";
    auto f = polyllm::effective_features(cfg);
    CHECK(f == features_of(cfg.model));

    cfg.native_tool_calling = false;
    CHECK_FALSE(polyllm::effective_features(cfg).function_calling);
    cfg.model = "some-local-model";
    cfg.native_tool_calling = true;
    CHECK(polyllm::effective_features(cfg).function_calling);
    cfg.native_tool_calling.reset();
    CHECK_FALSE(polyllm::effective_features(cfg).function_calling);

    cfg.model = "anthropic/claude-3-5-sonnet-20241022";
    cfg.disable_vision = true;
    cfg.caching_prompt = false;
    cfg.disable_stop_word = true;
    f = polyllm::effective_features(cfg);
    CHECK_FALSE(f.vision);
    CHECK_FALSE(f.prompt_cache);
    CHECK_FALSE(f.stop_words);
    CHECK(f.function_calling);

    // Settings can only turn these off: a model without vision does not gain it.
    cfg.model = "deepseek-chat";
    cfg.disable_vision = false;
    cfg.caching_prompt = true;
    CHECK_FALSE(polyllm::effective_features(cfg).vision);
    CHECK_FALSE(polyllm::effective_features(cfg).prompt_cache);

    // The provider's table is used when given.
    cfg = {};
    cfg.model = "dummyllm-pro";
    CHECK(polyllm::effective_features<dummyllm_models>(cfg).function_calling);
    CHECK_FALSE(polyllm::effective_features(cfg).function_calling);
}

TEST_CASE("models: configured limits and prices win over the tables", "[models]") {
    polyllm::llm_config cfg;
    cfg.model = "gemini-2.5-pro";
    auto info = polyllm::effective_model_info(cfg);
    CHECK(info == *model_info_of("gemini-2.5-pro"));

    cfg.max_input_tokens = 100'000;
    cfg.max_output_tokens = 2'000;
    cfg.input_cost_per_token = 1e-6;
    info = polyllm::effective_model_info(cfg);
    CHECK(info.max_input_tokens == 100'000);
    CHECK(info.max_output_tokens == 2'000);
    CHECK(info.input_cost_per_token == 1e-6);
    CHECK(info.output_cost_per_token.value() == Approx(10e-6));      // still the table's
    CHECK(info.cache_read_cost_per_token.value() == Approx(0.125e-6));  // still the table's
    CHECK_FALSE(info.long_context);  // tied to the table's base prices, which no longer apply

    // An unknown model: only what the configuration says is known.
    cfg = {};
    cfg.model = "my-finetune";
    CHECK(polyllm::effective_model_info(cfg) == polyllm::model_info{});
    cfg.output_cost_per_token = 2e-6;
    info = polyllm::effective_model_info(cfg);
    CHECK(info.output_cost_per_token == 2e-6);
    CHECK_FALSE(info.input_cost_per_token);
    CHECK_FALSE(info.max_input_tokens);

    cfg.model = "dummyllm-expert";
    CHECK(polyllm::effective_model_info<dummyllm_models>(cfg).max_input_tokens == 32'000);
}

// ---------------------------------------------------------------------------------------------- families and sampling

// Constant lookups, so a model named at compile time is placed at compile time.
static_assert(polyllm::family_provider_of("claude-sonnet-4-5") == std::string_view("anthropic"));
static_assert(!polyllm::takes_only_default_sampling("gpt-4o"));

TEST_CASE("models: a model named without a provider is placed by its family", "[models]") {
    using polyllm::family_provider_of;
    CHECK(family_provider_of("gpt-4o") == std::string_view("openai"));
    CHECK(family_provider_of("o1") == std::string_view("openai"));
    CHECK(family_provider_of("o3-mini") == std::string_view("openai"));
    CHECK(family_provider_of("o4-mini") == std::string_view("openai"));
    CHECK(family_provider_of("text-embedding-3-small") == std::string_view("openai"));
    CHECK(family_provider_of("Claude-3-5-Haiku-20241022") == std::string_view("anthropic"));  // case is ignored
    CHECK(family_provider_of("gemini-2.5-flash") == std::string_view("gemini"));
    CHECK(family_provider_of("deepseek-reasoner") == std::string_view("deepseek"));
    CHECK_FALSE(family_provider_of("deepseek-coder"));  // only the two names DeepSeek serves
    CHECK_FALSE(family_provider_of("o2"));
    CHECK_FALSE(family_provider_of("llama-3.3-70b"));
    CHECK_FALSE(family_provider_of(""));
    // Every row places a name made from its own pattern.
    for (const auto& family : polyllm::model_tables::families) {
        INFO(family.pattern);
        std::string name(family.pattern);
        if (name.back() == '*') name.back() = 'x';
        CHECK(family_provider_of(name) == family.provider);
    }
}

TEST_CASE("models: OpenAI's reasoning models take only the default sampling, gpt-5's chat variant any", "[models]") {
    using polyllm::takes_only_default_sampling;
    CHECK(takes_only_default_sampling("o1"));
    CHECK(takes_only_default_sampling("o3-mini-2025-01-31"));
    CHECK(takes_only_default_sampling("openai/o4-mini"));
    CHECK(takes_only_default_sampling("gpt-5-nano"));
    CHECK_FALSE(takes_only_default_sampling("gpt-5-chat-latest"));
    CHECK_FALSE(takes_only_default_sampling("gpt-4.1"));
    CHECK_FALSE(takes_only_default_sampling("claude-sonnet-4-5"));
}
