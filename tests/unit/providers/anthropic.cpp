#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using nlohmann::json;

namespace {

constexpr const char* model_name = "claude-sonnet-4-5-20250929";

// Caching is off here, so that each fixture shows only what its test is about; caching has tests of its own.
llm_config config_for(std::string model = model_name) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-ant-test-key";
    cfg.caching_prompt = false;
    return cfg;
}

http_request prepare(const request& req, const llm_config& cfg, anthropic::options opts = {}, bool stream = false) {
    auto prepared = anthropic{}.prepare(req, {cfg, opts, stream});
    REQUIRE(prepared);
    return std::move(prepared).value();
}

// Bodies are compared as JSON values: key order is not part of the format.
json body_of(const http_request& http) { return json::parse(http.body); }

// The request fixtures list their keys in the order polyllm writes them, so a body is also its fixture's compact
// text, byte for byte: what the writer produces, numbers, escapes and order included. Schemas are the exception:
// polyllm holds them as nlohmann::json, whose keys are sorted, and writes them in that order (all but the schema
// it writes itself for a tool without parameters).
std::string wire_text_of(std::string_view name) {
    auto body = nlohmann::ordered_json::parse(fixture(name));
    auto sort_keys = [](nlohmann::ordered_json& j) { j = nlohmann::ordered_json::parse(json::parse(j.dump()).dump()); };
    const auto no_parameters = nlohmann::ordered_json::parse(R"({"type": "object", "properties": {}})");
    if (body.contains("tools"))
        for (auto& t : body["tools"])
            if (t["input_schema"] != no_parameters) sort_keys(t["input_schema"]);
    if (body.contains("output_config")) sort_keys(body["output_config"]["format"]["schema"]);
    return body.dump();
}

// The wire body with the model tables' answers given explicitly, so that caching and thinking are tested whatever
// the tables say.
result<nlohmann::ordered_json> wire_body(const request& req, const llm_config& cfg,
                                         anthropic_messages::model_traits traits, bool stream = false) {
    return anthropic_messages::body_json(req, cfg, model_name, traits, stream);
}

json wire_json(const request& req, const llm_config& cfg, anthropic_messages::model_traits traits) {
    auto body = wire_body(req, cfg, traits);
    REQUIRE(body);
    return json::parse(body.value().dump());
}

std::string wire_text(const request& req, const llm_config& cfg, anthropic_messages::model_traits traits) {
    std::string text;
    REQUIRE(anthropic_messages::write_body(text, req, cfg, model_name, traits, false));
    return text;
}

result<completion> parse(int status, std::string body, http_headers headers = {}) {
    const auto cfg = config_for();
    return anthropic{}.parse(http_response{status, {}, std::move(headers), std::move(body)}, {cfg, {}, false});
}

json weather_schema() {
    return json::parse(R"({
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
        },
        "required": ["location"]
    })");
}

