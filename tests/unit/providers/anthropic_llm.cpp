// The Anthropic provider end to end: basic_llm<anthropic, scripted_transport>, retries and streaming.

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/pieces.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::pieces;

namespace {

using anthropic_test_llm = basic_llm<anthropic, scripted_transport>;
constexpr const char* key = "sk-ant-api03-DO-NOT-LEAK-0123456789";

anthropic_test_llm make_llm() {
    llm_config cfg;
    cfg.model = "anthropic/claude-sonnet-4-5-20250929";
    cfg.api_key = key;
    anthropic_test_llm llm{cfg};
    llm.retry_policy().jitter = 0;
    return llm;
}

request hello() {
    request r;
    r.messages = {message::system("You are a helpful assistant."), message::user("Hello!")};
    r.max_tokens = 1024;
    return r;
}

}  // namespace

TEST_CASE("anthropic end to end: a 529 overloaded answer is retried, then the message arrives",
          "[anthropic][basic_llm][retry]") {
    auto llm = make_llm();
    llm.transport()
        .respond(529, fixture("anthropic/error-overloaded.json"), {{"request-id", "req_overloaded"}})
        .respond(200, fixture("anthropic/response-text.json"),
                 {{"request-id", "req_ok"},
                  {"anthropic-ratelimit-requests-limit", "50"},
                  {"anthropic-ratelimit-requests-remaining", "49"},
                  {"anthropic-ratelimit-input-tokens-remaining", "39000"}});
    std::vector<errc> retried_after;
    llm.on_retry([&](const retry_event& e) { retried_after.push_back(e.cause.kind()); });
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() == "Hi! My name is Claude.");
    CHECK(c.value().request_id == "req_ok");
    CHECK(c.value().headers.find("anthropic-ratelimit-requests-remaining") == "49");
    CHECK(c.value().rate_limits.requests.limit == 50);
    CHECK(c.value().rate_limits.requests.remaining == 49);
    CHECK(c.value().rate_limits.input_tokens.remaining == 39000);
    CHECK(retried_after == std::vector<errc>{errc::service_unavailable});
    REQUIRE(llm.transport().requests().size() == 2);
    CHECK(llm.transport().elapsed() == 5s);  // the policy's first wait
    for (const auto& sent : llm.transport().requests()) {
        CHECK(sent.url == "https://api.anthropic.com/v1/messages");
        CHECK(sent.headers.find("x-api-key") == key);
        // Claude Sonnet 4.5 has a prompt cache (the tables say), and caching_prompt is on by default.
        CHECK(nlohmann::json::parse(sent.body) == polyllm_test::fixture_json("anthropic/request-basic-cached.json"));
    }
}

TEST_CASE("anthropic end to end: errors that retrying cannot fix are returned at once, without the key",
          "[anthropic][basic_llm][retry]") {
    auto llm = make_llm();
    auto body = nlohmann::json::parse(fixture("anthropic/error-authentication.json"));
    body["error"]["message"] = std::string("invalid x-api-key: ") + key;  // a server that echoes the key
    llm.transport().respond(401, body.dump(), {{"request-id", "req_auth"}});
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::authentication);
    CHECK(c.error().provider == "anthropic");
    CHECK(c.error().request_id == "req_auth");
    CHECK(c.error().to_string().find(key) == std::string::npos);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("anthropic end to end: streaming delivers events and returns what complete would",
          "[anthropic][basic_llm][stream]") {
    for (std::size_t size : {std::size_t(1), std::size_t(7), std::size_t(64), std::size_t(100000)}) {
        INFO("pieces of " << size << " bytes");
        auto llm = make_llm();
        llm.transport().respond_stream(pieces(fixture("anthropic/stream-thinking.sse"), size),
                                       {{"request-id", "req_stream"}});
        std::string text, thinking;
        auto c = llm.stream(hello(), [&](const stream_event& e) {
            if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
            if (const auto* r = std::get_if<reasoning_delta>(&e)) thinking += r->text;
        });
        REQUIRE(c);
        CHECK(text == "27 × 453 = **12 231** 🧮 (二十七乘以四百五十三)");
        CHECK_THAT(thinking, Catch::StartsWith("Let me solve this step by step"));
        auto expected = anthropic{}.parse({200, {}, {{"request-id", "req_stream"}},
                                           fixture("anthropic/response-stream-thinking.json")},
                                          {llm.config(), {}, false});
        REQUIRE(expected);
        expected.value().cost = cost_of(expected.value().usage, effective_model_info<anthropic>(llm.config()));
        CHECK(c.value().cost);  // basic_llm prices what the provider parsed
        CHECK(c.value() == expected.value());
        const auto& sent = llm.transport().requests().at(0);
        CHECK(sent.stream);
        CHECK(nlohmann::json::parse(sent.body)["stream"] == true);
    }
}

