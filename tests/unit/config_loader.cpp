#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <tuple>

using namespace std::chrono_literals;
using polyllm::environment;
using polyllm::errc;

namespace {

// A DummyLLM-like provider's options, declared the way a provider declares them (config/keys.hpp).
namespace dummyllm {

enum class format { text, json };

inline polyllm::result<void> parse_config_value(std::string_view text, format& out) {
    if (text == "json") out = format::json;
    else if (text == "text") out = format::text;
    else return polyllm::error{errc::invalid_config, "must be json or text"};
    return polyllm::success();
}

struct options {
    std::string region;
    std::chrono::milliseconds timeout{120'000};
    std::optional<format> response_format;

    static constexpr auto config_keys = std::tuple{
        polyllm::config_key{"dummyllm_region", &options::region},
        polyllm::config_key{"dummyllm_timeout", &options::timeout, polyllm::value_range::positive},
        polyllm::config_key{"dummyllm_response_format", &options::response_format},
    };
};

// Loading may name the provider instead of its options type.
struct provider {
    using options = dummyllm::options;
};

}  // namespace dummyllm

std::string fixture_path(const std::string& name) { return std::string(POLYLLM_FIXTURES_DIR) + "/config/" + name; }

// The error of loading `text` (named config.toml) with no environment.
template <class P = polyllm::no_provider_options>
std::string load_error(std::string_view text, const environment& env = environment::none()) {
    auto loaded = polyllm::parse_config_toml<P>(text, "config.toml", env);
    if (loaded) return "loaded";
    CHECK(loaded.error() == errc::invalid_config);
    return loaded.error().message;
}

}  // namespace

static_assert(std::is_same_v<polyllm::options_of_t<dummyllm::provider>, dummyllm::options>);
static_assert(std::is_same_v<polyllm::options_of_t<dummyllm::options>, dummyllm::options>);
static_assert(std::is_same_v<polyllm::options_of_t<polyllm::openai>, polyllm::openai::options>);
static_assert(polyllm::detail::config_keys_are_valid<dummyllm::options, polyllm::llm_config>());

// ---------------------------------------------------------------------------------------------- an agent's file

TEST_CASE("config file: an agent's config.toml with several sections and named configurations", "[config][toml]") {
    auto loaded = polyllm::load_config_toml(fixture_path("agent.toml"), environment::none());
    REQUIRE(loaded);
    const auto& file = loaded.value();
    CHECK(file.source == fixture_path("agent.toml"));

    const auto& base = file.base.config;
    CHECK(base.model == "anthropic/claude-3-5-sonnet-20241022");
    CHECK(base.api_key.reveal() == "sk-ant-file-key");
    CHECK(base.num_retries == 5);
    CHECK(base.retry_min_wait == 8s);
    CHECK(base.retry_max_wait == 64500ms);
    CHECK(base.retry_multiplier == 2.0);
    CHECK(base.temperature == 0.0);
    CHECK(base.max_message_chars == 20000);
    CHECK_FALSE(base.drop_params);  // not in the file: the default
    CHECK(polyllm::validate(base));

    REQUIRE(file.named.size() == 2);
    auto mini = file.get("gpt4o-mini");
    REQUIRE(mini);
    CHECK(mini.value().config.model == "gpt-4o-mini");
    CHECK(mini.value().config.api_key.reveal() == "sk-openai-file-key");
    CHECK(mini.value().config.temperature == 0.2);
    CHECK(mini.value().config.max_output_tokens == 4096);
    CHECK(mini.value().config.num_retries == 5);  // inherited from [llm]
    CHECK(mini.value().config.retry_max_wait == 64500ms);

    auto claude = file.get("claude");
    REQUIRE(claude);
    CHECK(claude.value().config.model == "anthropic/claude-sonnet-4-5-20250929");
    CHECK(claude.value().config.api_key.reveal() == "sk-ant-file-key");  // inherited
    CHECK(claude.value().config.reasoning_effort == polyllm::reasoning_effort::high);
    CHECK(claude.value().config.timeout == 120s);
    CHECK_FALSE(base.reasoning_effort);  // a named section does not change [llm]

    CHECK(file.get("").value().config.model == base.model);
    CHECK(file.get("llm").value().config.model == base.model);
    auto missing = file.get("CodeActAgent");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "no [llm.CodeActAgent] section in " + fixture_path("agent.toml") +
                                         "; the named configurations are: claude, gpt4o-mini");

    // Retry settings from the file drive exponential_backoff.
    polyllm::exponential_backoff backoff(base);
    CHECK(backoff.max_attempts() == 6);
    CHECK(backoff.backoff(1) == 8s);
    CHECK(backoff.backoff(4) == 16s);
    CHECK(backoff.backoff(7) == 64500ms);
}