request hello() {
    request req;
    req.messages = {message::system("You are a helpful assistant."), message::user("Hello!")};
    req.max_tokens = 1024;
    return req;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- prepare

TEST_CASE("anthropic prepares POST {base}/v1/messages with x-api-key and anthropic-version", "[anthropic]") {
    auto http = prepare(hello(), config_for());
    CHECK(http.method == "POST");
    CHECK(http.url == "https://api.anthropic.com/v1/messages");
    CHECK(http.headers.find("x-api-key") == "sk-ant-test-key");
    CHECK(http.headers.find("anthropic-version") == "2023-06-01");
    CHECK(http.headers.find("content-type") == "application/json");
    CHECK_FALSE(http.headers.contains("anthropic-beta"));
    CHECK_FALSE(http.headers.contains("authorization"));
    for (const auto& h : http.headers) CHECK(h.sensitive == (h.name == "x-api-key"));
    CHECK(http.url.find("sk-ant") == std::string::npos);
    CHECK(http.body.find("sk-ant") == std::string::npos);
    CHECK_FALSE(http.stream);
    CHECK(body_of(http) == fixture_json("anthropic/request-basic.json"));
    CHECK(http.body == wire_text_of("anthropic/request-basic.json"));
}

TEST_CASE("anthropic honours base_url, the anthropic/ prefix, the version and beta options", "[anthropic]") {
    auto cfg = config_for(std::string("anthropic/") + model_name);
    anthropic::options opts;
    opts.version = "2023-01-01";
    opts.betas = {"interleaved-thinking-2025-05-14", "context-1m-2025-08-07"};
    for (auto [base, url] : {std::pair{"http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/messages"},
                             std::pair{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/messages"},
                             std::pair{"https://proxy.example/anthropic/v1", "https://proxy.example/anthropic/v1/messages"},
                             std::pair{"https://proxy.example/anthropic/v1/", "https://proxy.example/anthropic/v1/messages"}}) {
        cfg.base_url = base;
        auto http = prepare(hello(), cfg, opts);
        CHECK(http.url == url);
        CHECK(http.headers.find("anthropic-version") == "2023-01-01");
        CHECK(http.headers.find("anthropic-beta") == "interleaved-thinking-2025-05-14,context-1m-2025-08-07");
        CHECK(body_of(http) == fixture_json("anthropic/request-basic.json"));
    }
}

TEST_CASE("anthropic without a key says where it looked", "[anthropic]") {
    auto cfg = config_for();
    cfg.api_key = "";
    auto prepared = anthropic{}.prepare(hello(), {cfg, {}, false});
    REQUIRE_FALSE(prepared);
    CHECK(prepared.error() == errc::invalid_config);
    CHECK_THAT(prepared.error().message, Catch::Contains("ANTHROPIC_API_KEY") && Catch::Contains("LLM_API_KEY"));
}

TEST_CASE("anthropic sends tools as input_schema, tool_choice any and disable_parallel_tool_use", "[anthropic]") {
    request req;
    req.messages = {message::user("What is the weather like in San Francisco?")};
    req.tools = {{"get_weather", "Get the current weather in a given location", weather_schema()},
                 {"get_current_time", "", json::object()}};
    req.tool_choice = tool_choice::required();
    req.parallel_tool_calls = false;
    req.max_tokens = 1024;
    const auto http = prepare(req, config_for());
    CHECK(body_of(http) == fixture_json("anthropic/request-tools.json"));
    CHECK(http.body == wire_text_of("anthropic/request-tools.json"));
}

TEST_CASE("anthropic maps every tool_choice, and sends none without tools", "[anthropic]") {
    request req;
    req.messages = {message::user("Hi")};
    req.tools = {{"get_weather", "", weather_schema()}};
    const auto cfg = config_for();
    auto choice_of = [&](std::optional<tool_choice> c, std::optional<bool> parallel) {
        req.tool_choice = c;
        req.parallel_tool_calls = parallel;
        auto body = body_of(prepare(req, cfg));
        return body.contains("tool_choice") ? body["tool_choice"] : json();
    };
    CHECK(choice_of(tool_choice::automatic(), std::nullopt) == json{{"type", "auto"}});
    CHECK(choice_of(tool_choice::required(), std::nullopt) == json{{"type", "any"}});
    CHECK(choice_of(tool_choice::none(), std::nullopt) == json{{"type", "none"}});
    CHECK(choice_of(tool_choice::none(), false) == json{{"type", "none"}});
    CHECK(choice_of(tool_choice::function("get_weather"), std::nullopt) ==
          json{{"type", "tool"}, {"name", "get_weather"}});
    CHECK(choice_of(std::nullopt, false) == json{{"type", "auto"}, {"disable_parallel_tool_use", true}});
    CHECK(choice_of(std::nullopt, true).is_null());
    CHECK(choice_of(std::nullopt, std::nullopt).is_null());
    req.tools.clear();
    CHECK(choice_of(tool_choice::required(), false).is_null());
}

TEST_CASE("anthropic sends history: system on top, thinking kept, tool results merged into one user turn",
          "[anthropic]") {
    message call = message::assistant("Let me check both.");
    call.content.insert(call.content.begin(),
                        {thinking_part{"The user wants two cities.", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxB", {}},
                         thinking_part{"unsigned reasoning from another provider", {}, {}},
                         thinking_part{{}, {}, "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rL"}});
    call.tool_calls = {{"toolu_01A", "get_weather", R"({"location": "Paris", "unit": "celsius"})"},
                       {"toolu_01B", "get_current_time", ""}};
    message radar = message::tool_result("toolu_01B", "Rome radar:");
    radar.content.push_back(image_part::from_base64("image/png", "iVBORw0KGgo="));
    request req;
    req.messages = {message::system("You are a weather bot."),
                    message::user("What's the weather in Paris and Rome?"),
                    call,
                    message::tool_result("toolu_01A", "18°C, sunny", "get_weather"),
                    radar,
                    message::user("Thanks!"),
                    message::system("Answer in French."),
                    message::user("And tomorrow?")};
    req.max_tokens = 2048;
    const auto http = prepare(req, config_for());
    CHECK(body_of(http) == fixture_json("anthropic/request-tool-history.json"));
    CHECK(http.body == wire_text_of("anthropic/request-tool-history.json"));
}

TEST_CASE("anthropic sends images as url and base64 sources", "[anthropic]") {
    message m;
    m.role = role::user;
    m.content = {text_part{"What is in these images?"},
                 image_part::from_url("https://upload.wikimedia.org/wikipedia/commons/a/a7/"
                                      "Camponotus_flavomarginatus_ant.jpg"),
                 image_part::from_base64("image/jpeg", "/9j/4AAQSkZJRgABAQ==")};
    request req;
    req.messages = {m};
    req.max_tokens = 1024;
    const auto http = prepare(req, config_for());
    CHECK(body_of(http) == fixture_json("anthropic/request-vision.json"));
    CHECK(http.body == wire_text_of("anthropic/request-vision.json"));
}

TEST_CASE("anthropic refuses what it cannot send, before sending", "[anthropic]") {
    const auto cfg = config_for();
    auto refused = [&](request req) {
        auto prepared = anthropic{}.prepare(req, {cfg, {}, false});
        REQUIRE_FALSE(prepared);
        return prepared.error();
    };
    request bad_args;
    message call;
    call.role = role::assistant;
    call.tool_calls = {{"toolu_1", "edit", R"({"path": "a.txt", "content": "unterminated)"}};
    bad_args.messages = {message::user("go"), call, message::tool_result("toolu_1", "done")};
    auto e = refused(bad_args);
    CHECK(e == errc::bad_request);
    CHECK_THAT(e.message, Catch::Contains("toolu_1") && Catch::Contains("edit"));

    request no_id;
    no_id.messages = {message::user("go"), message::tool_result("", "done")};
    CHECK_THAT(refused(no_id).message, Catch::Contains("tool_call_id"));

    request system_image;
    system_image.messages = {message::system("look"), message::user("hi")};
    system_image.messages[0].content.push_back(image_part::from_url("https://example.com/a.png"));
    CHECK(refused(system_image) == errc::bad_request);

    request assistant_image;
    assistant_image.messages = {message::user("hi"), message::assistant("see")};
    assistant_image.messages[1].content.push_back(image_part::from_url("https://example.com/a.png"));
    CHECK(refused(assistant_image) == errc::bad_request);

    request json_mode;
    json_mode.messages = {message::user("hi")};
    json_mode.response_format = response_format::json_object();
    CHECK(refused(json_mode) == errc::unsupported);
    auto dropping = config_for();
    dropping.drop_params = true;
    auto dropped = anthropic{}.prepare(json_mode, {dropping, {}, false});
    REQUIRE(dropped);
    CHECK_FALSE(body_of(dropped.value()).contains("output_config"));
}

TEST_CASE("anthropic leaves out empty text and messages that say nothing", "[anthropic]") {
    request req;
    req.messages = {message::user("Hello"), message::assistant(""), message::user(""), message::user("again")};
    req.max_tokens = 10;
    const auto body = body_of(prepare(req, config_for()));
    REQUIRE(body["messages"].size() == 1);
    CHECK(body["messages"][0]["content"] ==
          json::parse(R"([{"type": "text", "text": "Hello"}, {"type": "text", "text": "again"}])"));
    CHECK_FALSE(body.contains("system"));
}

TEST_CASE("anthropic sends sampling, stop sequences, metadata, a JSON schema and extra parameters", "[anthropic]") {
    auto cfg = config_for();
    cfg.top_k = 40;
    request req;
    req.messages = {message::user("List three primes as JSON.")};
    req.temperature = 0.2;
    req.top_p = 0.9;
    req.max_tokens = 256;
    req.stop = {"\n\nHuman:", "END"};
    req.user = "user-1234";
    req.response_format = response_format::json_schema("primes", json::parse(R"({
        "type": "object", "properties": {"primes": {"type": "array", "items": {"type": "integer"}}},
        "required": ["primes"], "additionalProperties": false})"));
    req.extra = {{"service_tier", "standard_only"}};
    const auto http = prepare(req, cfg);
    CHECK(body_of(http) == fixture_json("anthropic/request-parameters.json"));
    CHECK(http.body == wire_text_of("anthropic/request-parameters.json"));
}

TEST_CASE("anthropic always sends max_tokens: the request's, the configuration's, the model's, 4096", "[anthropic]") {
    request req;
    req.messages = {message::user("Hi")};
    auto cfg = config_for();
    const anthropic_messages::model_traits with_max{.max_output_tokens = 64000};
    CHECK(wire_json(req, cfg, {})["max_tokens"] == anthropic_messages::fallback_max_tokens);
    CHECK(wire_json(req, cfg, with_max)["max_tokens"] == 64000);
    cfg.max_output_tokens = 8000;
    CHECK(wire_json(req, cfg, with_max)["max_tokens"] == 8000);
    req.max_tokens = 100;
    CHECK(wire_json(req, cfg, with_max)["max_tokens"] == 100);
    CHECK(body_of(prepare(req, cfg))["max_tokens"] == 100);
}

TEST_CASE("anthropic asks for a stream with stream: true", "[anthropic]") {
    auto http = prepare(hello(), config_for(), {}, true);
    CHECK(http.stream);
    CHECK(body_of(http)["stream"] == true);
}

// ---------------------------------------------------------------------------------------------- model tables

TEST_CASE("anthropic asks the model tables: caching, thinking and the maximum output", "[anthropic][models]") {
    auto cfg = config_for();
    cfg.caching_prompt = true;  // the default
    const auto cached = prepare(hello(), cfg);
    CHECK(body_of(cached) == fixture_json("anthropic/request-basic-cached.json"));
    CHECK(cached.body == wire_text_of("anthropic/request-basic-cached.json"));

    request think;
    think.messages = {message::user("Prove it.")};
    think.reasoning_effort = reasoning_effort::medium;
    const auto sonnet = body_of(prepare(think, cfg));
    CHECK(sonnet["max_tokens"] == 64000);  // Claude Sonnet 4.5's maximum output, from the table
    CHECK(sonnet["thinking"] == json{{"type", "enabled"}, {"budget_tokens", 8192}});
    CHECK(sonnet["messages"][0]["content"][0].contains("cache_control"));

    // Claude 3 Haiku: a prompt cache, no thinking, 4096 output tokens at most.
    cfg.model = "anthropic/claude-3-haiku-20240307";
    const auto haiku = body_of(prepare(think, cfg));
    CHECK(haiku["model"] == "claude-3-haiku-20240307");
    CHECK(haiku["max_tokens"] == 4096);
    CHECK_FALSE(haiku.contains("thinking"));
    CHECK(haiku["messages"][0]["content"][0].contains("cache_control"));

    // A model the tables do not know: nothing assumed.
    cfg.model = "claude-future-9";
    const auto unknown = body_of(prepare(think, cfg));
    CHECK(unknown["max_tokens"] == anthropic_messages::fallback_max_tokens);
    CHECK_FALSE(unknown.contains("thinking"));
    CHECK(unknown.dump().find("cache_control") == std::string::npos);

    anthropic::options budgeted;
    budgeted.thinking_budget_tokens = 2000;
    cfg.model = model_name;
    CHECK(body_of(prepare(think, cfg, budgeted))["thinking"]["budget_tokens"] == 2000);
}

TEST_CASE("anthropic's own model table gives Claude models what Anthropic documents", "[anthropic][models]") {
    using c = capability;
    // The built-in lists (OpenHands') leave these out; Anthropic's documentation lists them.
    STATIC_REQUIRE(supports<anthropic>("claude-haiku-4-5-20251001", c::function_calling));
    STATIC_REQUIRE(supports<anthropic>("claude-haiku-4-5", c::prompt_cache));
    STATIC_REQUIRE(supports<anthropic>("anthropic/claude-opus-4-1-20250805", c::reasoning_effort));
    STATIC_REQUIRE(supports<anthropic>("claude-sonnet-4-20250514", c::reasoning_effort));
    STATIC_REQUIRE(supports<anthropic>("claude-3-7-sonnet-latest", c::reasoning_effort));
    STATIC_REQUIRE(supports<anthropic>("claude-3-haiku-20240307", c::function_calling));
    STATIC_REQUIRE_FALSE(supports<anthropic>("claude-3-5-haiku-20241022", c::reasoning_effort));
    STATIC_REQUIRE_FALSE(supports("claude-haiku-4-5", c::prompt_cache));  // what the built-in lists say
    // Limits and prices stay the built-in table's, for dated snapshots and aliases alike.
    STATIC_REQUIRE(model_info_of<anthropic>("claude-opus-4-0") == model_info_of("claude-opus-4-20250514"));
    STATIC_REQUIRE(model_info_of<anthropic>("claude-sonnet-4-5") == model_info_of("claude-sonnet-4-5-20250929"));
    STATIC_REQUIRE(model_info_of<anthropic>("claude-opus-4-5-20251101")->max_output_tokens == 64000);
    // A later Claude 4 model: its features, and no limits assumed.
    STATIC_REQUIRE(supports<anthropic>("claude-opus-4-6", c::reasoning_effort));
    STATIC_REQUIRE_FALSE(model_info_of<anthropic>("claude-opus-4-6"));
}

TEST_CASE("anthropic sends what the table says: Haiku 4.5 caches and thinks, Opus 4 takes 32000 output tokens",
          "[anthropic][models]") {
    auto cfg = config_for("claude-haiku-4-5-20251001");
    cfg.caching_prompt = true;
    request think;
    think.messages = {message::system("Be brief."), message::user("Prove it.")};
    think.reasoning_effort = reasoning_effort::low;
    const auto haiku = body_of(prepare(think, cfg));
    CHECK(haiku["max_tokens"] == 64000);
    CHECK(haiku["thinking"] == json{{"type", "enabled"}, {"budget_tokens", 4096}});
    CHECK(haiku["system"][0]["cache_control"] == json{{"type", "ephemeral"}});
    CHECK(haiku["messages"][0]["content"][0]["cache_control"] == json{{"type", "ephemeral"}});

    cfg.model = "claude-opus-4-20250514";
    const auto opus = body_of(prepare(think, cfg));
    CHECK(opus["max_tokens"] == 32000);
    CHECK(opus["thinking"]["budget_tokens"] == 4096);

    // The configuration's max_output_tokens wins over the table, and the request's over both.
    cfg.max_output_tokens = 2048;
    CHECK(body_of(prepare(think, cfg))["max_tokens"] == 2048);
    think.max_tokens = 3000;
    CHECK(body_of(prepare(think, cfg))["max_tokens"] == 3000);
}

// ---------------------------------------------------------------------------------------------- prompt caching

TEST_CASE("anthropic caching: the system prompt, the last user turn and the caller's latest markers, at most 4",
          "[anthropic][cache]") {
    message read = message::assistant("Reading it.");
    read.content.insert(read.content.begin(), thinking_part{"Read the file first.", "sig-read", {}});
    read.tool_calls = {{"toolu_read", "read_file", R"({"path": "tests/unit/url.cpp"})"}};
    request req;
    req.messages = {message::system("You are an agent that edits code."),
                    message::system("Here is the repository map: ..."),
                    message::user("Fix the failing test."),
                    message::assistant("Which test fails?"),
                    message::user("tests/unit/url.cpp"),
                    read,
                    message::tool_result("toolu_read", "TEST_CASE(...) { ... }")};
    for (std::size_t i : {2u, 3u, 4u, 5u}) req.messages[i].cache = true;  // more than the API takes
    req.max_tokens = 1024;
    auto cfg = config_for();
    cfg.caching_prompt = true;
    const anthropic_messages::model_traits cached{.prompt_cache = true};
    const auto body = wire_json(req, cfg, cached);
    CHECK(body == fixture_json("anthropic/request-caching.json"));
    CHECK(wire_text(req, cfg, cached) == wire_text_of("anthropic/request-caching.json"));
    CHECK(body.dump().find("cache_control") != std::string::npos);

    auto count = [](const json& b) {
        std::size_t n = 0;
        const auto text = b.dump();
        for (auto at = text.find("cache_control"); at != std::string::npos; at = text.find("cache_control", at + 1)) ++n;
        return n;
    };
    CHECK(count(body) == anthropic_messages::max_cache_breakpoints);

    // caching_prompt off: only the caller's markers, the latest four.
    cfg.caching_prompt = false;
    const auto markers_only = wire_json(req, cfg, cached);
    CHECK(count(markers_only) == 4);
    CHECK_FALSE(markers_only["system"][1].contains("cache_control"));
    CHECK(markers_only["messages"][0]["content"][0].contains("cache_control"));  // "Fix the failing test."
    CHECK_FALSE(markers_only["messages"][4]["content"][0].contains("cache_control"));  // the tool result

    // A model without a prompt cache gets no breakpoint at all.
    cfg.caching_prompt = true;
    CHECK(count(wire_json(req, cfg, {})) == 0);
}

TEST_CASE("anthropic caching without a system prompt marks the last user or tool turn only", "[anthropic][cache]") {
    request req;
    req.messages = {message::user("one"), message::assistant("two"), message::user("three")};
    auto cfg = config_for();
    cfg.caching_prompt = true;
    const auto body = wire_json(req, cfg, {.prompt_cache = true});
    CHECK(body["messages"][2]["content"][0]["cache_control"] == json{{"type", "ephemeral"}});
    CHECK_FALSE(body["messages"][0]["content"][0].contains("cache_control"));
    CHECK_FALSE(body["messages"][1]["content"][0].contains("cache_control"));

    // A thinking block never carries a marker: the marker goes on the last block that can.
    message only_thinking;
    only_thinking.role = role::assistant;
    only_thinking.content = {thinking_part{"hm", "sig", {}}};
    only_thinking.cache = true;
    req.messages = {message::user("one"), only_thinking};
    const auto thinking_body = wire_json(req, cfg, {.prompt_cache = true});
    CHECK_FALSE(thinking_body["messages"][1]["content"][0].contains("cache_control"));
}

TEST_CASE("anthropic asks for a one-hour cache on every breakpoint when the options say so", "[anthropic][cache]") {
    auto cfg = config_for();
    cfg.caching_prompt = true;
    anthropic::options hour;
    hour.cache_ttl = anthropic_messages::cache_ttl::one_hour;
    const auto cached = prepare(hello(), cfg, hour);
    CHECK(body_of(cached) == fixture_json("anthropic/request-basic-cached-1h.json"));
    CHECK(cached.body == wire_text_of("anthropic/request-basic-cached-1h.json"));
    // The default sends no ttl at all: the API's five minutes, and the bodies polyllm always wrote.
    CHECK(prepare(hello(), cfg).body.find("ttl") == std::string::npos);

    // The caller's markers get the same lifetime as the automatic breakpoints: one lifetime for all, so the API's
    // rule that longer lifetimes come first always holds.
    request req;
    req.messages = {message::system("You are an agent."), message::user("one"), message::assistant("two"),
                    message::user("three")};
    req.messages[2].cache = true;
    const auto body = body_of(prepare(req, cfg, hour));
    const json one_hour{{"type", "ephemeral"}, {"ttl", "1h"}};
    CHECK(body["system"][0]["cache_control"] == one_hour);
    CHECK(body["messages"][1]["content"][0]["cache_control"] == one_hour);
    CHECK(body["messages"][2]["content"][0]["cache_control"] == one_hour);
    CHECK_FALSE(body["messages"][0]["content"][0].contains("cache_control"));

    // A model without a prompt cache gets no breakpoint, whatever its lifetime.
    cfg.model = "claude-future-9";
    CHECK(prepare(req, cfg, hour).body.find("cache_control") == std::string::npos);
}

TEST_CASE("anthropic options load from config.toml and LLM_ANTHROPIC_* variables", "[anthropic][config]") {
    auto loaded = parse_config_toml<anthropic>("[llm]\nmodel = \"anthropic/claude-sonnet-4-5\"\n"
                                               "anthropic_cache_ttl = \"1h\"\n"
                                               "anthropic_thinking_budget_tokens = 2048\n"
                                               "anthropic_version = \"2024-01-01\"\n",
                                               "config.toml", environment::none());
    REQUIRE(loaded);
    const auto& options = loaded.value().base.options;
    CHECK(options.cache_ttl == anthropic_messages::cache_ttl::one_hour);
    CHECK(options.thinking_budget_tokens == 2048);
    CHECK(options.version == "2024-01-01");
    // What was loaded is what is sent.
    auto cfg = config_for();
    cfg.caching_prompt = true;
    const auto http = prepare(hello(), cfg, options);
    CHECK(body_of(http)["system"][0]["cache_control"] == json{{"type", "ephemeral"}, {"ttl", "1h"}});
    CHECK(http.headers.find("anthropic-version") == "2024-01-01");

    auto from_env = config_from_environment<anthropic>(
        environment::from({{"LLM_MODEL", "anthropic/claude-sonnet-4-5"}, {"LLM_ANTHROPIC_CACHE_TTL", "5m"}}));
    REQUIRE(from_env);
    CHECK(from_env.value().options.cache_ttl == anthropic_messages::cache_ttl::five_minutes);

    const auto error_of = [](std::string_view text) {
        auto bad = parse_config_toml<anthropic>(text, "config.toml", environment::none());
        REQUIRE_FALSE(bad);
        return bad.error().message;
    };
    CHECK(error_of("[llm]\nanthropic_cache_ttl = \"2h\"\n") ==
          "config.toml:2: [llm] anthropic_cache_ttl must be 5m or 1h");
    CHECK(error_of("[llm]\nanthropic_thinking_budget_tokens = 0\n") ==
          "config.toml:2: [llm] anthropic_thinking_budget_tokens must be greater than 0");
}

// ---------------------------------------------------------------------------------------------- thinking

TEST_CASE("anthropic maps reasoning effort to a thinking budget", "[anthropic][thinking]") {
    using anthropic_messages::thinking_budget;
    CHECK(thinking_budget(reasoning_effort::none) == 0);
    CHECK(thinking_budget(reasoning_effort::minimal) == 1024);
    CHECK(thinking_budget(reasoning_effort::low) == 4096);
    CHECK(thinking_budget(reasoning_effort::medium) == 8192);
    CHECK(thinking_budget(reasoning_effort::high) == 16384);
    static_assert(thinking_budget(reasoning_effort::minimal) == anthropic_messages::min_thinking_budget);
}

TEST_CASE("anthropic thinking drops temperature and top_k, keeps top_p from 0.95", "[anthropic][thinking]") {
    auto cfg = config_for();
    cfg.reasoning_effort = reasoning_effort::high;
    cfg.max_output_tokens = 32000;
    cfg.temperature = 0.7;
    cfg.top_k = 40;
    cfg.top_p = 0.97;
    request req;
    req.messages = {message::user("Are there an infinite number of prime numbers such that n mod 4 == 3?")};
    const anthropic_messages::model_traits thinks{.thinking = true, .max_output_tokens = 64000};
    CHECK(wire_json(req, cfg, thinks) == fixture_json("anthropic/request-thinking.json"));
    CHECK(wire_text(req, cfg, thinks) == wire_text_of("anthropic/request-thinking.json"));

    cfg.top_p = 0.5;  // outside what thinking takes: dropped too
    CHECK_FALSE(wire_json(req, cfg, thinks).contains("top_p"));

    // Without modify_params, polyllm refuses instead of adjusting.
    cfg.modify_params = false;
    auto refused = wire_body(req, cfg, thinks);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::unsupported);
    CHECK_THAT(refused.error().message, Catch::Contains("temperature"));
    cfg.temperature.reset();
    cfg.top_k.reset();
    cfg.top_p.reset();
    CHECK(wire_body(req, cfg, thinks));
}

TEST_CASE("anthropic thinking: the request's effort wins, none and unsupported models send nothing",
          "[anthropic][thinking]") {
    auto cfg = config_for();
    cfg.reasoning_effort = reasoning_effort::high;
    request req;
    req.messages = {message::user("Hi")};
    req.max_tokens = 20000;
    const anthropic_messages::model_traits thinks{.thinking = true};
    CHECK(wire_json(req, cfg, thinks)["thinking"] == json{{"type", "enabled"}, {"budget_tokens", 16384}});
    req.reasoning_effort = reasoning_effort::low;
    CHECK(wire_json(req, cfg, thinks)["thinking"]["budget_tokens"] == 4096);
    req.reasoning_effort = reasoning_effort::none;
    CHECK_FALSE(wire_json(req, cfg, thinks).contains("thinking"));
    req.reasoning_effort = reasoning_effort::high;
    CHECK_FALSE(wire_json(req, cfg, {}).contains("thinking"));  // the tables say the model does not think

    auto budgeted = thinks;  // anthropic::options::thinking_budget_tokens
    budgeted.thinking_budget_tokens = 3000;
    CHECK(wire_json(req, cfg, budgeted)["thinking"]["budget_tokens"] == 3000);
}

TEST_CASE("anthropic thinking fits max_tokens: the budget stays below it, or thinking is off",
          "[anthropic][thinking]") {
    auto cfg = config_for();
    request req;
    req.messages = {message::user("Hi")};
    req.reasoning_effort = reasoning_effort::high;
    const anthropic_messages::model_traits thinks{.thinking = true};
    req.max_tokens = 5000;
    CHECK(wire_json(req, cfg, thinks)["thinking"]["budget_tokens"] == 4999);
    req.max_tokens = 1000;
    CHECK_FALSE(wire_json(req, cfg, thinks).contains("thinking"));
    cfg.modify_params = false;
    auto refused = wire_body(req, cfg, thinks);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("max_tokens") && Catch::Contains("1000"));
}

TEST_CASE("anthropic thinking is off for a forced tool call, which the API does not allow with it",
          "[anthropic][thinking]") {
    auto cfg = config_for();
    request req;
    req.messages = {message::user("Hi")};
    req.reasoning_effort = reasoning_effort::medium;
    req.max_tokens = 20000;
    req.tools = {{"get_weather", "", weather_schema()}};
    const anthropic_messages::model_traits thinks{.thinking = true};
    for (auto choice : {tool_choice::required(), tool_choice::function("get_weather")}) {
        req.tool_choice = choice;
        CHECK_FALSE(wire_json(req, cfg, thinks).contains("thinking"));
    }
    req.tool_choice = tool_choice::automatic();
    CHECK(wire_json(req, cfg, thinks)["thinking"]["budget_tokens"] == 8192);
    req.tool_choice = tool_choice::required();
    cfg.modify_params = false;
    auto refused = wire_body(req, cfg, thinks);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::unsupported);
}

// ---------------------------------------------------------------------------------------------- parse

TEST_CASE("anthropic parses a text message with the request id and rate-limit headers", "[anthropic]") {
    auto c = parse(200, fixture("anthropic/response-text.json"),
                   {{"request-id", "req_018EeWyXxfu5pfWkrYcMdjWG"},
                    {"anthropic-ratelimit-requests-remaining", "49"},
                    {"anthropic-ratelimit-tokens-reset", "2025-01-01T00:00:30Z"}});
    REQUIRE(c);
    CHECK(c.value().id == "msg_013Zva2CMHLNnXjNJJKqJ2EF");
    CHECK(c.value().model == "claude-sonnet-4-5-20250929");
    CHECK(c.value().message.role == role::assistant);
    CHECK(c.value().message.text() == "Hi! My name is Claude.");
    CHECK(c.value().message.content.size() == 1);
    CHECK(c.value().finish_reason == finish_reason::stop);
    CHECK(c.value().finish_reason_raw == "end_turn");
    CHECK(c.value().usage == usage{2095, 503, 0, 0});
    CHECK(c.value().request_id == "req_018EeWyXxfu5pfWkrYcMdjWG");
    CHECK(c.value().headers.find("anthropic-ratelimit-requests-remaining") == "49");
    CHECK(c.value().headers.find("anthropic-ratelimit-tokens-reset") == "2025-01-01T00:00:30Z");
}

TEST_CASE("anthropic parses tool use: input objects become compact JSON text", "[anthropic]") {
    auto c = parse(200, fixture("anthropic/response-tool-use.json"));
    REQUIRE(c);
    CHECK(c.value().message.text() == "I'll check the weather in both cities.");
    const auto& calls = c.value().message.tool_calls;
    REQUIRE(calls.size() == 2);
    CHECK(calls[0] == tool_call{"toolu_01A09q90qw90lq917835lq9", "get_weather",
                                R"({"location":"San Francisco, CA","unit":"celsius"})"});
    CHECK(calls[1].id == "toolu_01B18r01rx01mr028946mr0");
    CHECK(json::parse(calls[1].arguments) ==
          json::parse(R"({"location": "Bogotá, Colombia", "unit": "celsius", "days": [1, 2.5, 1e3],
                          "details": {"wind": true, "note": null}})"));
    CHECK(c.value().finish_reason == finish_reason::tool_calls);
    CHECK(c.value().finish_reason_raw == "tool_use");
}

TEST_CASE("anthropic parses a tool use without arguments as {}", "[anthropic]") {
    auto c = parse(200, fixture("anthropic/response-tool-no-args.json"));
    REQUIRE(c);
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0] == tool_call{"toolu_01VfhVwBTBJtHLtfvf3CgNkG", "get_current_time", "{}"});
    CHECK(c.value().message.content.empty());

    auto missing = json::parse(fixture("anthropic/response-tool-no-args.json"));
    missing["content"][0].erase("input");
    auto without_input = parse(200, missing.dump());
    REQUIRE(without_input);
    CHECK(without_input.value().message.tool_calls[0].arguments == "{}");
}

