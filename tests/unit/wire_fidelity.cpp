// Issue 18: what the provider did not say is not invented (unknown usage, unknown cost), the output-limit field a
// server understands, native tools for the models that have them, streams answered with plain JSON or errors sent
// as events, wrong shapes named as such, and the bytes of two mock servers from npm.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

template <class P>
http_request prepare_for(const request& req, std::string model, std::string base_url = {}) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-wire-fidelity";
    cfg.base_url = std::move(base_url);
    auto http = P{}.prepare(req, {cfg, typename P::options{}, false});
    REQUIRE(http);
    return std::move(http).value();
}

request limited() {
    request r;
    r.messages = {message::user("hi")};
    r.max_tokens = 64;
    return r;
}

template <class P>
result<completion> parse_with(int status, std::string body, http_headers headers = {}) {
    llm_config cfg;
    cfg.model = "m";
    return P{}.parse(http_response{status, {}, std::move(headers), std::move(body)}, {cfg, typename P::options{}, false});
}

template <class LLM>
LLM make_llm(std::string model) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-wire-fidelity";
    cfg.num_retries = 0;
    return LLM{cfg};
}

struct collector {
    std::string text;
    std::vector<stream_event> events;
    void operator()(const stream_event& e) {
        events.push_back(e);
        if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
    }
};

}  // namespace

// ------------------------------------------------------------------------------------------------ usage

TEST_CASE("a reply without usage has unknown usage and unknown cost, not zero", "[usage][wire-fidelity]") {
    auto c = parse_with<openai>(200, fixture("mock_servers/mock-llm-response.json"));
    REQUIRE(c);
    CHECK_FALSE(c.value().usage.prompt_tokens.has_value());
    CHECK_FALSE(c.value().usage.completion_tokens.has_value());
    CHECK_FALSE(c.value().usage.reported());
    CHECK_FALSE(c.value().usage.total_tokens().has_value());
    CHECK_FALSE(cost_of(c.value().usage, *model_info_of("gpt-4o")).has_value());
    // and in the library's JSON form: null, not 0
    const auto j = nlohmann::json(c.value());
    CHECK(j["usage"]["prompt_tokens"].is_null());
    CHECK(j["usage"]["completion_tokens"].is_null());
}

TEST_CASE("a reported zero stays a known zero; parts the provider does not report stay unknown", "[usage]") {
    auto c = parse_with<openai>(
        200, R"({"choices":[{"message":{"role":"assistant","content":""},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":0}})");
    REQUIRE(c);
    CHECK(c.value().usage.prompt_tokens == 12);
    CHECK(c.value().usage.completion_tokens == 0);
    CHECK(c.value().usage.total_tokens() == 12);
    CHECK_FALSE(c.value().usage.cache_write_tokens.has_value());  // OpenAI has no cache writes to report
    CHECK_FALSE(c.value().usage.reasoning_tokens.has_value());
    CHECK(cost_of(c.value().usage, *model_info_of("gpt-4o")).has_value());

    auto a = parse_with<anthropic>(200, R"({"type":"message","role":"assistant","content":[],"stop_reason":"end_turn",
                                             "usage":{"input_tokens":5,"output_tokens":3}})");
    REQUIRE(a);
    CHECK(a.value().usage.prompt_tokens == 5);
    CHECK_FALSE(a.value().usage.cache_read_tokens.has_value());

    auto g = parse_with<gemini>(200, R"({"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"STOP"}]})");
    REQUIRE(g);
    CHECK_FALSE(g.value().usage.reported());
}

TEST_CASE("metrics count the calls whose usage was unknown and sum only what was reported", "[usage][metrics]") {
    metrics m;
    response_record known;
    known.usage.prompt_tokens = 10;
    known.usage.completion_tokens = 2;
    REQUIRE(m.add(known));
    REQUIRE(m.add(response_record{}));
    CHECK(m.unknown_usage() == 1);
    CHECK(m.accumulated_usage().prompt_tokens == 10);
    CHECK_FALSE(m.accumulated_usage().cache_read_tokens.has_value());
}

TEST_CASE("costs are shown to 10 significant digits", "[cost]") {
    CHECK(nlohmann::json(rounded_cost(2.7500000000000004e-05)).dump() == "2.75e-05");
    CHECK(nlohmann::json(rounded_cost(0.1 + 0.2)).dump() == "0.3");
    CHECK(rounded_cost(123.456789012345) == Approx(123.456789).epsilon(1e-12));
    CHECK(rounded_cost(0.0) == 0.0);
}

// ------------------------------------------------------------------------------------------------ token limit