TEST_CASE("config file: precedence is environment, then file, then defaults", "[config][toml]") {
    const auto text = polyllm_test::fixture("config/agent.toml");

    // Defaults alone.
    auto defaults = polyllm::config_from_environment(environment::none());
    REQUIRE(defaults);
    CHECK(defaults.value().config.model.empty());
    CHECK(defaults.value().config.num_retries == 4);

    // The file over the defaults.
    auto file = polyllm::parse_config_toml(text, "agent.toml", environment::none());
    REQUIRE(file);
    CHECK(file.value().base.config.num_retries == 5);
    CHECK(file.value().base.config.retry_multiplier == 2.0);

    // The environment over the file; what neither sets keeps its default.
    auto env = environment::from({{"LLM_MODEL", "o3"},
                                  {"LLM_API_KEY", "sk-env-key"},
                                  {"LLM_NUM_RETRIES", "7"},
                                  {"LLM_DROP_PARAMS", "true"}});
    auto both = polyllm::parse_config_toml(text, "agent.toml", env);
    REQUIRE(both);
    const auto& base = both.value().base.config;
    CHECK(base.model == "o3");
    CHECK(base.api_key.reveal() == "sk-env-key");
    CHECK(base.num_retries == 7);
    CHECK(base.drop_params);
    CHECK(base.retry_min_wait == 8s);  // from the file
    CHECK(base.top_p == std::nullopt);  // from nobody

    // A named configuration starts from [llm] as the environment left it, then applies its own keys.
    const auto& mini = both.value().named.at("gpt4o-mini").config;
    CHECK(mini.model == "gpt-4o-mini");                  // its own key wins
    CHECK(mini.api_key.reveal() == "sk-openai-file-key");  // its own key wins
    CHECK(mini.num_retries == 7);                        // inherited, environment included
    const auto& claude = both.value().named.at("claude").config;
    CHECK(claude.api_key.reveal() == "sk-env-key");
    CHECK(claude.drop_params);
}

TEST_CASE("config file: other sections and top-level keys are the program's, not polyllm's", "[config][toml]") {
    auto loaded = polyllm::parse_config_toml(R"(
title = "my agent"
[core]
anything = { goes = [1, 2, 3] }
[sandbox]
llm = "not ours"
[agent.llm]
model = 5
)",
                                             "config.toml", environment::none());
    REQUIRE(loaded);
    CHECK(loaded.value().base.config.model.empty());
    CHECK(loaded.value().named.empty());

    auto empty = polyllm::parse_config_toml("", "config.toml", environment::none());
    REQUIRE(empty);
    CHECK(empty.value().base.config.num_retries == 4);
    auto no_names = empty.value().get("x");
    REQUIRE_FALSE(no_names);
    CHECK(no_names.error().message == "no [llm.x] section in config.toml; it has no named configurations");
}

TEST_CASE("config file: values of every type", "[config][toml]") {
    auto loaded = polyllm::parse_config_toml(R"(
[llm]
model = "gpt-4o"
base_url = "https://proxy.example.com/v1"
timeout = 90.5
retry_max_wait = 45
top_p = 1
top_k = 20
seed = 7
max_input_tokens = 100_000
input_cost_per_token = 2.5e-6
native_tool_calling = false
disable_vision = true
reasoning_effort = "minimal"
log_completions = true
log_completions_folder = "/tmp/completions"
max_budget = 10
tiktoken_dir = "/opt/tiktoken"
)",
                                             "config.toml", environment::none());
    REQUIRE(loaded);
    const auto& cfg = loaded.value().base.config;
    CHECK(cfg.base_url == "https://proxy.example.com/v1");
    CHECK(cfg.timeout == 90500ms);
    CHECK(cfg.retry_max_wait == 45s);
    CHECK(cfg.top_p == 1.0);
    CHECK(cfg.top_k == 20);
    CHECK(cfg.seed == 7);
    CHECK(cfg.max_input_tokens == 100000);
    CHECK(cfg.input_cost_per_token == 2.5e-6);
    CHECK(cfg.native_tool_calling == false);
    CHECK(cfg.disable_vision == true);
    CHECK(cfg.reasoning_effort == polyllm::reasoning_effort::minimal);
    CHECK(cfg.log_completions);
    CHECK(cfg.log_completions_folder == "/tmp/completions");
    CHECK(cfg.max_budget == 10.0);
    CHECK(cfg.tiktoken_dir == "/opt/tiktoken");
    CHECK_FALSE(polyllm::effective_features(cfg).function_calling);  // the file's override reaches the tables
}

// ---------------------------------------------------------------------------------------------- errors

