#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>

using namespace std::chrono_literals;
using polyllm::errc;
using polyllm::llm_config;

namespace {

llm_config valid_config() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    return cfg;
}

std::string problem(const llm_config& cfg) {
    auto checked = polyllm::validate(cfg);
    if (checked) return "valid";
    CHECK(checked.error() == errc::invalid_config);
    return checked.error().message;
}

}  // namespace

TEST_CASE("config: the defaults are the provider guide's, and valid once a model is set", "[config]") {
    llm_config cfg;
    CHECK(cfg.num_retries == 4);
    CHECK(cfg.retry_min_wait == 5s);
    CHECK(cfg.retry_max_wait == 30s);
    CHECK(cfg.retry_multiplier == 2.0);
    CHECK(cfg.caching_prompt);
    CHECK_FALSE(cfg.native_tool_calling);
    CHECK(cfg.max_message_chars == 30000);
    CHECK(problem(cfg) == "model is empty: set llm_config::model, [llm] model or LLM_MODEL");
    CHECK(problem(valid_config()) == "valid");
}

TEST_CASE("config: validation names each problem", "[config]") {
    auto cfg = valid_config();
    cfg.model = "  ";
    CHECK(problem(cfg) == "model is empty: set llm_config::model, [llm] model or LLM_MODEL");

    cfg = valid_config();
    cfg.base_url = "api.example.com/v1";
    CHECK(problem(cfg) ==
          "base_url is not usable: malformed URL \"api.example.com/v1\": it has no scheme "
          "(expected http:// or https://)");
    cfg.base_url = "ftp://example.com";
    CHECK(problem(cfg) ==
          "base_url is not usable: malformed URL \"ftp://example.com\": the scheme is not http or https");
    cfg.base_url = "https://user:pw@example.com:99999/v1";
    CHECK(problem(cfg) == "base_url is not usable: malformed URL \"https://example.com:99999/v1\": the port is not a "
                          "number from 1 to 65535");  // credentials are not repeated
    cfg.base_url = "http://localhost:8000/v1";
    CHECK(problem(cfg) == "valid");
    cfg.ollama_base_url = "localhost:11434";
    CHECK(problem(cfg).starts_with("ollama_base_url is not usable: malformed URL"));

    cfg = valid_config();
    cfg.num_retries = -1;
    CHECK(problem(cfg) == "num_retries is negative (-1)");
    cfg = valid_config();
    cfg.retry_min_wait = -1ms;
    CHECK(problem(cfg) == "retry_min_wait is negative (-1 ms)");
    cfg = valid_config();
    cfg.retry_max_wait = -5ms;
    cfg.retry_min_wait = -10ms;
    CHECK(problem(cfg) == "retry_min_wait is negative (-10 ms)");
    cfg.retry_min_wait = 0ms;
    CHECK(problem(cfg) == "retry_max_wait is negative (-5 ms)");
    cfg = valid_config();
    cfg.retry_min_wait = 40s;
    CHECK(problem(cfg) == "retry_min_wait (40000 ms) is above retry_max_wait (30000 ms)");
    cfg.retry_max_wait = 40s;
    CHECK(problem(cfg) == "valid");  // equal is fine: a constant wait

    cfg = valid_config();
    cfg.retry_multiplier = std::numeric_limits<double>::quiet_NaN();
    CHECK(problem(cfg) == "retry_multiplier must be a finite number >= 0");
    cfg = valid_config();
    cfg.timeout = 0ms;
    CHECK(problem(cfg) == "timeout must be positive");
    cfg = valid_config();
    cfg.temperature = -0.5;
    CHECK(problem(cfg) == "temperature must be a finite number >= 0");
    cfg = valid_config();
    cfg.top_p = 1.5;
    CHECK(problem(cfg) == "top_p must be between 0 and 1");
    cfg = valid_config();
    cfg.top_k = -1;
    CHECK(problem(cfg) == "top_k is negative");
    cfg = valid_config();
    cfg.max_output_tokens = 0;
    CHECK(problem(cfg) == "max_output_tokens must be positive");
    cfg = valid_config();
    cfg.max_input_tokens = -3;
    CHECK(problem(cfg) == "max_input_tokens must be positive");
    cfg = valid_config();
    cfg.max_message_chars = -1;
    CHECK(problem(cfg) == "max_message_chars is negative");
    cfg = valid_config();
    cfg.output_cost_per_token = -1e-6;
    CHECK(problem(cfg) == "output_cost_per_token must be a number >= 0");
    cfg = valid_config();
    cfg.max_budget = std::numeric_limits<double>::infinity();
    CHECK(problem(cfg) == "max_budget must be a number >= 0");
}

TEST_CASE("config: basic_llm refuses a configuration validate rejects, before sending", "[config]") {
    auto cfg = valid_config();
    cfg.api_key = "sk-test";
    cfg.base_url = "not a url";
    polyllm::basic_llm<polyllm::openai, polyllm::scripted_transport> llm{cfg};
    polyllm::request req;
    req.messages = {polyllm::message::user("hi")};
    auto reply = llm.complete(req);
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == errc::invalid_config);
    CHECK(reply.error().message.find("base_url") != std::string::npos);
    CHECK(llm.transport().requests().empty());
}

TEST_CASE("config: every key has a distinct, well-formed name and is documented", "[config]") {
    std::set<std::string> names;
    polyllm::detail::for_each_config_key<llm_config>([&](const auto& key) { names.insert(std::string(key.name)); });
    CHECK(names.size() == polyllm::detail::config_key_count<llm_config>());
    CHECK(names.size() == 48);
    CHECK(names.count("model") == 1);
    CHECK(names.count("tiktoken_dir") == 1);

    std::ifstream doc(std::string(POLYLLM_FIXTURES_DIR) + "/../../docs/configuration.md");
    REQUIRE(doc);
    std::stringstream text;
    text << doc.rdbuf();
    for (const auto& name : names) {
        INFO(name);
        CHECK(text.str().find("| `" + name + "` |") != std::string::npos);
        CHECK(text.str().find(polyllm::environment_variable_for(name)) != std::string::npos);
    }
}

TEST_CASE("config: retry settings drive exponential_backoff", "[config]") {
    auto cfg = valid_config();
    cfg.num_retries = 2;
    cfg.retry_min_wait = 1500ms;
    cfg.retry_max_wait = 4s;
    cfg.retry_multiplier = 1;
    polyllm::exponential_backoff backoff(cfg);
    CHECK(backoff.max_attempts() == 3);
    CHECK(backoff.backoff(1) == 1500ms);
    CHECK(backoff.backoff(2) == 2s);
    CHECK(backoff.backoff(3) == 4s);
}
