#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

using namespace std::chrono_literals;
using polyllm::environment;
using polyllm::errc;
using polyllm::llm_config;

namespace {

std::string env_error(llm_config& cfg, std::map<std::string, std::string, std::less<>> vars) {
    auto applied = polyllm::apply_environment(cfg, environment::from(std::move(vars)));
    if (applied) return "applied";
    CHECK(applied.error() == errc::invalid_config);
    return applied.error().message;
}

// Sets a process environment variable for the scope of a test and restores what was there.
class scoped_env {
public:
    scoped_env(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value, 1);
    }
    ~scoped_env() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("environment: LLM_<KEY> names every key", "[config][environment]") {
    CHECK(polyllm::environment_variable_for("model") == "LLM_MODEL");
    CHECK(polyllm::environment_variable_for("embedding_deployment_name") == "LLM_EMBEDDING_DEPLOYMENT_NAME");
    CHECK(polyllm::environment_variable_for("dummyllm_region") == "LLM_DUMMYLLM_REGION");
}

TEST_CASE("environment: the variables of the LLM backends page set their fields", "[config][environment]") {
    llm_config cfg;
    auto applied = polyllm::apply_environment(cfg, environment::from({
                                                       {"LLM_MODEL", "anthropic/claude-3-5-sonnet-20241022"},
                                                       {"LLM_API_KEY", "sk-ant-env"},
                                                       {"LLM_API_VERSION", "2024-10-21"},
                                                       {"LLM_EMBEDDING_MODEL", "text-embedding-3-small"},
                                                       {"LLM_EMBEDDING_DEPLOYMENT_NAME", "embed-prod"},
                                                       {"LLM_DROP_PARAMS", "true"},
                                                       {"LLM_DISABLE_VISION", "1"},
                                                       {"LLM_CACHING_PROMPT", "False"},
                                                       {"LLM_NUM_RETRIES", "7"},
                                                       {"LLM_RETRY_MIN_WAIT", "2.5"},
                                                       {"LLM_RETRY_MAX_WAIT", "60"},
                                                       {"LLM_RETRY_MULTIPLIER", "1.5"},
                                                   }));
    REQUIRE(applied);
    CHECK(cfg.model == "anthropic/claude-3-5-sonnet-20241022");
    CHECK(cfg.api_key.reveal() == "sk-ant-env");
    CHECK(cfg.api_version == "2024-10-21");
    CHECK(cfg.embedding_model == "text-embedding-3-small");
    CHECK(cfg.embedding_deployment_name == "embed-prod");
    CHECK(cfg.drop_params);
    CHECK(cfg.disable_vision == true);
    CHECK_FALSE(cfg.caching_prompt);
    CHECK(cfg.num_retries == 7);
    CHECK(cfg.retry_min_wait == 2500ms);
    CHECK(cfg.retry_max_wait == 60s);
    CHECK(cfg.retry_multiplier == 1.5);
}

TEST_CASE("environment: every kind of value", "[config][environment]") {
    llm_config cfg;
    auto applied = polyllm::apply_environment(cfg, environment::from({
                                                       {"LLM_TIMEOUT", "0.25"},
                                                       {"LLM_TEMPERATURE", "0.7"},
                                                       {"LLM_TOP_K", "40"},
                                                       {"LLM_MAX_OUTPUT_TOKENS", "8192"},
                                                       {"LLM_SEED", "-42"},
                                                       {"LLM_REASONING_EFFORT", "low"},
                                                       {"LLM_NATIVE_TOOL_CALLING", "TRUE"},
                                                       {"LLM_INPUT_COST_PER_TOKEN", "3e-06"},
                                                       {"LLM_MAX_BUDGET", " 12.5 "},
                                                       {"LLM_LOG_COMPLETIONS", "0"},
                                                       {"LLM_OLLAMA_BASE_URL", "http://localhost:11434"},
                                                   }));
    REQUIRE(applied);
    CHECK(cfg.timeout == 250ms);
    CHECK(cfg.temperature == 0.7);
    CHECK(cfg.top_k == 40);
    CHECK(cfg.max_output_tokens == 8192);
    CHECK(cfg.seed == -42);
    CHECK(cfg.reasoning_effort == polyllm::reasoning_effort::low);
    CHECK(cfg.native_tool_calling == true);
    CHECK(cfg.input_cost_per_token == 3e-06);
    CHECK(cfg.max_budget == 12.5);
    CHECK_FALSE(cfg.log_completions);
    CHECK(cfg.ollama_base_url == "http://localhost:11434");
}

TEST_CASE("environment: booleans take true, false, 1 and 0 in any case", "[config][environment]") {
    for (const auto* yes : {"true", "TRUE", "True", "tRuE", "1"}) {
        llm_config cfg;
        REQUIRE(polyllm::apply_environment(cfg, environment::from({{"LLM_DROP_PARAMS", yes}})));
        CHECK(cfg.drop_params);
    }
    for (const auto* no : {"false", "FALSE", "False", "0"}) {
        llm_config cfg;
        cfg.drop_params = true;
        REQUIRE(polyllm::apply_environment(cfg, environment::from({{"LLM_DROP_PARAMS", no}})));
        CHECK_FALSE(cfg.drop_params);
    }
}

TEST_CASE("environment: empty and unset variables change nothing", "[config][environment]") {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.num_retries = 9;
    REQUIRE(polyllm::apply_environment(cfg, environment::from({{"LLM_MODEL", ""}, {"LLM_NUM_RETRIES", ""}})));
    CHECK(cfg.model == "gpt-4o");
    CHECK(cfg.num_retries == 9);
    REQUIRE(polyllm::apply_environment(cfg, environment::none()));
    CHECK(cfg.model == "gpt-4o");
}

TEST_CASE("environment: a bad value names the variable and the value", "[config][environment]") {
    llm_config cfg;
    CHECK(env_error(cfg, {{"LLM_NUM_RETRIES", "abc"}}) ==
          "environment variable LLM_NUM_RETRIES=\"abc\" is not an integer");
    CHECK(env_error(cfg, {{"LLM_NUM_RETRIES", "3.5"}}) ==
          "environment variable LLM_NUM_RETRIES=\"3.5\" is not an integer");
    CHECK(env_error(cfg, {{"LLM_NUM_RETRIES", "99999999999"}}) ==
          "environment variable LLM_NUM_RETRIES=\"99999999999\" is out of range");
    CHECK(env_error(cfg, {{"LLM_NUM_RETRIES", "-1"}}) ==
          "environment variable LLM_NUM_RETRIES=\"-1\": num_retries must not be negative");
    CHECK(env_error(cfg, {{"LLM_DROP_PARAMS", "yes"}}) ==
          "environment variable LLM_DROP_PARAMS=\"yes\" is not a boolean (true, false, 1 or 0)");
    CHECK(env_error(cfg, {{"LLM_TEMPERATURE", "hot"}}) ==
          "environment variable LLM_TEMPERATURE=\"hot\" is not a number");
    CHECK(env_error(cfg, {{"LLM_TEMPERATURE", "nan"}}) ==
          "environment variable LLM_TEMPERATURE=\"nan\" is not a number");
    CHECK(env_error(cfg, {{"LLM_RETRY_MIN_WAIT", "5s"}}) ==
          "environment variable LLM_RETRY_MIN_WAIT=\"5s\" is not a number of seconds");
    CHECK(env_error(cfg, {{"LLM_RETRY_MIN_WAIT", "-2"}}) ==
          "environment variable LLM_RETRY_MIN_WAIT=\"-2\": retry_min_wait must not be negative");
    CHECK(env_error(cfg, {{"LLM_TIMEOUT", "0"}}) ==
          "environment variable LLM_TIMEOUT=\"0\": timeout must be greater than 0");
    CHECK(env_error(cfg, {{"LLM_TIMEOUT", "1e300"}}) == "environment variable LLM_TIMEOUT=\"1e300\" is out of range");
    CHECK(env_error(cfg, {{"LLM_REASONING_EFFORT", "max"}}) ==
          "environment variable LLM_REASONING_EFFORT=\"max\" must be one of none, minimal, low, medium, high");
    // Control characters are not echoed as they are.
    CHECK(env_error(cfg, {{"LLM_SEED", "1\n2"}}) == "environment variable LLM_SEED=\"1?2\" is not an integer");
}

TEST_CASE("environment: a failed application leaves the configuration as it was", "[config][environment]") {
    llm_config cfg;
    cfg.model = "gpt-4o";
    auto applied = polyllm::apply_environment(cfg, environment::from({{"LLM_MODEL", "o3"}, {"LLM_SEED", "x"}}));
    REQUIRE_FALSE(applied);
    CHECK(cfg.model == "gpt-4o");
}

TEST_CASE("environment: the API key's value never appears in a message", "[config][environment]") {
    llm_config cfg;
    auto applied = polyllm::apply_environment(
        cfg, environment::from({{"LLM_API_KEY", "sk-very-secret"}, {"LLM_NUM_RETRIES", "many"}}));
    REQUIRE_FALSE(applied);
    CHECK(applied.error().message.find("sk-very-secret") == std::string::npos);
    CHECK(polyllm::detail::quoted_for_message(std::string(100, 'a')).size() == 80 + 2 + 3);
}

TEST_CASE("environment: the process environment, through setenv", "[config][environment]") {
    scoped_env model("LLM_MODEL", "gpt-4o-mini");
    scoped_env retries("LLM_NUM_RETRIES", "2");
    scoped_env empty("LLM_API_VERSION", "");
    llm_config cfg;
    cfg.api_version = "kept";
    REQUIRE(polyllm::apply_environment(cfg, environment::process()));
    CHECK(cfg.model == "gpt-4o-mini");
    CHECK(cfg.num_retries == 2);
    CHECK(cfg.api_version == "kept");

    auto settings = polyllm::config_from_environment();  // the process environment by default
    REQUIRE(settings);
    CHECK(settings.value().config.model == "gpt-4o-mini");
}