TEST_CASE("config file: an unknown key names the file, line, section and key, and suggests one", "[config][toml]") {
    auto loaded = polyllm::load_config_toml(fixture_path("misspelled-key.toml"), environment::none());
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error() == errc::invalid_config);
    CHECK(loaded.error().message ==
          fixture_path("misspelled-key.toml") + ":8: unknown key \"moddel\" in [llm.claude]; did you mean \"model\"?");

    CHECK(load_error("[llm]\nnum_retry = 3\n") ==
          "config.toml:2: unknown key \"num_retry\" in [llm]; did you mean \"num_retries\"?");
    CHECK(load_error("[llm]\nModel = \"gpt-4o\"\n") ==
          "config.toml:2: unknown key \"Model\" in [llm]; did you mean \"model\"?");
    CHECK(load_error("[llm]\ncaching_promt = false\n") ==
          "config.toml:2: unknown key \"caching_promt\" in [llm]; did you mean \"caching_prompt\"?");
    // Nothing close: no suggestion.
    CHECK(load_error("[llm]\nmodel = \"x\"\nworkspace_base = \"./ws\"\n") ==
          "config.toml:3: unknown key \"workspace_base\" in [llm] (docs/configuration.md lists the keys)");
    // The first problem in the file is the one reported, whatever the key order.
    CHECK(load_error("[llm]\nzzz = 1\naaa = 2\n") ==
          "config.toml:2: unknown key \"zzz\" in [llm] (docs/configuration.md lists the keys)");
}

TEST_CASE("config file: a wrong type names the expected type", "[config][toml]") {
    CHECK(load_error("[llm]\nnum_retries = \"4\"\n") ==
          "config.toml:2: [llm] num_retries must be an integer, not a string");
    CHECK(load_error("[llm]\nnum_retries = 4.5\n") ==
          "config.toml:2: [llm] num_retries must be an integer, not a floating-point number");
    CHECK(load_error("[llm]\ndrop_params = 1\n") ==
          "config.toml:2: [llm] drop_params must be a boolean, not an integer");
    CHECK(load_error("[llm]\nmodel = 4\n") == "config.toml:2: [llm] model must be a string, not an integer");
    CHECK(load_error("[llm]\napi_key = [\"a\"]\n") == "config.toml:2: [llm] api_key must be a string, not an array");
    CHECK(load_error("[llm]\nretry_min_wait = \"5s\"\n") ==
          "config.toml:2: [llm] retry_min_wait must be a number of seconds, not a string");
    CHECK(load_error("[llm]\ntemperature = true\n") ==
          "config.toml:2: [llm] temperature must be a number, not a boolean");
    CHECK(load_error("[llm]\ntimeout = 1979-05-27\n") ==
          "config.toml:2: [llm] timeout must be a number of seconds, not a date");
    CHECK(load_error("[llm.model]\nx = 1\n") == "config.toml:1: [llm] model must be a string, not a table");
    CHECK(load_error("[llm]\nreasoning_effort = \"extreme\"\n") ==
          "config.toml:2: [llm] reasoning_effort must be one of none, minimal, low, medium, high");
    CHECK(load_error("[llm]\nreasoning_effort = 3\n") ==
          "config.toml:2: [llm] reasoning_effort must be a string, not an integer");
    CHECK(load_error("llm = \"gpt-4o\"\n") == "config.toml:1: llm must be a table ([llm]), not a string");
}

TEST_CASE("config file: values out of range", "[config][toml]") {
    CHECK(load_error("[llm]\nnum_retries = -1\n") == "config.toml:2: [llm] num_retries must not be negative");
    CHECK(load_error("[llm]\nnum_retries = 9999999999\n") == "config.toml:2: [llm] num_retries is out of range");
    CHECK(load_error("[llm]\ntimeout = 0\n") == "config.toml:2: [llm] timeout must be greater than 0");
    CHECK(load_error("[llm]\nretry_max_wait = inf\n") ==
          "config.toml:2: [llm] retry_max_wait must be a finite number of seconds");
    CHECK(load_error("[llm]\ntemperature = nan\n") == "config.toml:2: [llm] temperature must be a finite number");
    CHECK(load_error("[llm]\nmax_output_tokens = 0\n") ==
          "config.toml:2: [llm] max_output_tokens must be greater than 0");
    CHECK(load_error("[llm]\n\n[llm.fast]\nretry_min_wait = -3\n") ==
          "config.toml:4: [llm.fast] retry_min_wait must not be negative");
}

TEST_CASE("config file: named sections are one level deep", "[config][toml]") {
    CHECK(load_error("[llm]\nmodel = \"x\"\n[llm.claude]\nmodel = \"y\"\n[llm.claude.extra]\nmodel = \"z\"\n") ==
          "config.toml:5: [llm.claude.extra] is nested too deeply: named configurations are [llm.<name>] sections "
          "of keys");
    auto inline_table = polyllm::parse_config_toml("[llm]\nfast = { model = \"gpt-4o-mini\" }\n", "config.toml",
                                                   environment::none());
    REQUIRE(inline_table);
    CHECK(inline_table.value().named.at("fast").config.model == "gpt-4o-mini");
}

