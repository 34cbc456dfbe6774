#pragma once
// The requests behind tests/fixtures/openai_responses/request-*.json, shared by the provider's tests.

#include <polyllm/providers/openai_responses.hpp>

#include "support/fixtures.hpp"

#include <string>

namespace openai_responses_test {

using namespace polyllm;

inline llm_config config_for(std::string model) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-test-responses-key";
    return cfg;
}

inline completion parsed(const char* fixture_name) {
    const auto cfg = config_for("openai_responses/o4-mini");
    return openai_responses{}
        .parse(http_response{200, {}, {}, polyllm_test::fixture(fixture_name)}, {cfg, {}, false})
        .value();
}

inline tool weather_tool() {
    return {"get_weather", "Current weather for a city",
            ordered_json::parse(
                R"({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})")};
}

// A system prompt, one question, a temperature and an output limit to a model that does not reason.
inline request basic() {
    request req;
    req.messages = {message::system("You are a helpful assistant."), message::user("Hello!")};
    req.temperature = 0.2;
    req.max_tokens = 256;
    return req;
}

// The second turn of a reasoning model's tool use: the first answer (a reasoning item and two calls, as parsed from
// response-reasoning-tool-calls.json) goes back whole, followed by the two results.
inline request reasoning_turns() {
    request req;
    req.messages = {message::system("You are a weather assistant."),
                    message::user("Is it warmer in Paris or in Tokyo right now?")};
    req.messages.push_back(parsed("openai_responses/response-reasoning-tool-calls.json").message);
    req.messages.push_back(message::tool_result("call_Lq3vX8mN2pR5tY7w", R"({"temp_c":18,"sky":"cloudy"})"));
    req.messages.push_back(message::tool_result("call_Bz9kT4sW6hJ1fD3g", R"({"temp_c":26,"sky":"sunny"})"));
    req.tools = {weather_tool()};
    req.reasoning_effort = reasoning_effort::medium;
    req.max_tokens = 4096;
    return req;
}

// Tools with a forced choice, an image at a URL and one inline, structured output whose schema keeps its key order,
// an end-user id and an extra field that replaces polyllm's.
inline request tools_and_format() {
    request req;
    message user;
    user.role = role::user;
    user.content = {text_part{"What is in these pictures? Then check the weather where the first was taken."},
                    image_part::from_url("https://example.com/eiffel.jpg", image_detail::high),
                    image_part::from_base64("image/png", "iVBORw0KGgo=")};
    req.messages = {user};
    req.tools = {weather_tool()};
    req.tool_choice = tool_choice::function("get_weather");
    req.parallel_tool_calls = false;
    req.response_format = response_format::json_schema(
        "answer", ordered_json::parse(R"({"type": "object", "properties": {"reasoning": {"type": "string"},
            "answer": {"type": "string"}}, "required": ["reasoning", "answer"], "additionalProperties": false})"));
    req.user = "user-1234";
    req.extra = ordered_json::parse(R"({"store": true, "service_tier": "flex"})");
    return req;
}

}  // namespace openai_responses_test