TEST_CASE("max_completion_tokens goes only to OpenAI itself and to the models that take only it", "[openai]") {
    auto field_of = [](const http_request& http) {
        const auto body = nlohmann::json::parse(http.body);
        return body.contains("max_completion_tokens") ? std::string("max_completion_tokens")
               : body.contains("max_tokens")          ? std::string("max_tokens")
                                                      : std::string("none");
    };
    CHECK(field_of(prepare_for<openai>(limited(), "gpt-4o")) == "max_completion_tokens");
    CHECK(field_of(prepare_for<openai>(limited(), "gpt-4o", "https://api.openai.com/v1")) == "max_completion_tokens");
    CHECK(field_of(prepare_for<openai>(limited(), "gpt-4o", "http://127.0.0.1:8000/v1")) == "max_tokens");
    CHECK(field_of(prepare_for<openai>(limited(), "openai/llama-3", "http://proxy.internal/v1")) == "max_tokens");
    CHECK(field_of(prepare_for<openai>(limited(), "o3-mini", "http://127.0.0.1:8000/v1")) == "max_completion_tokens");
    CHECK(field_of(prepare_for<openai>(limited(), "gpt-5", "http://127.0.0.1:8000/v1")) == "max_completion_tokens");
    CHECK(field_of(prepare_for<azure>(limited(), "azure/o1", "https://r.openai.azure.com")) == "max_completion_tokens");
    CHECK(field_of(prepare_for<azure>(limited(), "azure/gpt-4o", "https://r.openai.azure.com")) == "max_tokens");
}

// ------------------------------------------------------------------------------------------------ native tools

TEST_CASE("first-party providers use native tools unless the model is known not to have them", "[models][tools]") {
    CHECK(features_of<openai>("gpt-4.1-mini").function_calling);
    CHECK(features_of<openai>("gpt-4.1-2025-04-14").function_calling);
    CHECK(features_of<openai>("gpt-4o-mini").function_calling);
    CHECK(supports<openai>("gpt-4.1-nano", capability::function_calling));
    CHECK(features_of<anthropic>("claude-3-haiku-20240307").function_calling);
    CHECK(features_of<gemini>("gemini-2.0-flash").function_calling);
    CHECK(features_of<mistral>("mistral/mistral-small-latest").function_calling);
    CHECK_FALSE(features_of<openai>("o1-mini").function_calling);
    CHECK_FALSE(features_of<openai>("o1-preview-2024-09-12").function_calling);
    CHECK_FALSE(features_of<openai>("gpt-3.5-turbo-instruct").function_calling);
    CHECK_FALSE(features_of<openai>("text-embedding-3-small").function_calling);
    // Everything else keeps the explicit tables: an unknown model behind a compatible server gets the text form.
    CHECK_FALSE(features_of<hosted_vllm>("hosted_vllm/some-local-model").function_calling);
    CHECK_FALSE(features_of("gpt-4.1-mini").function_calling);  // the tables alone do not list it
    // and the body says so: the tools field, not a prompt
    request r = limited();
    r.tools = {tool{"lookup", "", ordered_json::parse(R"({"type":"object","properties":{"q":{"type":"string"}}})")}};
    auto llm = make_llm<basic_llm<openai, scripted_transport>>("gpt-4.1-mini");
    llm.transport().respond(200, fixture("mock_servers/openai-api-mock-response.json"));
    REQUIRE(llm.complete(r));
    CHECK(nlohmann::json::parse(llm.transport().requests().at(0).body).contains("tools"));
}

// ------------------------------------------------------------------------------------------------ streams

TEST_CASE("a plain JSON answer to a streamed request is the completion, told as events", "[stream][wire-fidelity]") {
    auto llm = make_llm<basic_llm<openai, scripted_transport>>("gpt-4o");
    llm.transport().respond(200, fixture("mock_servers/openai-api-mock-response.json"),
                            {{"content-type", "application/json"}});
    collector got;
    auto c = llm.stream(limited(), std::ref(got));
    REQUIRE(c);
    CHECK(c.value().message.text() == "corrupti virga synagoga patruus armarium");
    CHECK(got.text == c.value().message.text());
    CHECK(c.value().usage.prompt_tokens == 57);
    REQUIRE_FALSE(got.events.empty());
    CHECK(std::holds_alternative<finish>(got.events.back()));
}

TEST_CASE("an error object answered with 200 to a streamed request is that error", "[stream][wire-fidelity]") {
    auto llm = make_llm<basic_llm<openai, scripted_transport>>("gpt-4o");
    llm.transport().respond(200, R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})",
                            {{"content-type", "application/json"}});
    auto c = llm.stream(limited(), [](const stream_event&) {});
    REQUIRE_FALSE(c);
    CHECK(c.error().kind() == errc::rate_limited);
}

