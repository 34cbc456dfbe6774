// The provider guide's DummyLLM, built as users build providers (examples/dummyllm.hpp), run over real HTTP.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "dummyllm.hpp"
#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

using namespace polyllm;
using namespace std::chrono_literals;
using dummyllm_example::dummyllm;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using polyllm_test::loopback_server;
using polyllm_test::reply;

namespace {

constexpr std::string_view key = "dmy-secret-4b8e1f";

llm_config dummy_config(const loopback_server& server, std::string model) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = std::string(key);
    cfg.base_url = server.url("/v1");
    cfg.retry_min_wait = 1ms;  // retries here are about whether, not when
    cfg.retry_max_wait = 2ms;
    return cfg;
}

request ask(std::string text) {
    request r;
    r.messages = {message::user(std::move(text))};
    return r;
}

tool weather_tool() {
    return {"get_weather", "The current weather in a city",
            {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}, {"required", {"city"}}}};
}

}  // namespace

static_assert(has_model_table<dummyllm>);
static_assert(!static_model<"dummyllm-base", dummyllm>::supports<capability::function_calling>);
static_assert(static_model<"dummyllm-pro", dummyllm>::supports<capability::function_calling>);
static_assert(!static_model<"dummyllm-pro", dummyllm>::supports<capability::reasoning_effort>);
static_assert(static_model<"dummyllm-expert", dummyllm>::supports<capability::prompt_cache>);
static_assert(static_model<"dummyllm-expert", dummyllm>::supports<capability::reasoning_effort>);
static_assert(!static_model<"dummyllm-expert", dummyllm>::supports<capability::stop_words>);

TEST_CASE("DummyLLM: its auth header, its options and advanced_reasoning for the expert", "[dummyllm]") {
    loopback_server server;
    server.then_respond(200, fixture("dummyllm/response-text.json"), {{"Content-Type", "application/json"}});
    dummyllm::options options;
    options.region = "us-west-2";
    options.response_format = dummyllm_example::response_format::json;
    basic_llm<dummyllm> llm{dummy_config(server, "dummyllm-expert"), options};

    auto answer = llm.complete(ask("What is 6 x 7? Answer in JSON."));
    REQUIRE(answer);
    CHECK(answer.value().message.text() == "{\"answer\": 42}");

    const auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].target == "/v1/chat/completions");
    CHECK(seen[0].headers.value_or_empty("X-DummyLLM-Auth") == key);
    CHECK_FALSE(seen[0].headers.find("Authorization"));
    CHECK(nlohmann::json::parse(seen[0].body) == fixture_json("dummyllm/request-expert.json"));
}

TEST_CASE("DummyLLM: function_execution becomes standard tool calls", "[dummyllm]") {
    loopback_server server;
    server.then_respond(200, fixture("dummyllm/response-function-execution.json"));
    basic_llm<dummyllm> llm{dummy_config(server, "dummyllm-pro")};
    auto req = ask("Weather and time in Paris?");
    req.tools = {weather_tool()};
    auto answer = llm.complete(req);
    REQUIRE(answer);
    const auto& calls = answer.value().message.tool_calls;
    REQUIRE(calls.size() == 2);
    CHECK(calls[0] == tool_call{"call_0", "get_weather", "{\"city\": \"Paris\"}"});
    CHECK(calls[1].id == "call_1");
    CHECK(calls[1].name == "get_time");
    CHECK(nlohmann::json::parse(calls[1].arguments) == nlohmann::json{{"timezone", "Europe/Paris"}});
    CHECK(answer.value().finish_reason == finish_reason::tool_calls);

    const auto body = nlohmann::json::parse(server.requests().at(0).body);
    CHECK(body["tools"][0]["function"]["name"] == "get_weather");  // pro calls functions natively
    CHECK_FALSE(body.contains("advanced_reasoning"));              // only the expert reasons
    CHECK_FALSE(body.contains("region"));                          // no region configured
}