TEST_CASE("anthropic keeps thinking blocks, signatures and redacted blocks apart, and joins adjacent text",
          "[anthropic][thinking]") {
    auto c = parse(200, fixture("anthropic/response-thinking.json"));
    REQUIRE(c);
    const auto& parts = c.value().message.content;
    REQUIRE(parts.size() == 4);
    CHECK(std::get<thinking_part>(parts[0]) ==
          thinking_part{"To approach this, let me think about what I know about prime numbers...",
                        "zbbJhbGciOiJFU8zI1NiIsImtakcjsu38219c0.eyJoYXNoIjoiYWJjMTIzIiwiaWF0IjoxNjE0NTM0NTY3fQ", {}});
    CHECK(std::get<thinking_part>(parts[1]) ==
          thinking_part{{}, {}, "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"});
    CHECK(std::get<thinking_part>(parts[2]).signature == "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
    CHECK(std::get<text_part>(parts[3]).text ==
          "Yes, there are infinitely many prime numbers such that n mod 4 == 3.");

    // Sent back in a later turn, the blocks are what arrived.
    request next;
    next.messages = {message::user("Are there?"), c.value().message, message::user("Why?")};
    const auto body = wire_json(next, config_for(), {});
    const auto expected = json::parse(fixture("anthropic/response-thinking.json"))["content"];
    for (std::size_t i = 0; i < 3; ++i) CHECK(body["messages"][1]["content"][i] == expected[i]);
}

TEST_CASE("anthropic usage counts cached tokens in the prompt, each part also on its own", "[anthropic]") {
    auto c = parse(200, fixture("anthropic/response-cached-usage.json"));
    REQUIRE(c);
    CHECK(c.value().usage.prompt_tokens == 50 + 1500 + 12000);
    CHECK(c.value().usage.cache_read_tokens == 12000);
    CHECK(c.value().usage.cache_write_tokens == 1500);
    CHECK(c.value().usage.completion_tokens == 256);
    CHECK(c.value().usage.total_tokens() == 13806);
    CHECK(c.value().finish_reason == finish_reason::length);

    auto thinking = parse(200, fixture("anthropic/response-stream-thinking.json"));
    REQUIRE(thinking);
    CHECK(thinking.value().usage == usage{18 + 2048, 412, 2048, 0, 371});
}

TEST_CASE("anthropic parses a refusal and an empty turn", "[anthropic]") {
    auto refusal = parse(200, fixture("anthropic/response-refusal.json"));
    REQUIRE(refusal);
    CHECK(refusal.value().finish_reason == finish_reason::content_filter);
    CHECK(refusal.value().message.text() == "I can't help with that.");

    auto empty = parse(200, fixture("anthropic/response-empty.json"));
    REQUIRE(empty);
    CHECK(empty.value().message.content.empty());
    CHECK(empty.value().finish_reason == finish_reason::stop);
}

TEST_CASE("anthropic maps every stop reason", "[anthropic]") {
    using anthropic_messages::finish_reason_from;
    CHECK(finish_reason_from("end_turn") == finish_reason::stop);
    CHECK(finish_reason_from("stop_sequence") == finish_reason::stop);
    CHECK(finish_reason_from("max_tokens") == finish_reason::length);
    CHECK(finish_reason_from("model_context_window_exceeded") == finish_reason::length);
    CHECK(finish_reason_from("tool_use") == finish_reason::tool_calls);
    CHECK(finish_reason_from("refusal") == finish_reason::content_filter);
    CHECK(finish_reason_from("pause_turn") == finish_reason::other);
    CHECK(finish_reason_from("") == finish_reason::other);
    CHECK(finish_reason_from("something_new") == finish_reason::other);
}

// ---------------------------------------------------------------------------------------------- errors

TEST_CASE("anthropic maps error bodies to errc by status, type and message", "[anthropic]") {
    struct row {
        int status;
        const char* body_fixture;
        errc expected;
        const char* type;
    };
    const row rows[] = {
        {400, "anthropic/error-invalid-request.json", errc::bad_request, "invalid_request_error"},
        {401, "anthropic/error-authentication.json", errc::authentication, "authentication_error"},
        {403, "anthropic/error-permission.json", errc::permission_denied, "permission_error"},
        {404, "anthropic/error-not-found.json", errc::not_found, "not_found_error"},
        {413, "anthropic/error-request-too-large.json", errc::context_window_exceeded, "request_too_large"},
        {400, "anthropic/error-prompt-too-long.json", errc::context_window_exceeded, "invalid_request_error"},
        {429, "anthropic/error-rate-limit.json", errc::rate_limited, "rate_limit_error"},
        {500, "anthropic/error-api-error.json", errc::server_error, "api_error"},
        {529, "anthropic/error-overloaded.json", errc::service_unavailable, "overloaded_error"},
        {400, "anthropic/error-credit-balance.json", errc::quota_exceeded, "invalid_request_error"},
        {402, "anthropic/error-billing.json", errc::quota_exceeded, "billing_error"},
        {504, "anthropic/error-timeout.json", errc::timeout, "timeout_error"},
        {502, "anthropic/error-gateway.html", errc::server_error, ""},
    };
    for (const auto& r : rows) {
        INFO(r.body_fixture << " with HTTP " << r.status);
        auto c = parse(r.status, fixture(r.body_fixture), {{"request-id", "req_header"}});
        REQUIRE_FALSE(c);
        CHECK(c.error() == r.expected);
        CHECK(c.error().http_status == r.status);
        CHECK(c.error().type == r.type);
        CHECK(c.error().request_id == "req_header");
        CHECK_FALSE(c.error().message.empty());
    }
    auto overloaded = parse(529, fixture("anthropic/error-overloaded.json"));
    REQUIRE_FALSE(overloaded);
    CHECK(overloaded.error().request_id == "req_011CSHoEeqs5C35K2UUqR7Fy");  // from the body, without a header
    CHECK(overloaded.error().message == "Overloaded");
}

TEST_CASE("anthropic classifies statuses without a usable body", "[anthropic]") {
    const std::pair<int, errc> rows[] = {
        {400, errc::bad_request},  {401, errc::authentication}, {402, errc::quota_exceeded},
        {403, errc::permission_denied}, {404, errc::not_found}, {408, errc::timeout},
        {409, errc::conflict},     {413, errc::context_window_exceeded}, {422, errc::bad_request},
        {429, errc::rate_limited}, {500, errc::server_error},   {502, errc::server_error},
        {503, errc::service_unavailable}, {504, errc::timeout}, {529, errc::service_unavailable},
        {418, errc::bad_request},
    };
    for (auto [status, expected] : rows) {
        INFO("HTTP " << status);
        auto c = parse(status, "");
        REQUIRE_FALSE(c);
        CHECK(c.error() == expected);
        CHECK_THAT(c.error().message, Catch::Contains(std::to_string(status)));
    }
}

TEST_CASE("anthropic recognizes a content-filter block and a context-window message", "[anthropic]") {
    json blocked = {{"type", "error"},
                    {"error", {{"type", "invalid_request_error"},
                               {"message", "Output blocked by content filtering policy"}}}};
    auto c = parse(400, blocked.dump());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::content_policy);

    json too_long = {{"type", "error"},
                     {"error", {{"type", "invalid_request_error"},
                                {"message", "input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000"}}}};
    auto t = parse(400, too_long.dump());
    REQUIRE_FALSE(t);
    CHECK(t.error() == errc::context_window_exceeded);
}

