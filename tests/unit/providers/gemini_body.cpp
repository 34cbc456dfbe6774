// gemini_content::write_body writes the generateContent body straight into a string. These cases pin its bytes
// (key order, numbers, escaping, where extra's fields go) for every request shape the Gemini tests build.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace polyllm;
using nlohmann::json;

namespace {

struct body_case {
    std::string name;
    request req;
    llm_config cfg;
    gemini_content::model_traits traits{};
};

llm_config config_for(std::string model = "gemini-2.5-flash") {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "AIzaSy-test-key";
    return cfg;
}

request with(std::vector<message> messages) {
    request r;
    r.messages = std::move(messages);
    return r;
}

message assistant_with(std::vector<content_part> content, std::vector<tool_call> calls = {}) {
    message m;
    m.role = role::assistant;
    m.content = std::move(content);
    m.tool_calls = std::move(calls);
    return m;
}

// Tools whose schemas use what Gemini's schema subset lacks (formats, defaults, additionalProperties).
std::vector<tool> weather_tools() { return polyllm_test::fixture_json("gemini/tools-to-clean.json").get<std::vector<tool>>(); }

json nested_schema() {
    return json::parse(R"({
        "type": "object",
        "$defs": {"Item": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid", "default": ""}},
                           "additionalProperties": {"type": "string"}}},
        "definitions": "not an object",
        "patternProperties": {"^x-": {"type": "STRING", "format": "byte"}},
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}, "default": []},
            "tags": {"type": ["string", "null"], "format": "email"},
            "ratio": {"type": "number", "format": "double", "maximum": 1.5, "minimum": -0.25},
            "choice": {"oneOf": [{"type": "string", "format": "date"}, {"type": "integer", "default": 3}]},
            "pair": {"type": "array", "prefixItems": [{"type": "string", "format": "enum"}], "not": {"type": "null"}},
            "all": {"allOf": [{"format": "x"}, {"type": "string", "format": "date-time"}]},
            "format": {"type": "string", "format": 7}
        }
    })");
}