TEST_CASE("a 5xx whose body is an event stream is classified from its JSON", "[stream][wire-fidelity]") {
    auto llm = make_llm<basic_llm<anthropic, scripted_transport>>("claude-3-5-sonnet-20241022");
    llm.transport().respond(
        529,
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
        {{"content-type", "text/event-stream"}});
    auto c = llm.stream(limited(), [](const stream_event&) {});
    REQUIRE_FALSE(c);
    CHECK(c.error().kind() == errc::service_unavailable);
    CHECK(c.error().message.find("Overloaded") != std::string::npos);

    auto o = make_llm<basic_llm<openai, scripted_transport>>("gpt-4o");
    o.transport().respond(500, "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n",
                          {{"content-type", "text/event-stream; charset=utf-8"}});
    auto e = o.stream(limited(), [](const stream_event&) {});
    REQUIRE_FALSE(e);
    CHECK(e.error().message.find("The server had an error") != std::string::npos);
}

// ------------------------------------------------------------------------------------------------ shapes

TEST_CASE("a body of the wrong shape is malformed_response naming the field", "[wire-fidelity]") {
    auto kind_and_message = [](const result<completion>& r) {
        REQUIRE_FALSE(r);
        return std::pair{r.error().kind(), r.error().message};
    };
    auto [k1, m1] = kind_and_message(parse_with<openai>(200, R"({"choices": "not a list"})"));
    CHECK(k1 == errc::malformed_response);
    CHECK(m1.find("choices") != std::string::npos);
    auto [k2, m2] = kind_and_message(
        parse_with<openai>(200, R"({"choices":[{"message":{"role":"assistant","content":{"text":"x"}}}]})"));
    CHECK(k2 == errc::malformed_response);
    CHECK(m2.find("content") != std::string::npos);
    auto [k3, m3] = kind_and_message(parse_with<openai>(200, R"({"choices":[7]})"));
    CHECK(k3 == errc::malformed_response);
    auto [k4, m4] = kind_and_message(parse_with<gemini>(200, R"({"candidates": {"content": 1}})"));
    CHECK(k4 == errc::malformed_response);
    CHECK(m4.find("candidates") != std::string::npos);
    auto [k5, m5] = kind_and_message(parse_with<gemini>(200, R"({"candidates":[{"content":{"parts":"x"}}]})"));
    CHECK(k5 == errc::malformed_response);
    CHECK(m5.find("parts") != std::string::npos);
    auto [k6, m6] = kind_and_message(parse_with<anthropic>(200, R"({"type":"message","content":{"a":1}})"));
    CHECK(k6 == errc::malformed_response);
    CHECK(m6.find("content") != std::string::npos);
    // An empty answer of the right shape is still no_response.
    CHECK(kind_and_message(parse_with<openai>(200, R"({"choices":[]})")).first == errc::no_response);
}

// ------------------------------------------------------------------------------------------------ mock servers

TEST_CASE("the bytes of two npm mock servers, plain and streamed", "[wire-fidelity][mock-servers]") {
    SECTION("@dwmkerr/mock-llm: no usage, no index") {
        auto c = parse_with<openai>(200, fixture("mock_servers/mock-llm-response.json"));
        REQUIRE(c);
        CHECK(c.value().message.text() == "Hello");
        CHECK(c.value().finish_reason == finish_reason::stop);
        CHECK(c.value().model == "gpt-4o");

        auto llm = make_llm<basic_llm<openai, scripted_transport>>("gpt-4o");
        llm.transport().respond_stream({fixture("mock_servers/mock-llm-stream.sse")},
                                       {{"content-type", "text/event-stream"}});
        collector got;
        auto s = llm.stream(limited(), std::ref(got));
        REQUIRE(s);
        CHECK(got.text == "Hello there");
        CHECK(s.value().finish_reason == finish_reason::stop);
        CHECK_FALSE(s.value().usage.reported());
        CHECK_FALSE(s.value().cost.has_value());
    }
    SECTION("openai-api-mock: no role, no finish_reason, no usage, a new id per chunk, no content type") {
        auto c = parse_with<openai>(200, fixture("mock_servers/openai-api-mock-response.json"));
        REQUIRE(c);
        CHECK(c.value().usage.prompt_tokens == 57);
        CHECK(c.value().usage.completion_tokens == 17);

        auto llm = make_llm<basic_llm<openai, scripted_transport>>("gpt-4o");
        llm.transport().respond_stream({fixture("mock_servers/openai-api-mock-stream.sse")});
        collector got;
        auto s = llm.stream(limited(), std::ref(got));
        REQUIRE(s);
        CHECK(got.text == "CogoLaudantiumCinisVelit");
        CHECK(s.value().message.text() == got.text);
        CHECK(s.value().id == "chatcmpl-Pmhx8N4ZLc0OHJL4m7RCk3jkJDTt7I");  // the first chunk's
        CHECK_FALSE(s.value().usage.reported());
    }
}