TEST_CASE("config file: syntax errors, missing files and bad environments are errors, not exceptions",
          "[config][toml]") {
    const auto syntax = load_error("[llm]\nmodel = \"gpt-4o\nnum_retries = 3\n");
    CHECK(syntax.starts_with("config.toml:2:"));
    CHECK(syntax.find("TOML syntax error: ") != std::string::npos);
    CHECK(load_error("[llm]\nmodel = \"a\"\nmodel = \"b\"\n").starts_with("config.toml:3:"));

    // A syntax error in the API key's line does not repeat the key.
    const auto secret = load_error("[llm]\napi_key = \"sk-live-abcdef\nmodel = \"x\"\n");
    CHECK(secret.find("TOML syntax error") != std::string::npos);
    CHECK(secret.find("sk-live-abcdef") == std::string::npos);

    auto missing = polyllm::load_config_toml("/nonexistent/polyllm/config.toml", environment::none());
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == errc::invalid_config);
    CHECK(missing.error().message ==
          "cannot read config file \"/nonexistent/polyllm/config.toml\": No such file or directory");

    CHECK(load_error("[llm]\nmodel = \"x\"\n", environment::from({{"LLM_NUM_RETRIES", "lots"}})) ==
          "environment variable LLM_NUM_RETRIES=\"lots\" is not an integer");
}

// ---------------------------------------------------------------------------------------------- provider options

TEST_CASE("config file: a provider's options load from [llm] by their keys", "[config][toml]") {
    auto loaded = polyllm::load_config_toml<dummyllm::provider>(fixture_path("dummyllm.toml"), environment::none());
    REQUIRE(loaded);
    const auto& base = loaded.value().base;
    CHECK(base.config.model == "dummyllm-pro");
    CHECK(base.config.base_url == "https://api.dummyllm.com/v1");
    CHECK(base.options.region == "us-west-2");
    CHECK(base.options.timeout == 180s);
    CHECK(base.options.response_format == dummyllm::format::json);

    auto expert = loaded.value().get("expert");
    REQUIRE(expert);
    CHECK(expert.value().config.model == "dummyllm-expert");
    CHECK(expert.value().options.region == "eu-central-1");
    CHECK(expert.value().options.timeout == 180s);  // inherited

    // The options type may be named directly; the environment sets options too.
    auto env = environment::from({{"LLM_DUMMYLLM_REGION", "ap-south-1"}, {"LLM_DUMMYLLM_TIMEOUT", "30"}});
    auto with_env = polyllm::load_config_toml<dummyllm::options>(fixture_path("dummyllm.toml"), env);
    REQUIRE(with_env);
    CHECK(with_env.value().base.options.region == "ap-south-1");
    CHECK(with_env.value().base.options.timeout == 30s);
    CHECK(with_env.value().named.at("expert").options.region == "eu-central-1");
}

TEST_CASE("config file: provider keys are errors for other providers, and checked for their own", "[config][toml]") {
    CHECK(load_error("[llm]\ndummyllm_region = \"us-west-2\"\n") ==
          "config.toml:2: unknown key \"dummyllm_region\" in [llm] (docs/configuration.md lists the keys)");
    CHECK(load_error<dummyllm::options>("[llm]\ndummyllm_regoin = \"us-west-2\"\n") ==
          "config.toml:2: unknown key \"dummyllm_regoin\" in [llm]; did you mean \"dummyllm_region\"?");
    CHECK(load_error<dummyllm::options>("[llm]\ndummyllm_response_format = \"xml\"\n") ==
          "config.toml:2: [llm] dummyllm_response_format must be json or text");
    CHECK(load_error<dummyllm::options>("[llm]\ndummyllm_timeout = 0\n") ==
          "config.toml:2: [llm] dummyllm_timeout must be greater than 0");
    CHECK(load_error<dummyllm::options>("[llm]\ndummyllm_timeout = \"3 minutes\"\n") ==
          "config.toml:2: [llm] dummyllm_timeout must be a number of seconds, not a string");
    CHECK(load_error<dummyllm::options>("", environment::from({{"LLM_DUMMYLLM_RESPONSE_FORMAT", "yaml"}})) ==
          "environment variable LLM_DUMMYLLM_RESPONSE_FORMAT=\"yaml\" must be json or text");

    auto from_env = polyllm::config_from_environment<dummyllm::provider>(
        environment::from({{"LLM_MODEL", "dummyllm-base"}, {"LLM_DUMMYLLM_RESPONSE_FORMAT", "text"}}));
    REQUIRE(from_env);
    CHECK(from_env.value().config.model == "dummyllm-base");
    CHECK(from_env.value().options.response_format == dummyllm::format::text);
}