std::vector<body_case> cases() {
    std::vector<body_case> all;
    auto add = [&](std::string name, request req, llm_config cfg = config_for(),
                   gemini_content::model_traits traits = {}) {
        all.push_back({std::move(name), std::move(req), std::move(cfg), traits});
    };
    const auto neko = with({message::system("You are a cat. Your name is Neko."), message::user("Hello there")});
    add("basic", neko);
    add("empty", request{});

    auto tools = with({message::user("What's the weather in Paris?")});
    tools.tools = weather_tools();
    tools.tool_choice = tool_choice::function("get_weather");
    add("tools", tools);
    tools.tool_choice.reset();
    add("tools-without-choice", tools);
    for (auto [name, choice] : {std::pair{"auto", tool_choice::automatic()}, std::pair{"none", tool_choice::none()},
                                std::pair{"required", tool_choice::required()}}) {
        tools.tool_choice = choice;
        add(std::string("tool-choice-") + name, tools);
    }
    auto choice_without_tools = with({message::user("Hi")});
    choice_without_tools.tool_choice = tool_choice::required();
    add("tool-choice-without-tools", choice_without_tools);
    auto schemas = with({message::user("Hi")});
    schemas.tools = {{"nested", "Nested schemas", nested_schema()},
                     {"scalar", "A string parameter", json{{"type", "string"}, {"format", "uri"}}},
                     {"untyped", "", json{{"properties", {{"a", {{"type", "integer"}}}}}}}};
    add("tool-schemas", schemas);

    // Schemas as generators write them: an MCP server's tools, a Pydantic model for the answer; translated to
    // Gemini's Schema, or sent as they are.
    auto generated = with({message::user("Edit the order file.")});
    const auto mcp = polyllm_test::fixture_json("gemini/schemas/mcp-tools.json");
    for (const auto& t : mcp["tools"])
        generated.tools.push_back({t["name"], t["description"], t["inputSchema"]});
    generated.response_format =
        response_format::json_schema("order", polyllm_test::fixture_json("gemini/schemas/pydantic-v2-order.json"));
    add("generated-schemas", generated);
    add("schema-passthrough", generated, config_for(), {false, true, true});

    message calls = assistant_with({thinking_part{"**Checking two cities**", {}, {}}},
                                   {{"call_q8a_0__thought__CiQB0e2Kb2EjY0pHXy8m", "get_weather",
                                     R"({"location": "Paris"})"},
                                    {"call_q8a_1", "get_weather", ""}});
    message answer = message::assistant("De rien.");
    answer.content.push_back(thinking_part{{}, "EjQKMgEMOdbHQ1d0", {}});
    add("tool-history", with({message::system("You are a weather bot."), message::user("Weather in Paris and Rome?"),
                              calls, message::tool_result("call_q8a_0__thought__CiQB0e2Kb2EjY0pHXy8m", "18°C, sunny"),
                              message::tool_result("call_q8a_1", "21°C", "get_weather"), message::user("Thanks!"),
                              answer, message::user("Bye")}));

    message vision;
    vision.role = role::user;
    vision.content = {text_part{"Caption these images."},
                      image_part::from_url("https://generativelanguage.googleapis.com/v1beta/files/abc-123"),
                      image_part{"gs://cloud-samples-data/generative-ai/image/scones.jpg", "image/jpeg", {},
                                 image_detail::automatic},
                      image_part::from_base64("image/png", "iVBORw0KGgo=")};
    add("vision", with({vision}));

    auto generation_cfg = config_for();
    generation_cfg.top_k = 40;
    generation_cfg.seed = 42;
    auto generation = with({message::user("List three primes as JSON.")});
    generation.temperature = 0.2;
    generation.top_p = 0.9;
    generation.max_tokens = 256;
    generation.stop = {"END"};
    generation.response_format = response_format::json_schema("primes", json::parse(R"({
        "type": "object", "properties": {"primes": {"type": "array", "items": {"type": "integer"}}},
        "required": ["primes"], "additionalProperties": false})"));
    generation.extra = {{"safetySettings", {{{"category", "HARM_CATEGORY_HARASSMENT"},
                                              {"threshold", "BLOCK_ONLY_HIGH"}}}}};
    add("generation-config", generation, generation_cfg);
    generation.response_format = response_format::json_object();
    add("json-object", generation, generation_cfg);
    generation.response_format = response_format{};
    add("response-format-text", generation, generation_cfg);

    auto defaults_cfg = config_for();
    defaults_cfg.temperature = 1.0;
    defaults_cfg.top_p = 1e-7;
    defaults_cfg.max_output_tokens = 65536;
    defaults_cfg.seed = -3;
    add("config-defaults", neko, defaults_cfg);
    auto overriding = neko;
    overriding.temperature = 0.1;
    overriding.top_p = 0.95;
    overriding.max_tokens = 8;
    overriding.seed = 9007199254740993;
    overriding.stop = {"a", "\"quoted\"", ""};
    add("request-over-config", overriding, defaults_cfg);

    auto thinking_cfg = config_for();
    thinking_cfg.reasoning_effort = reasoning_effort::medium;
    auto hi = with({message::user("Hi")});
    add("thinking-budget", hi, thinking_cfg, {true, true});
    add("thinking-without-thoughts", hi, thinking_cfg, {true, false});
    add("thinking-not-taken", hi, thinking_cfg, {false, true});
    auto off = hi;
    off.reasoning_effort = reasoning_effort::none;
    add("thinking-off", off, thinking_cfg, {true, true});
    add("thinking-off-pro", off, config_for("gemini-2.5-pro"), {true, true});
    auto high = hi;
    high.reasoning_effort = reasoning_effort::high;
    add("thinking-level", high, config_for("gemini-3-pro-preview"), {true, true});
    add("thinking-level-low", off, config_for("gemini-3-flash-preview"), {true, false});
    auto thinking_with_rest = generation;
    thinking_with_rest.reasoning_effort = reasoning_effort::minimal;
    add("thinking-with-generation", thinking_with_rest, generation_cfg, {true, true});

    // extra: a field the body has takes extra's value where it stands; the others follow, in extra's order.
    auto extra = tools;
    extra.messages.insert(extra.messages.begin(), message::system("Be brief."));
    extra.temperature = 0.5;
    extra.extra = {{"contents", json::array({{{"role", "user"}, {"parts", {{{"text", "replaced"}}}}}})},
                   {"generationConfig", {{"candidateCount", 1}}},
                   {"systemInstruction", {{"parts", json::array()}}},
                   {"toolConfig", nullptr},
                   {"tools", json::array()},
                   {"aaa", 1},
                   {"zzz", {{"b", 2.5}, {"a", "x"}}}};
    add("extra-in-place", extra);
    auto extra_absent = hi;
    extra_absent.extra = {{"systemInstruction", {{"parts", {{{"text", "from extra"}}}}}},
                          {"tools", json::array({{{"googleSearch", json::object()}}})},
                          {"toolConfig", {{"functionCallingConfig", {{"mode", "ANY"}}}}},
                          {"generationConfig", {{"temperature", 0}}},
                          {"cachedContent", "cachedContents/abc"}};
    add("extra-absent-fields", extra_absent);
    auto extra_array = hi;
    extra_array.extra = json::array({1, "two"});
    add("extra-array", extra_array);
    auto extra_null = hi;
    extra_null.extra = nullptr;
    add("extra-null", extra_null);

    // Escaping and numbers, in text and in tool arguments (parsed, then written in their own key order).
    auto escapes = with({message::system("tab\there \"quoted\" back\\slash \x01\x1f"),
                         message::user("héllo ✓ 🎉 \n\r\b\f"), message::user("bad \xff\xfe utf-8 \xc3"),
                         assistant_with({text_part{"ok"}},
                                        {{"call_1", "edit",
                                          R"({"z": "\u00e9\n", "a": 1.50, "c": 1e2, "d": -0, "e": 12345678901234567890,
                                              "f": [true, null, {"z": 1, "a": 2}], "g": -7, "h": 1e300,
                                              "i": 0.1, "j": "\ud83c\udf89", "a": "again"})"},
                                         {"call_2", "bad\xff name", R"(  {}  )"}}),
                         message::tool_result("call_1", "done \x7f"), message::tool_result("call_2", "")});
    add("escapes", escapes);

    // Turns: merging, empty messages, system messages anywhere, tool results beside user text.
    message empty_user;
    empty_user.role = role::user;
    empty_user.content = {text_part{""}, thinking_part{"unsent", "sig", {}}};
    message tool_images = message::tool_result("call_a", "");
    tool_images.content = {text_part{"line 1\n"}, image_part::from_base64("image/png", "AAAA"), text_part{"line 2"},
                           image_part::from_url("https://example.com/x.png")};
    add("merging", with({message::user("one"), message::user(""), message::user("two"), empty_user,
                         message::system("first"), message::assistant(""), message::assistant("three"),
                         assistant_with({thinking_part{{}, "lonely", {}}}),
                         assistant_with({text_part{"four"}}, {{"call_a", "look", R"({"at": [1, 2]})"}}),
                         message::system(""), tool_images, message::user("five"), message::system("second"),
                         message::assistant("six")}));

    // Model parts: signatures that ride on the part before them, the last one winning.
    add("signatures",
        with({message::user("go"),
              assistant_with({thinking_part{{}, "dropped: nothing before it", {}}, thinking_part{"t1", "own", {}},
                              thinking_part{{}, "replaces own", {}}, thinking_part{"", "", {}},
                              text_part{"text"}, text_part{""}, thinking_part{{}, "on text, past an empty part", {}},
                              thinking_part{{}, "last wins", {}}, thinking_part{"t2", "", {}},
                              thinking_part{"t3", "kept", {}}, thinking_part{{}, "", {}}},
                             {{"call_x__thought__", "f", "{}"}, {"call_y__thought__abc", "g", ""}}),
              message::tool_result("call_x__thought__", "x"), message::tool_result("call_y__thought__abc", "y")}));
    return all;
}

