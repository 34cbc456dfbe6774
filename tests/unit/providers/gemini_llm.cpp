// The Gemini provider end to end: basic_llm<gemini, scripted_transport>, retries and streaming.

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

using gemini_test_llm = basic_llm<gemini, scripted_transport>;
constexpr const char* key = "AIzaSy-DO-NOT-LEAK-0123456789";

gemini_test_llm make_llm() {
    llm_config cfg;
    cfg.model = "gemini/gemini-2.5-flash";
    cfg.api_key = key;
    gemini_test_llm llm{cfg};
    llm.retry_policy().jitter = 0;
    return llm;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

}  // namespace

TEST_CASE("gemini end to end: no candidates and 503 are retried, then the answer arrives",
          "[gemini][basic_llm][retry]") {
    auto llm = make_llm();
    llm.transport()
        .respond(200, fixture("gemini/response-no-candidates.json"))
        .respond(503, fixture("gemini/error-unavailable.json"))
        .respond(200, fixture("gemini/response-text.json"));
    std::vector<errc> causes;
    llm.on_retry([&](const retry_event& e) { causes.push_back(e.cause.kind()); });
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() ==
          "AI learns patterns from examples and uses them to make predictions about new data.");
    CHECK(causes == std::vector<errc>{errc::no_response, errc::service_unavailable});
    REQUIRE(llm.transport().requests().size() == 3);
    for (const auto& sent : llm.transport().requests()) {
        CHECK(sent.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
        CHECK(sent.headers.find("x-goog-api-key") == key);
        CHECK(sent.url.find(key) == std::string::npos);
    }
}

TEST_CASE("gemini end to end: a rejected key is not retried and never shown", "[gemini][basic_llm]") {
    auto llm = make_llm();
    auto body = nlohmann::json::parse(fixture("gemini/error-api-key-invalid.json"));
    body["error"]["message"] = std::string("API key not valid: ") + key;
    llm.transport().respond(400, body.dump());
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::authentication);
    CHECK(c.error().provider == "gemini");
    CHECK(c.error().to_string().find(key) == std::string::npos);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("gemini end to end: streaming returns what complete would", "[gemini][basic_llm][stream]") {
    for (std::size_t size : {std::size_t(1), std::size_t(13), std::size_t(100000)}) {
        INFO("pieces of " << size << " bytes");
        auto llm = make_llm();
        llm.transport().respond_stream(pieces(fixture("gemini/stream-function-calls.sse"), size));
        int calls = 0;
        auto c = llm.stream(hello(), [&](const stream_event& e) { calls += std::holds_alternative<tool_call_end>(e); });
        REQUIRE(c);
        CHECK(calls == 3);
        auto expected = gemini{}.parse({200, {}, {}, fixture("gemini/response-function-calls.json")},
                                       {llm.config(), {}, false});
        REQUIRE(expected);
        expected.value().cost = cost_of(expected.value().usage, effective_model_info<gemini>(llm.config()));
        CHECK(c.value().cost);  // basic_llm prices what the provider parsed
        CHECK(c.value() == expected.value());
        const auto& sent = llm.transport().requests().at(0);
        CHECK(sent.stream);
        CHECK(sent.url ==
              "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }
}

TEST_CASE("gemini end to end: a stream without a finishReason fails with what arrived", "[gemini][basic_llm][stream]") {
    auto llm = make_llm();
    llm.transport().respond_stream(pieces(fixture("gemini/stream-truncated.sse"), 64));
    auto c = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::connection);
    REQUIRE(c.error().partial);
    CHECK(c.error().partial->message.text() == "The answer is 4");
}

TEST_CASE("gemini end to end: Gemini 2.5 Flash gets native function declarations, as Google's table says",
          "[gemini][basic_llm][models]") {
    auto llm = make_llm();
    llm.transport().respond(200, fixture("gemini/response-function-calls.json"));
    auto req = hello();
    req.tools = {tool{"get_weather", "The weather in a city",
                      nlohmann::json{{"type", "object"}, {"properties", {{"location", {{"type", "string"}}}}}}}};
    auto c = llm.complete(req);
    REQUIRE(c);
    CHECK_FALSE(c.value().message.tool_calls.empty());
    const auto sent = nlohmann::json::parse(llm.transport().requests().at(0).body);
    REQUIRE(sent.contains("tools"));
    CHECK(sent["tools"][0]["functionDeclarations"][0]["name"] == "get_weather");
}

TEST_CASE("gemini end to end: a reasoning effort for Gemini 3 is sent as a thinking level, not refused",
          "[gemini][basic_llm][models]") {
    llm_config cfg;
    cfg.model = "gemini/gemini-3-pro-preview";
    cfg.api_key = key;
    gemini_test_llm llm{cfg};
    llm.transport().respond(200, fixture("gemini/response-text.json"));
    auto req = hello();
    req.reasoning_effort = reasoning_effort::high;
    REQUIRE(llm.complete(req));
    const auto sent = nlohmann::json::parse(llm.transport().requests().at(0).body);
    CHECK(sent["generationConfig"]["thinkingConfig"]["thinkingLevel"] == "high");
}