TEST_CASE("anthropic end to end: a stream cut before message_stop fails with what arrived",
          "[anthropic][basic_llm][stream]") {
    auto llm = make_llm();
    llm.transport().respond_stream(pieces(fixture("anthropic/stream-truncated.sse"), 50));
    auto c = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::connection);
    REQUIRE(c.error().partial);
    CHECK(c.error().partial->message.text() == "The answer is 4");
    CHECK(llm.transport().requests().size() == 1);  // text was delivered: no retry
}

TEST_CASE("anthropic end to end: a 529 before the stream starts is retried", "[anthropic][basic_llm][stream]") {
    auto llm = make_llm();
    llm.transport()
        .respond(529, fixture("anthropic/error-overloaded.json"))
        .respond_stream(pieces(fixture("anthropic/stream-tool-use.sse"), 33));
    auto c = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE(c);
    CHECK(llm.transport().requests().size() == 2);
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0].arguments == R"({"location":"San Francisco, CA","unit":"fahrenheit"})");
}

TEST_CASE("anthropic end to end: Claude Haiku 4.5 gets native tools and thinking, as Anthropic's table says",
          "[anthropic][basic_llm][models]") {
    llm_config cfg;
    cfg.model = "anthropic/claude-haiku-4-5";
    cfg.api_key = key;
    anthropic_test_llm llm{cfg};
    llm.transport().respond(200, fixture("anthropic/response-tool-use.json"));
    auto req = hello();
    req.tools = {tool{"get_weather", "The weather in a city",
                      nlohmann::json{{"type", "object"},
                                     {"properties", {{"location", {{"type", "string"}}}}},
                                     {"required", {"location"}}}}};
    req.reasoning_effort = reasoning_effort::minimal;
    req.max_tokens = 4000;
    auto c = llm.complete(req);
    REQUIRE(c);
    REQUIRE(c.value().message.tool_calls.size() == 2);  // the fixture calls the tool twice
    const auto sent = nlohmann::json::parse(llm.transport().requests().at(0).body);
    // Native tools: the built-in lists would have described them in the prompt instead.
    REQUIRE(sent.contains("tools"));
    CHECK(sent["tools"][0]["name"] == "get_weather");
    CHECK(sent["system"].dump().find("get_weather") == std::string::npos);
    CHECK(sent["thinking"] == nlohmann::json{{"type", "enabled"}, {"budget_tokens", 1024}});
}

TEST_CASE("anthropic end to end: disable_stop_word drops stop sequences with drop_params, else refuses",
          "[anthropic][basic_llm][models]") {
    llm_config cfg;
    cfg.model = "claude-sonnet-4-5-20250929";
    cfg.api_key = key;
    cfg.disable_stop_word = true;
    auto req = hello();
    req.stop = {"\nObservation:"};

    anthropic_test_llm refusing{cfg};
    auto refused = refusing.complete(req);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::unsupported);
    CHECK(refusing.transport().requests().empty());

    cfg.drop_params = true;
    anthropic_test_llm dropping{cfg};
    dropping.transport().respond(200, fixture("anthropic/response-text.json"));
    REQUIRE(dropping.complete(req));
    CHECK_FALSE(nlohmann::json::parse(dropping.transport().requests().at(0).body).contains("stop_sequences"));

    cfg.disable_stop_word = false;
    anthropic_test_llm keeping{cfg};
    keeping.transport().respond(200, fixture("anthropic/response-text.json"));
    REQUIRE(keeping.complete(req));
    CHECK(nlohmann::json::parse(keeping.transport().requests().at(0).body)["stop_sequences"] ==
          nlohmann::json::array({"\nObservation:"}));
}