// What a body may not carry, each an error; the first in message order is the one returned.
std::vector<body_case> refused() {
    std::vector<body_case> all;
    auto add = [&](std::string name, request req) { all.push_back({std::move(name), std::move(req), config_for()}); };
    message system_image = message::system("look");
    system_image.content.push_back(image_part::from_url("https://example.com/a.png"));
    message bad_args = assistant_with({}, {{"call_1", "edit", "[1, 2]"}});
    message broken_args = assistant_with({text_part{"x"}}, {{"call_2", "edit", "{\"a\": "}});
    message model_image = assistant_with({text_part{"see"}, image_part::from_base64("image/png", "AAAA")});
    add("system-image", with({message::user("hi"), system_image}));
    add("system-image-after-bad-args", with({message::user("hi"), bad_args, system_image}));
    add("bad-args-after-system-image", with({message::user("hi"), system_image, bad_args}));
    add("broken-args", with({message::user("go"), broken_args}));
    add("model-image", with({message::user("go"), model_image, bad_args}));
    add("orphan", with({message::user("go"), message::tool_result("call_unknown", "done")}));
    auto replaced = with({message::user("go"), message::tool_result("call_unknown", "done")});
    replaced.extra = {{"contents", json::array()}};  // extra's contents do not hide what cannot be sent
    add("orphan-under-extra", replaced);
    auto replaced_system = with({system_image, message::user("go")});
    replaced_system.extra = {{"systemInstruction", json::object()}, {"contents", json::array()}};
    add("system-image-under-extra", replaced_system);
    return all;
}

