#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using nlohmann::json;

namespace {

llm_config config_for(std::string model = "gemini-2.5-flash") {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "AIzaSy-test-key";
    return cfg;
}

http_request prepare(const request& req, const llm_config& cfg, gemini::options opts = {}, bool stream = false) {
    auto prepared = gemini{}.prepare(req, {cfg, opts, stream});
    REQUIRE(prepared);
    return std::move(prepared).value();
}

json body_of(const http_request& http) { return json::parse(http.body); }

// The wire body with the model tables' answers given explicitly.
json wire_json(const request& req, const llm_config& cfg, gemini_content::model_traits traits) {
    std::string body;
    REQUIRE(gemini_content::write_body(body, req, cfg, detail::wire_model(cfg.model, "gemini"), traits));
    return json::parse(body);
}

result<completion> parse(int status, std::string body, http_headers headers = {}) {
    const auto cfg = config_for();
    return gemini{}.parse(http_response{status, {}, std::move(headers), std::move(body)}, {cfg, {}, false});
}

request neko() {
    request req;
    req.messages = {message::system("You are a cat. Your name is Neko."), message::user("Hello there")};
    return req;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- prepare

TEST_CASE("gemini prepares POST models/{model}:generateContent with the key in x-goog-api-key", "[gemini]") {
    auto http = prepare(neko(), config_for());
    CHECK(http.method == "POST");
    CHECK(http.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    CHECK(http.headers.find("x-goog-api-key") == "AIzaSy-test-key");
    CHECK(http.headers.find("content-type") == "application/json");
    for (const auto& h : http.headers) CHECK(h.sensitive == (h.name == "x-goog-api-key"));
    CHECK(http.url.find("AIza") == std::string::npos);  // never in the URL
    CHECK(http.url.find("key=") == std::string::npos);
    CHECK(http.body.find("AIza") == std::string::npos);
    CHECK_FALSE(http.stream);
    CHECK(body_of(http) == fixture_json("gemini/request-basic.json"));
}

TEST_CASE("gemini streams from :streamGenerateContent?alt=sse", "[gemini]") {
    auto http = prepare(neko(), config_for(), {}, true);
    CHECK(http.url ==
          "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    CHECK(http.stream);
    CHECK(body_of(http) == fixture_json("gemini/request-basic.json"));  // the same body
}

TEST_CASE("gemini honours base_url, the gemini/ and models/ prefixes and the API version", "[gemini]") {
    gemini::options opts;
    opts.api_version = "v1";
    for (const char* model : {"gemini/gemini-2.5-pro", "gemini-2.5-pro", "models/gemini-2.5-pro"}) {
        auto cfg = config_for(model);
        cfg.base_url = "http://127.0.0.1:9000/";
        auto http = prepare(neko(), cfg, opts);
        CHECK(http.url == "http://127.0.0.1:9000/v1/models/gemini-2.5-pro:generateContent");
    }
}

TEST_CASE("gemini refuses a key-less configuration and a model name that would change the path", "[gemini]") {
    auto cfg = config_for();
    cfg.api_key = "";
    auto no_key = gemini{}.prepare(neko(), {cfg, {}, false});
    REQUIRE_FALSE(no_key);
    CHECK(no_key.error() == errc::invalid_config);
    CHECK_THAT(no_key.error().message, Catch::Contains("GEMINI_API_KEY"));

    for (const char* model : {"gemini-2.5-flash:generateContent?key=x", "../v1/files", "gemini 2", "", "models/"}) {
        INFO(model);
        auto bad = gemini{}.prepare(neko(), {config_for(model), {}, false});
        REQUIRE_FALSE(bad);
        CHECK(bad.error() == errc::invalid_config);
    }
}

TEST_CASE("gemini declares tools with schemas translated for Gemini, and a forced function", "[gemini]") {
    request req;
    req.messages = {message::user("What's the weather in Paris?")};
    req.tools = fixture_json("gemini/tools-to-clean.json").get<std::vector<tool>>();
    req.tool_choice = tool_choice::function("get_weather");
    CHECK(body_of(prepare(req, config_for())) == fixture_json("gemini/request-tools.json"));
}

TEST_CASE("gemini maps every tool_choice to a function-calling mode", "[gemini]") {
    auto config_of = [](tool_choice c) {
        std::string text;
        detail::json_writer w(text);
        gemini_content::write_tool_config(w, c);
        return nlohmann::ordered_json::parse(text)["functionCallingConfig"];
    };
    CHECK(config_of(tool_choice::automatic()) == nlohmann::ordered_json{{"mode", "AUTO"}});
    CHECK(config_of(tool_choice::none()) == nlohmann::ordered_json{{"mode", "NONE"}});
    CHECK(config_of(tool_choice::required()) == nlohmann::ordered_json{{"mode", "ANY"}});
    CHECK(config_of(tool_choice::function("f"))["allowedFunctionNames"] == nlohmann::ordered_json::array({"f"}));

    request req;
    req.messages = {message::user("Hi")};
    req.tool_choice = tool_choice::required();
    CHECK_FALSE(body_of(prepare(req, config_for())).contains("toolConfig"));  // no tools, no configuration
}

TEST_CASE("gemini translates tool and response schemas, or sends them as JSON Schema when told to", "[gemini]") {
    const auto schema = fixture_json("gemini/schemas/zod.json");
    request req;
    req.messages = {message::user("Who is it?")};
    req.tools = {{"lookup", "Look a person up", schema}, {"now", "The time", json{{"type", "object"}}}};
    req.response_format = response_format::json_schema("person", schema);

    const auto translated = body_of(prepare(req, config_for()));
    const auto& declarations = translated["tools"][0]["functionDeclarations"];
    CHECK(declarations[0]["parameters"] ==
          json(wire::to_gemini_schema(nlohmann::ordered_json(schema))));
    CHECK(wire::gemini_schema_violation(nlohmann::ordered_json(declarations[0]["parameters"])).empty());
    CHECK_FALSE(declarations[0].contains("parametersJsonSchema"));
    CHECK_FALSE(declarations[1].contains("parameters"));  // an object without properties declares none
    CHECK(translated["generationConfig"]["responseSchema"] == declarations[0]["parameters"]);
    CHECK_FALSE(translated["generationConfig"].contains("responseJsonSchema"));

    gemini::options passthrough;
    passthrough.schema_passthrough = true;
    const auto unchanged = body_of(prepare(req, config_for(), passthrough));
    const auto& as_is = unchanged["tools"][0]["functionDeclarations"];
    CHECK(as_is[0]["parametersJsonSchema"] == schema);
    CHECK_FALSE(as_is[0].contains("parameters"));
    CHECK_FALSE(as_is[1].contains("parametersJsonSchema"));
    CHECK(unchanged["generationConfig"]["responseJsonSchema"] == schema);

    // A schema whose properties are behind a reference declares parameters, sent as they are or translated.
    const auto tree = fixture_json("gemini/schemas/pydantic-v2-recursive.json");
    req.tools = {{"walk", "Walk a tree", tree}};
    CHECK(body_of(prepare(req, config_for(), passthrough))["tools"][0]["functionDeclarations"][0]
              ["parametersJsonSchema"] == tree);
    const auto walk = body_of(prepare(req, config_for()))["tools"][0]["functionDeclarations"][0];
    // Alphabetical: fixture_json reads into nlohmann::json, which sorts keys.
    CHECK(walk["parameters"]["propertyOrdering"] == json::array({"children", "name", "parent"}));
    CHECK(unchanged["generationConfig"]["responseMimeType"] == "application/json");
    CHECK_FALSE(unchanged["generationConfig"].contains("responseSchema"));
}

TEST_CASE("gemini options load from config.toml and LLM_GEMINI_* variables", "[gemini][config]") {
    auto loaded = parse_config_toml<gemini>("[llm]\nmodel = \"gemini/gemini-2.5-flash\"\n"
                                            "gemini_schema_passthrough = true\n"
                                            "gemini_include_thoughts = false\n"
                                            "gemini_api_version = \"v1\"\n",
                                            "config.toml", environment::none());
    REQUIRE(loaded);
    const auto& options = loaded.value().base.options;
    CHECK(options.schema_passthrough);
    CHECK_FALSE(options.include_thoughts);
    CHECK(options.api_version == "v1");
    // What was loaded is what is sent.
    request req;
    req.messages = {message::user("Hi")};
    req.tools = {{"f", "", json::parse(R"({"type": "object", "properties": {"a": {"type": "string"}}})")}};
    const auto http = prepare(req, config_for(), options);
    CHECK(http.url == "https://generativelanguage.googleapis.com/v1/models/gemini-2.5-flash:generateContent");
    CHECK(body_of(http)["tools"][0]["functionDeclarations"][0].contains("parametersJsonSchema"));

    auto from_env = config_from_environment<gemini>(environment::from(
        {{"LLM_MODEL", "gemini/gemini-2.5-flash"}, {"LLM_GEMINI_SCHEMA_PASSTHROUGH", "1"}}));
    REQUIRE(from_env);
    CHECK(from_env.value().options.schema_passthrough);
    CHECK(gemini::options{}.schema_passthrough == false);
}

TEST_CASE("gemini sends history: model turns with thoughts and signatures, function responses by name",
          "[gemini]") {
    message calls;
    calls.role = role::assistant;
    calls.content = {thinking_part{"**Checking two cities**", {}, {}}};
    calls.tool_calls = {{"call_q8a_0__thought__CiQB0e2Kb2EjY0pHXy8m", "get_weather", R"({"location": "Paris"})"},
                        {"call_q8a_1", "get_weather", ""}};
    message answer = message::assistant("De rien.");
    answer.content.push_back(thinking_part{{}, "EjQKMgEMOdbHQ1d0", {}});  // the signature Gemini put on the text
    request req;
    req.messages = {message::system("You are a weather bot."),
                    message::user("Weather in Paris and Rome?"),
                    calls,
                    message::tool_result("call_q8a_0__thought__CiQB0e2Kb2EjY0pHXy8m", "18°C, sunny"),
                    message::tool_result("call_q8a_1", "21°C", "get_weather"),
                    message::user("Thanks!"),
                    answer,
                    message::user("Bye")};
    CHECK(body_of(prepare(req, config_for())) == fixture_json("gemini/request-tool-history.json"));
}

TEST_CASE("gemini refuses what it cannot send, before sending", "[gemini]") {
    const auto cfg = config_for();
    auto refused = [&](request req) {
        auto prepared = gemini{}.prepare(req, {cfg, {}, false});
        REQUIRE_FALSE(prepared);
        return prepared.error();
    };
    request orphan;
    orphan.messages = {message::user("go"), message::tool_result("call_unknown", "done")};
    auto e = refused(orphan);
    CHECK(e == errc::bad_request);
    CHECK_THAT(e.message, Catch::Contains("call_unknown"));

    request bad_args;
    message call;
    call.role = role::assistant;
    call.tool_calls = {{"call_1", "edit", "[1, 2]"}};
    bad_args.messages = {message::user("go"), call};
    CHECK_THAT(refused(bad_args).message, Catch::Contains("call_1"));

    request system_image;
    system_image.messages = {message::system("look"), message::user("hi")};
    system_image.messages[0].content.push_back(image_part::from_url("https://example.com/a.png"));
    CHECK(refused(system_image) == errc::bad_request);
}

TEST_CASE("gemini sends images as fileData and inlineData", "[gemini]") {
    message m;
    m.role = role::user;
    m.content = {text_part{"Caption these images."},
                 image_part::from_url("https://generativelanguage.googleapis.com/v1beta/files/abc-123"),
                 image_part{"gs://cloud-samples-data/generative-ai/image/scones.jpg", "image/jpeg", {},
                            image_detail::automatic},
                 image_part::from_base64("image/png", "iVBORw0KGgo=")};
    request req;
    req.messages = {m};
    CHECK(body_of(prepare(req, config_for())) == fixture_json("gemini/request-vision.json"));
}

TEST_CASE("gemini sends the generation configuration, a response schema and extra parameters", "[gemini]") {
    auto cfg = config_for();
    cfg.top_k = 40;
    cfg.seed = 42;
    request req;
    req.messages = {message::user("List three primes as JSON.")};
    req.temperature = 0.2;
    req.top_p = 0.9;
    req.max_tokens = 256;
    req.stop = {"END"};
    req.response_format = response_format::json_schema("primes", json::parse(R"({
        "type": "object", "properties": {"primes": {"type": "array", "items": {"type": "integer"}}},
        "required": ["primes"], "additionalProperties": false})"));
    req.extra = {{"safetySettings", {{{"category", "HARM_CATEGORY_HARASSMENT"}, {"threshold", "BLOCK_ONLY_HIGH"}}}}};
    CHECK(body_of(prepare(req, cfg)) == fixture_json("gemini/request-generation-config.json"));

    req.response_format = response_format::json_object();
    const auto json_mode = body_of(prepare(req, cfg))["generationConfig"];
    CHECK(json_mode["responseMimeType"] == "application/json");
    CHECK_FALSE(json_mode.contains("responseSchema"));
    CHECK_FALSE(body_of(prepare(neko(), cfg))["generationConfig"].contains("maxOutputTokens"));  // nothing invented
}

TEST_CASE("gemini maps reasoning effort to a thinking budget, or a level for Gemini 3", "[gemini][thinking]") {
    using gemini_content::thinking_for;
    CHECK(thinking_for("gemini-2.5-flash", reasoning_effort::none).budget == 0);
    CHECK(thinking_for("gemini-2.5-pro", reasoning_effort::none).budget == 128);  // Pro cannot stop thinking
    CHECK(thinking_for("gemini-2.5-flash", reasoning_effort::minimal).budget == 512);
    CHECK(thinking_for("gemini-2.5-flash", reasoning_effort::low).budget == 1024);
    CHECK(thinking_for("gemini-2.5-flash", reasoning_effort::medium).budget == 8192);
    CHECK(thinking_for("gemini-2.5-flash", reasoning_effort::high).budget == 24576);
    for (auto e : {reasoning_effort::none, reasoning_effort::minimal, reasoning_effort::low}) {
        CHECK(thinking_for("gemini-3-pro-preview", e).level == "low");
        CHECK_FALSE(thinking_for("gemini-3-pro-preview", e).budget);
    }
    CHECK(thinking_for("gemini-3-flash-preview", reasoning_effort::medium).level == "high");
    CHECK(thinking_for("gemini/gemini-3-pro-preview", reasoning_effort::high).level == "high");

    auto cfg = config_for();
    cfg.reasoning_effort = reasoning_effort::medium;
    request req;
    req.messages = {message::user("Hi")};
    const gemini_content::model_traits thinks{true, true};
    CHECK(wire_json(req, cfg, thinks)["generationConfig"]["thinkingConfig"] ==
          json{{"thinkingBudget", 8192}, {"includeThoughts", true}});
    req.reasoning_effort = reasoning_effort::none;  // the request wins; 0 turns thinking off, without thoughts
    CHECK(wire_json(req, cfg, thinks)["generationConfig"]["thinkingConfig"] == json{{"thinkingBudget", 0}});
    CHECK(wire_json(req, cfg, {true, false})["generationConfig"]["thinkingConfig"] == json{{"thinkingBudget", 0}});
    req.reasoning_effort = reasoning_effort::high;
    CHECK(wire_json(req, cfg, {true, false})["generationConfig"]["thinkingConfig"] == json{{"thinkingBudget", 24576}});
    CHECK_FALSE(wire_json(req, cfg, {false, true}).contains("generationConfig"));  // the tables say no thinking
    cfg.model = "gemini-3-pro-preview";
    CHECK(wire_json(req, cfg, thinks)["generationConfig"]["thinkingConfig"] ==
          json{{"thinkingLevel", "high"}, {"includeThoughts", true}});
}

TEST_CASE("gemini asks the model tables whether the model takes a thinking configuration", "[gemini][models]") {
    request req;
    req.messages = {message::user("Hi")};
    req.reasoning_effort = reasoning_effort::high;
    CHECK(body_of(prepare(req, config_for("gemini-2.5-pro")))["generationConfig"]["thinkingConfig"] ==
          json{{"thinkingBudget", 24576}, {"includeThoughts", true}});
    gemini::options no_thoughts;
    no_thoughts.include_thoughts = false;
    CHECK(body_of(prepare(req, config_for("gemini-2.5-pro"), no_thoughts))["generationConfig"]["thinkingConfig"] ==
          json{{"thinkingBudget", 24576}});
    CHECK_FALSE(body_of(prepare(req, config_for("gemini-2.0-flash"))).contains("generationConfig"));
}

TEST_CASE("gemini's own model table gives Gemini models what Google documents", "[gemini][models]") {
    using c = capability;
    STATIC_REQUIRE(supports<gemini>("gemini-2.5-flash", c::function_calling));  // not in the built-in list
    STATIC_REQUIRE_FALSE(supports("gemini-2.5-flash", c::function_calling));
    STATIC_REQUIRE(supports<gemini>("gemini/gemini-3-pro-preview", c::reasoning_effort));
    STATIC_REQUIRE(supports<gemini>("gemini-2.5-flash-lite", c::reasoning_effort));
    STATIC_REQUIRE(supports<gemini>("gemini-2.0-flash-001", c::function_calling));
    STATIC_REQUIRE_FALSE(supports<gemini>("gemini-2.0-flash", c::reasoning_effort));
    STATIC_REQUIRE_FALSE(supports<gemini>("gemini-2.5-pro", c::prompt_cache));  // no breakpoints in Gemini's API
    STATIC_REQUIRE(model_info_of<gemini>("gemini-3-pro-preview") == model_info_of("gemini-3-pro-preview"));
    STATIC_REQUIRE(model_info_of<gemini>("gemini-2.5-flash-preview-09-2025") == model_info_of("gemini-2.5-flash"));

    // Gemini 3 thinks by level, Gemini 2.5 Flash-Lite by budget: both only because the table says they think.
    request req;
    req.messages = {message::user("Hi")};
    req.reasoning_effort = reasoning_effort::medium;
    CHECK(body_of(prepare(req, config_for("gemini-3-pro-preview")))["generationConfig"]["thinkingConfig"] ==
          json{{"thinkingLevel", "high"}, {"includeThoughts", true}});
    CHECK(body_of(prepare(req, config_for("gemini-2.5-flash-lite")))["generationConfig"]["thinkingConfig"] ==
          json{{"thinkingBudget", 8192}, {"includeThoughts", true}});
}

// ---------------------------------------------------------------------------------------------- parse

TEST_CASE("gemini parses a text response with usage and its response id", "[gemini]") {
    auto c = parse(200, fixture("gemini/response-text.json"), {{"server-timing", "gfet4t7; dur=4461"}});
    REQUIRE(c);
    CHECK(c.value().id == "5Z_JaK6cDpKnz7IPr6nxqAk");
    CHECK(c.value().model == "gemini-2.5-flash");
    CHECK(c.value().message.role == role::assistant);
    CHECK(c.value().message.text() == "AI learns patterns from examples and uses them to make predictions about new data.");
    CHECK(c.value().finish_reason == finish_reason::stop);
    CHECK(c.value().finish_reason_raw == "STOP");
    CHECK(c.value().usage == usage{8, 16 + 1158, std::nullopt, std::nullopt, 1158});  // thoughts are output, counted apart by Gemini
    CHECK(c.value().headers.find("server-timing") == "gfet4t7; dur=4461");
}

TEST_CASE("gemini parses function calls with generated ids carrying their thought signature", "[gemini]") {
    auto c = parse(200, fixture("gemini/response-function-calls.json"));
    REQUIRE(c);
    const auto& calls = c.value().message.tool_calls;
    REQUIRE(calls.size() == 3);
    CHECK(calls[0] == tool_call{"call_q8aHaPb2LZqSz7IP4bCAoAg_0__thought__"
                                "CiQB0e2Kb2EjY0pHXy8mZpWtK+Ct3yk4Q5xVfQ7HnL0xJ9aA2s8SbgE=",
                                "get_weather", R"({"location":"Paris","unit":"celsius"})"});
    CHECK(calls[1] == tool_call{"call_q8aHaPb2LZqSz7IP4bCAoAg_1", "get_weather",
                                R"({"location":"Roma, Città metropolitana"})"});
    CHECK(calls[2] == tool_call{"call_q8aHaPb2LZqSz7IP4bCAoAg_2", "get_current_time", "{}"});
    CHECK(gemini_content::signature_of(calls[0].id) == "CiQB0e2Kb2EjY0pHXy8mZpWtK+Ct3yk4Q5xVfQ7HnL0xJ9aA2s8SbgE=");
    CHECK(gemini_content::signature_of(calls[1].id).empty());
    REQUIRE(c.value().message.content.size() == 1);
    CHECK(std::get<thinking_part>(c.value().message.content[0]).thinking ==
          "**Checking two cities**\n\nI'll look up Paris and Rome at once, then the time.");
    CHECK(c.value().finish_reason == finish_reason::tool_calls);  // STOP with calls
    CHECK(c.value().finish_reason_raw == "STOP");

    // Gemini's own id, when it sends one, is kept.
    auto with_id = json::parse(fixture("gemini/response-function-calls.json"));
    with_id["candidates"][0]["content"]["parts"][3]["functionCall"]["id"] = "fc-7";
    CHECK(parse(200, with_id.dump()).value().message.tool_calls[2].id == "fc-7");
}

TEST_CASE("gemini sends a model turn back as it arrived: thoughts, calls and their signatures", "[gemini]") {
    auto c = parse(200, fixture("gemini/response-function-calls.json"));
    REQUIRE(c);
    request next;
    next.messages = {message::user("Weather?"), c.value().message};
    for (const auto& call : c.value().message.tool_calls)
        next.messages.push_back(message::tool_result(call.id, "ok"));
    const auto body = body_of(prepare(next, config_for()));
    const auto original = json::parse(fixture("gemini/response-function-calls.json"))["candidates"][0]["content"];
    CHECK(body["contents"][1]["role"] == "model");
    CHECK(body["contents"][1]["parts"][0] == original["parts"][0]);
    CHECK(body["contents"][1]["parts"][1] == original["parts"][1]);  // the signature, on the first call, again
    CHECK(body["contents"][1]["parts"][2] == original["parts"][2]);
    CHECK(body["contents"][1]["parts"][3] == json{{"functionCall", {{"name", "get_current_time"}, {"args", json::object()}}}});
    CHECK(body["contents"][2]["parts"].size() == 3);
    CHECK(body["contents"][2]["parts"][2]["functionResponse"]["name"] == "get_current_time");

    auto signed_text = parse(200, fixture("gemini/response-thought-signature.json"));
    REQUIRE(signed_text);
    request again;
    again.messages = {message::user("List or set?"), signed_text.value().message, message::user("Why?")};
    const auto parts = body_of(prepare(again, config_for()))["contents"][1]["parts"];
    CHECK(parts == json::parse(fixture("gemini/response-thought-signature.json"))["candidates"][0]["content"]["parts"]);
}

TEST_CASE("gemini usage: cached content is part of the prompt, thoughts part of the completion", "[gemini]") {
    auto c = parse(200, fixture("gemini/response-thought-signature.json"));
    REQUIRE(c);
    CHECK(c.value().usage == usage{15, 9 + 36, 8, std::nullopt, 36});
    CHECK(c.value().model == "gemini-3-flash-preview");
    CHECK(gemini_content::usage_from(json{{"promptTokenCount", 100}, {"toolUsePromptTokenCount", 20}}).prompt_tokens ==
          120);
}

TEST_CASE("gemini without candidates: no_response, retried; a blocked prompt: content_policy, not retried",
          "[gemini]") {
    const gemini p;
    auto none = parse(200, fixture("gemini/response-no-candidates.json"));
    REQUIRE_FALSE(none);
    CHECK(none.error() == errc::no_response);
    CHECK(none.error().http_status == 200);
    CHECK(p.should_retry(none.error()));

    auto blocked = parse(200, fixture("gemini/response-blocked-prompt.json"));
    REQUIRE_FALSE(blocked);
    CHECK(blocked.error() == errc::content_policy);
    CHECK(blocked.error().type == "SAFETY");
    CHECK_THAT(blocked.error().message, Catch::Contains("blocked"));
    CHECK_FALSE(p.should_retry(blocked.error()));
}

TEST_CASE("gemini parses a safety stop and a malformed function call as finish reasons", "[gemini]") {
    auto safety = parse(200, fixture("gemini/response-safety.json"));
    REQUIRE(safety);
    CHECK(safety.value().finish_reason == finish_reason::content_filter);
    CHECK(safety.value().message.content.empty());

    auto malformed = parse(200, fixture("gemini/response-malformed-function-call.json"));
    REQUIRE(malformed);
    CHECK(malformed.value().finish_reason == finish_reason::error);
    CHECK(malformed.value().finish_reason_raw == "MALFORMED_FUNCTION_CALL");
    CHECK(malformed.value().message.content.empty());  // an empty text part is no text
}

TEST_CASE("gemini maps every finish reason", "[gemini]") {
    using gemini_content::finish_reason_from;
    CHECK(finish_reason_from("STOP") == finish_reason::stop);
    CHECK(finish_reason_from("STOP", true) == finish_reason::tool_calls);
    CHECK(finish_reason_from("MAX_TOKENS") == finish_reason::length);
    CHECK(finish_reason_from("MAX_TOKENS", true) == finish_reason::length);
    for (const char* filtered : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"})
        CHECK(finish_reason_from(filtered) == finish_reason::content_filter);
    for (const char* failed : {"MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"})
        CHECK(finish_reason_from(failed) == finish_reason::error);
    CHECK(finish_reason_from("OTHER") == finish_reason::other);
    CHECK(finish_reason_from("LANGUAGE") == finish_reason::other);
    CHECK(finish_reason_from("FINISH_REASON_UNSPECIFIED") == finish_reason::other);
    CHECK(finish_reason_from("") == finish_reason::other);
}

// ---------------------------------------------------------------------------------------------- errors

TEST_CASE("gemini maps error.status to errc", "[gemini]") {
    struct row {
        int status;
        const char* body_fixture;
        errc expected;
        const char* type;
    };
    const row rows[] = {
        {400, "gemini/error-invalid-argument.json", errc::bad_request, "INVALID_ARGUMENT"},
        {400, "gemini/error-api-key-invalid.json", errc::authentication, "API_KEY_INVALID"},
        {401, "gemini/error-unauthenticated.json", errc::authentication, "UNAUTHENTICATED"},
        {403, "gemini/error-permission-denied.json", errc::permission_denied, "PERMISSION_DENIED"},
        {404, "gemini/error-not-found.json", errc::not_found, "NOT_FOUND"},
        {429, "gemini/error-resource-exhausted.json", errc::rate_limited, "RESOURCE_EXHAUSTED"},
        {503, "gemini/error-unavailable.json", errc::service_unavailable, "UNAVAILABLE"},
        {504, "gemini/error-deadline-exceeded.json", errc::timeout, "DEADLINE_EXCEEDED"},
        {500, "gemini/error-internal.json", errc::server_error, "INTERNAL"},
        {400, "gemini/error-context-window.json", errc::context_window_exceeded, "INVALID_ARGUMENT"},
        {400, "gemini/error-failed-precondition.json", errc::bad_request, "FAILED_PRECONDITION"},
        {502, "gemini/error-gateway.html", errc::server_error, ""},
    };
    for (const auto& r : rows) {
        INFO(r.body_fixture << " with HTTP " << r.status);
        auto c = parse(r.status, fixture(r.body_fixture));
        REQUIRE_FALSE(c);
        CHECK(c.error() == r.expected);
        CHECK(c.error().http_status == r.status);
        CHECK(c.error().type == r.type);
        CHECK_FALSE(c.error().message.empty());
    }
}

TEST_CASE("gemini reads the retry hint of RESOURCE_EXHAUSTED, and errors sent as an array", "[gemini]") {
    auto c = parse(429, fixture("gemini/error-resource-exhausted.json"));
    REQUIRE_FALSE(c);
    REQUIRE(c.error().retry_after);
    CHECK(*c.error().retry_after == 17s);

    using gemini_content::duration_from;
    CHECK(duration_from("0.5s") == 500ms);
    CHECK(duration_from("3s") == 3000ms);
    CHECK(duration_from("1.25s") == 1250ms);
    CHECK(duration_from("99999999999s") == retry_hint_ceiling);  // beyond any cap: saturated, not ignored
    for (const char* bad : {"", "s", "3", "3ms", "-1s", "1.2.3s", "abc"}) CHECK_FALSE(duration_from(bad));

    auto in_array = parse(400, "[" + fixture("gemini/error-api-key-invalid.json") + "]");
    REQUIRE_FALSE(in_array);
    CHECK(in_array.error() == errc::authentication);
}

TEST_CASE("gemini classifies statuses without a usable body", "[gemini]") {
    const std::pair<int, errc> rows[] = {
        {400, errc::bad_request}, {401, errc::authentication}, {403, errc::permission_denied},
        {404, errc::not_found},   {408, errc::timeout},        {409, errc::conflict},
        {429, errc::rate_limited}, {500, errc::server_error},  {503, errc::service_unavailable},
        {504, errc::timeout},     {418, errc::bad_request},
    };
    for (auto [status, expected] : rows) {
        INFO("HTTP " << status);
        auto c = parse(status, "");
        REQUIRE_FALSE(c);
        CHECK(c.error() == expected);
        CHECK_THAT(c.error().message, Catch::Contains(std::to_string(status)));
    }
}

TEST_CASE("gemini refuses malformed successful responses with a clear error", "[gemini]") {
    auto not_json = parse(200, "<html>oops</html>");
    REQUIRE_FALSE(not_json);
    CHECK(not_json.error() == errc::malformed_response);
    CHECK_THAT(not_json.error().message, Catch::Contains("oops"));

    for (const char* bad : {R"({"candidates": [7]})",
                            R"({"candidates": [{"content": {"parts": [{"text": 42}]}}]})",
                            R"({"candidates": [{"finishReason": 3}]})",
                            R"({"candidates": [{}], "usageMetadata": {"promptTokenCount": "x"}})"}) {
        INFO(bad);
        auto c = parse(200, bad);
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::malformed_response);
    }
    auto error_on_200 = parse(200, fixture("gemini/error-unavailable.json"));
    REQUIRE_FALSE(error_on_200);
    CHECK(error_on_200.error() == errc::service_unavailable);
}

TEST_CASE("gemini retries 408, 429, 5xx, no candidates and connection failures; nothing else", "[gemini]") {
    auto http_error = [](int status, errc code) {
        error e{code, "x"};
        e.http_status = status;
        return e;
    };
    const gemini p;
    for (int status : {408, 429, 500, 502, 503, 504}) CHECK(p.should_retry(http_error(status, errc::server_error)));
    for (int status : {400, 401, 403, 404, 409, 413}) CHECK_FALSE(p.should_retry(http_error(status, errc::bad_request)));
    CHECK_FALSE(p.should_retry(http_error(400, errc::authentication)));
    CHECK_FALSE(p.should_retry(http_error(400, errc::context_window_exceeded)));
    CHECK(p.should_retry(http_error(200, errc::no_response)));
    CHECK(p.should_retry(http_error(200, errc::service_unavailable)));
    CHECK(p.should_retry(error{errc::connection, "reset"}));
    CHECK_FALSE(p.should_retry(error{errc::cancelled, ""}));
}