TEST_CASE("DummyLLM: the base model gets tools in the prompt, and no model gets stop words", "[dummyllm]") {
    loopback_server server;
    server.then_respond(200, fixture("dummyllm/response-text.json"));
    auto req = ask("Weather in Paris?");
    req.tools = {weather_tool()};
    req.stop = {"</answer>"};

    basic_llm<dummyllm> strict{dummy_config(server, "dummyllm-pro")};
    auto refused = strict.complete(req);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind() == errc::unsupported);
    CHECK_THAT(refused.error().message, Catch::Contains("does not take stop words"));
    CHECK(server.requests().empty());

    auto cfg = dummy_config(server, "dummyllm-base");
    cfg.drop_params = true;
    basic_llm<dummyllm> llm{cfg};
    auto answer = llm.complete(req);
    INFO((answer ? std::string() : answer.error().to_string()));
    REQUIRE(answer);
    const auto body = nlohmann::json::parse(server.requests().at(0).body);
    CHECK_FALSE(body.contains("tools"));
    CHECK_FALSE(body.contains("stop"));
    CHECK_THAT(body.dump(), Catch::Contains("get_weather"));  // described in the prompt instead
}

TEST_CASE("DummyLLM: 429 and 503 are retried, 401 is not", "[dummyllm][retry]") {
    loopback_server server;
    server.then_respond(429, fixture("dummyllm/error-rate-limit.json"))
        .then_respond(503, fixture("dummyllm/error-unavailable.json"))
        .then_respond(200, fixture("dummyllm/response-text.json"))
        .then_respond(401, fixture("dummyllm/error-auth.json"));
    basic_llm<dummyllm> llm{dummy_config(server, "dummyllm-pro")};
    std::vector<int> retried_after;
    llm.on_retry([&](const retry_event& e) { retried_after.push_back(e.cause.http_status); });
    REQUIRE(llm.complete(ask("hi")));
    CHECK(retried_after == std::vector<int>{429, 503});

    auto refused = llm.complete(ask("hi"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind() == errc::authentication);
    CHECK(refused.error().http_status == 401);
    CHECK_THAT(refused.error().message, Catch::Contains("Invalid API key"));
    CHECK(server.requests().size() == 4);
    CHECK(refused.error().to_string().find(key) == std::string::npos);
}

TEST_CASE("DummyLLM: the timeout option bounds the request", "[dummyllm][timeout]") {
    {
        llm_config cfg;
        cfg.model = "dummyllm-pro";
        cfg.api_key = std::string(key);
        basic_llm<dummyllm, scripted_transport> llm{cfg};
        llm.transport().respond(200, fixture("dummyllm/response-text.json"));
        REQUIRE(llm.complete(ask("hi")));
        CHECK(llm.transport().requests().at(0).timeout == 120s);  // the guide's default
        CHECK(llm.transport().requests().at(0).url == "https://api.dummyllm.com/v1/chat/completions");
    }
    loopback_server server;
    server.then(reply{}.hang());
    auto cfg = dummy_config(server, "dummyllm-pro");
    cfg.num_retries = 0;
    dummyllm::options options;
    options.timeout = 150ms;
    basic_llm<dummyllm> llm{cfg, options};
    auto r = llm.complete(ask("hi"));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == errc::timeout);
}

TEST_CASE("DummyLLM: one token per four characters, and its options load from [llm]", "[dummyllm][config]") {
    basic_llm<dummyllm, scripted_transport> llm{llm_config{}};
    CHECK(llm.count_tokens("hello, world") == token_count{3, true});
    CHECK(llm.count_tokens("hello, world!") == token_count{4, true});
    CHECK(llm.count_tokens("") == token_count{0, true});

    auto loaded = load_config_toml<dummyllm>(std::string(POLYLLM_FIXTURES_DIR) + "/config/dummyllm.toml",
                                             environment::none());
    REQUIRE(loaded);
    const auto& base = loaded.value().base;
    CHECK(base.options.region == "us-west-2");
    CHECK(base.options.timeout == 180s);
    CHECK(base.options.response_format == dummyllm_example::response_format::json);
    CHECK(loaded.value().get("expert").value().options.region == "eu-central-1");
}

TEST_CASE("DummyLLM: a missing key names its variable", "[dummyllm]") {
    llm_config cfg;
    cfg.model = "dummyllm-pro";
    basic_llm<dummyllm, scripted_transport> llm{cfg};
    auto r = llm.complete(ask("hi"));
    if (std::getenv("DUMMYLLM_API_KEY")) return;  // a developer's own key would be used
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == errc::invalid_config);
    CHECK_THAT(r.error().message, Catch::Contains("DUMMYLLM_API_KEY"));
    CHECK(llm.transport().requests().empty());
}