std::string model_of(const llm_config& cfg) { return std::string(detail::wire_model(cfg.model, "gemini")); }

}  // namespace

// The bytes were recorded from the JSON-value builder write_body replaced (nlohmann::ordered_json, then
// json_writer::value): the same key order, numbers and escapes, not only the same JSON value.
TEST_CASE("gemini writes the generateContent body byte for byte", "[gemini][body]") {
    for (const auto& c : cases()) {
        INFO(c.name);
        std::string text = "prefix";
        auto written = gemini_content::write_body(text, c.req, c.cfg, model_of(c.cfg), c.traits);
        REQUIRE(written);
        CHECK(text == "prefix" + polyllm_test::fixture("gemini/body-bytes/" + c.name + ".json"));
    }
}

// The messages were those of the JSON-value builder.
TEST_CASE("gemini refuses, in message order, what a body cannot carry, leaving the output alone",
          "[gemini][body]") {
    const std::vector<std::pair<std::string, std::string>> expected{
        {"system-image", "Gemini takes only text in the system instruction"},
        {"system-image-after-bad-args", "the arguments of tool call call_1 (edit) are not a JSON object, which "
                                        "Gemini requires: [1, 2]"},
        {"bad-args-after-system-image", "Gemini takes only text in the system instruction"},
        {"broken-args", "the arguments of tool call call_2 (edit) are not a JSON object, which Gemini requires: "
                        "{\"a\":"},
        {"model-image", "Gemini takes no images in model turns"},
        {"orphan", "a tool result (tool_call_id \"call_unknown\") names no function and answers no earlier call: "
                   "Gemini needs the function's name"},
        {"orphan-under-extra", "a tool result (tool_call_id \"call_unknown\") names no function and answers no "
                               "earlier call: Gemini needs the function's name"},
        {"system-image-under-extra", "Gemini takes only text in the system instruction"},
    };
    const auto all = refused();
    REQUIRE(all.size() == expected.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& c = all[i];
        INFO(c.name);
        REQUIRE(c.name == expected[i].first);
        std::string text = "prefix";
        auto written = gemini_content::write_body(text, c.req, c.cfg, model_of(c.cfg), c.traits);
        REQUIRE_FALSE(written);
        CHECK(written.error() == errc::bad_request);
        CHECK(written.error().message == expected[i].second);
        CHECK(text == "prefix");
    }
}

TEST_CASE("gemini sends a failed tool's output under the response's error key", "[gemini][body]") {
    auto failed = message::tool_result("call_1", "the weather service timed out", "get_weather");
    failed.is_error = true;
    const auto req = with({message::user("Weather?"), assistant_with({}, {{"call_1", "get_weather", "{}"}}), failed,
                           message::tool_result("call_2", "21°C", "get_weather")});
    const auto cfg = config_for();
    std::string text;
    REQUIRE(gemini_content::write_body(text, req, cfg, model_of(cfg), {}));
    const auto parts = json::parse(text)["contents"][2]["parts"];
    REQUIRE(parts.size() == 2);
    CHECK(parts[0]["functionResponse"]["response"] == json{{"error", "the weather service timed out"}});
    CHECK(parts[1]["functionResponse"]["response"] == json{{"output", "21°C"}});
}