TEST_CASE("anthropic refuses malformed successful responses with a clear error", "[anthropic]") {
    auto not_json = parse(200, "<html>oops</html>");
    REQUIRE_FALSE(not_json);
    CHECK(not_json.error() == errc::malformed_response);
    CHECK_THAT(not_json.error().message, Catch::Contains("oops"));

    auto truncated = parse(200, fixture("anthropic/response-text.json").substr(0, 120));
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error() == errc::malformed_response);

    for (const char* bad : {R"({"id": "m", "content": "text instead of blocks"})",
                            R"({"id": "m", "content": [{"type": "text", "text": 42}]})",
                            R"({"id": "m", "content": [], "usage": {"input_tokens": "many"}})",
                            R"({"id": 7, "content": []})"}) {
        INFO(bad);
        auto c = parse(200, bad);
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::malformed_response);
    }

    auto error_on_200 = parse(200, fixture("anthropic/error-overloaded.json"));
    REQUIRE_FALSE(error_on_200);
    CHECK(error_on_200.error() == errc::service_unavailable);
}

TEST_CASE("anthropic retries 408, 409, 429, every 5xx and 529, connection failures; nothing else", "[anthropic]") {
    auto http_error = [](int status, errc code) {
        error e{code, "x"};
        e.http_status = status;
        return e;
    };
    const anthropic p;
    for (int status : {408, 409, 429, 500, 502, 503, 504, 529})
        CHECK(p.should_retry(http_error(status, errc::server_error)));
    for (int status : {400, 401, 403, 404, 413, 422})
        CHECK_FALSE(p.should_retry(http_error(status, errc::bad_request)));
    CHECK_FALSE(p.should_retry(http_error(400, errc::quota_exceeded)));
    CHECK_FALSE(p.should_retry(http_error(413, errc::context_window_exceeded)));
    CHECK_FALSE(p.should_retry(http_error(401, errc::authentication)));
    CHECK(p.should_retry(http_error(200, errc::service_unavailable)));  // an overloaded_error event
    CHECK(p.should_retry(error{errc::connection, "reset"}));
    CHECK(p.should_retry(error{errc::timeout, "headers"}));
    CHECK_FALSE(p.should_retry(error{errc::cancelled, ""}));
    CHECK_FALSE(p.should_retry(error{errc::malformed_response, ""}));
}

TEST_CASE("anthropic tokenize is an estimate", "[anthropic]") {
    const auto cfg = config_for();
    const auto count = anthropic{}.tokenize("Hello, world!", {cfg, {}, false});
    CHECK_FALSE(count.exact);
    CHECK(count.tokens == 4);
}
