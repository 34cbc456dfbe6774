#include <polyllm/providers/openai_responses.hpp>
#include <polyllm/openai_responses.hpp>
#include <polyllm/providers/azure_responses.hpp>

#include <polyllm/client.hpp>
#include <polyllm/json.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/testing/local_replies.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "unit/providers/openai_responses_requests.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <variant>

using namespace polyllm;
using namespace openai_responses_test;
using polyllm_test::fixture;
using polyllm_test::fixture_json;

namespace {

http_request prepare(const request& req, const llm_config& cfg, const openai_responses::options& opts = {},
                     bool stream = false) {
    auto http = openai_responses{}.prepare(req, {cfg, opts, stream});
    REQUIRE(http);
    return std::move(http).value();
}

// A fixture's text as the writer produces it: compact, in the fixture's key order.
std::string wire_text_of(const char* name) { return nlohmann::ordered_json::parse(fixture(name)).dump(); }

result<completion> parse(int status, std::string body) {
    const auto cfg = config_for("openai_responses/gpt-4o");
    return openai_responses{}.parse(http_response{status, {}, {}, std::move(body)}, {cfg, {}, false});
}

const thinking_part& thinking_at(const completion& c, std::size_t i) {
    return std::get<thinking_part>(c.message.content.at(i));
}

}  // namespace

// ---------------------------------------------------------------------------------------------- prepare

TEST_CASE("openai_responses prepares POST {base}/responses: instructions from the system prompt, store false",
          "[openai_responses]") {
    const auto http = prepare(basic(), config_for("openai_responses/gpt-4o"));
    CHECK(http.method == "POST");
    CHECK(http.url == "https://api.openai.com/v1/responses");
    CHECK(http.headers.find("Authorization") == "Bearer sk-test-responses-key");
    for (const auto& h : http.headers) CHECK(h.sensitive == (h.name == "Authorization"));
    CHECK_FALSE(http.headers.contains("OpenAI-Organization"));
    CHECK(http.body == wire_text_of("openai_responses/request-basic.json"));
    CHECK_FALSE(http.stream);

    auto cfg = config_for("openai_responses/gpt-4o");
    cfg.base_url = "http://127.0.0.1:8080/v1/";
    openai_responses::options opts;
    opts.organization = "org-1";
    const auto local = prepare(basic(), cfg, opts, true);
    CHECK(local.url == "http://127.0.0.1:8080/v1/responses");
    CHECK(local.headers.find("OpenAI-Organization") == "org-1");
    CHECK(local.stream);
    CHECK(nlohmann::json::parse(local.body)["stream"] == true);

    cfg.api_key = "";
    auto missing = openai_responses{}.prepare(basic(), {cfg, {}, false});
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("OPENAI_API_KEY"));
}

TEST_CASE("openai_responses sends the reasoning items and calls of a turn back as they came, then the results",
          "[openai_responses]") {
    const auto http = prepare(reasoning_turns(), config_for("openai_responses/o4-mini"));
    CHECK(http.body == wire_text_of("openai_responses/request-reasoning-turns.json"));

    // The reasoning item in the body is the response's item, field for field.
    const auto body = nlohmann::json::parse(http.body);
    const auto first = fixture_json("openai_responses/response-reasoning-tool-calls.json");
    CHECK(body["input"][1] == first["output"][0]);
    // A reasoning model: no temperature, the effort, and encrypted reasoning asked for since nothing is stored.
    auto with_temperature = reasoning_turns();
    with_temperature.temperature = 0.5;
    const auto reasoning =
        nlohmann::json::parse(prepare(with_temperature, config_for("openai_responses/o4-mini")).body);
    CHECK_FALSE(reasoning.contains("temperature"));
    CHECK(reasoning["include"] == nlohmann::json::array({"reasoning.encrypted_content"}));
    // gpt-5's chat variant does not reason: it takes a temperature, and no reasoning is asked of it.
    auto chat_model = basic();
    const auto chat = nlohmann::json::parse(prepare(chat_model, config_for("openai_responses/gpt-5-chat-latest")).body);
    CHECK(chat["temperature"] == 0.2);
    CHECK_FALSE(chat.contains("reasoning"));
    CHECK_FALSE(chat.contains("include"));

    // The third turn carries both turns' reasoning, each before what it led to.
    auto third = reasoning_turns();
    third.messages.push_back(parsed("openai_responses/response-reasoning-text.json").message);
    third.messages.push_back(message::user("And in Rome?"));
    const auto input = nlohmann::json::parse(prepare(third, config_for("openai_responses/o4-mini")).body)["input"];
    REQUIRE(input.size() == 9);
    const auto second = fixture_json("openai_responses/response-reasoning-text.json");
    CHECK(input[6] == second["output"][0]);
    CHECK(input[7] == nlohmann::json::parse(R"({"role": "assistant", "content":
        "Tokyo is warmer: 26 °C and sunny, while Paris is 18 °C and cloudy."})"));
    CHECK(input[8]["content"] == "And in Rome?");

    // Stored on OpenAI's side: no encrypted content asked for, and the previous response named.
    openai_responses::options stored;
    stored.store = true;
    stored.previous_response_id = "resp_68c2f1b75e4d8196b2f3c4d5e6f70819";
    stored.reasoning_summary = "";
    stored.metadata = {{"session", "42"}};
    const auto server_side = nlohmann::json::parse(prepare(basic(), config_for("openai_responses/o3"), stored).body);
    CHECK(server_side["store"] == true);
    CHECK_FALSE(server_side.contains("include"));
    CHECK_FALSE(server_side.contains("reasoning"));  // no effort and no summary: nothing to say
    CHECK(server_side["previous_response_id"] == "resp_68c2f1b75e4d8196b2f3c4d5e6f70819");
    CHECK(server_side["metadata"] == nlohmann::json{{"session", "42"}});
}

TEST_CASE("openai_responses writes flat function tools, tool_choice, images, text.format in key order and extra",
          "[openai_responses]") {
    const auto http = prepare(tools_and_format(), config_for("openai_responses/gpt-4.1"));
    CHECK(http.body == wire_text_of("openai_responses/request-tools.json"));

    auto json_mode = basic();
    json_mode.response_format = response_format::json_object();
    json_mode.tool_choice = tool_choice::required();
    const auto body = nlohmann::json::parse(prepare(json_mode, config_for("openai_responses/gpt-4o")).body);
    CHECK(body["text"] == nlohmann::json::parse(R"({"format": {"type": "json_object"}})"));
    CHECK(body["tool_choice"] == "required");
}

TEST_CASE("openai_responses refuses stop sequences and a seed unless drop_params", "[openai_responses]") {
    auto req = basic();
    req.stop = {"END"};
    auto cfg = config_for("openai_responses/gpt-4o");
    auto refused = openai_responses{}.prepare(req, {cfg, {}, false});
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::unsupported);
    CHECK_THAT(refused.error().message, Catch::Contains("stop"));
    req.stop.clear();
    req.seed = 7;
    CHECK_FALSE(openai_responses{}.prepare(req, {cfg, {}, false}));
    cfg.drop_params = true;
    req.stop = {"END"};
    const auto dropped = nlohmann::json::parse(prepare(req, cfg).body);
    CHECK_FALSE(dropped.contains("stop"));
    CHECK_FALSE(dropped.contains("seed"));

    auto broken = basic();
    message answer = message::assistant("hi");
    answer.content.insert(answer.content.begin(), thinking_part{"", "", "", "{not json"});
    broken.messages.push_back(answer);
    CHECK_FALSE(openai_responses{}.prepare(broken, {config_for("openai_responses/o3"), {}, false}));
}

// ---------------------------------------------------------------------------------------------- parse

TEST_CASE("openai_responses parses reasoning, parallel calls and usage with reasoning tokens", "[openai_responses]") {
    const auto c = parsed("openai_responses/response-reasoning-tool-calls.json");
    CHECK(c.id == "resp_68c2f1a05d3c8196a1e2b3c4d5e6f708");
    CHECK(c.model == "o4-mini-2025-04-16");
    REQUIRE(c.message.content.size() == 1);
    const auto& reasoning = thinking_at(c, 0);
    CHECK_THAT(reasoning.thinking, Catch::StartsWith("**Planning the lookups**"));
    CHECK(nlohmann::json::parse(reasoning.opaque_item) ==
          fixture_json("openai_responses/response-reasoning-tool-calls.json")["output"][0]);
    REQUIRE(c.message.tool_calls.size() == 2);
    CHECK(c.message.tool_calls[0] == tool_call{"call_Lq3vX8mN2pR5tY7w", "get_weather", R"({"city":"Paris"})"});
    CHECK(c.message.tool_calls[1].id == "call_Bz9kT4sW6hJ1fD3g");
    CHECK(c.finish_reason == finish_reason::tool_calls);
    CHECK(c.finish_reason_raw == "completed");
    CHECK(c.usage == usage{112, 214, 0, std::nullopt, 192});

    const auto text = parsed("openai_responses/response-reasoning-text.json");
    REQUIRE(text.message.content.size() == 2);
    CHECK(thinking_at(text, 0).thinking ==
          "**Comparing the two**\n\nParis is 18 °C and cloudy, Tokyo 26 °C and sunny.\n\n**Answering**\n\nA short "
          "comparison will do.");
    CHECK(text.message.text() == "Tokyo is warmer: 26 °C and sunny, while Paris is 18 °C and cloudy.");
    CHECK(text.finish_reason == finish_reason::stop);
    CHECK(text.usage.cache_read_tokens == 1024);
    CHECK(text.usage.prompt_tokens == 1536);
}

TEST_CASE("openai_responses parses a refusal, an incomplete response and a failed one", "[openai_responses]") {
    const auto refusal = parse(200, fixture("openai_responses/response-refusal.json"));
    REQUIRE(refusal);
    CHECK(refusal.value().message.refusal == "I'm sorry, but I can't help with that.");
    CHECK(refusal.value().message.text().empty());

    const auto incomplete = parse(200, fixture("openai_responses/response-incomplete.json"));
    REQUIRE(incomplete);
    CHECK(incomplete.value().finish_reason == finish_reason::length);
    CHECK(incomplete.value().finish_reason_raw == "max_output_tokens");
    CHECK(incomplete.value().message.text() == "The history of the Roman Empire begins");

    auto filtered = fixture_json("openai_responses/response-incomplete.json");
    filtered["incomplete_details"]["reason"] = "content_filter";
    CHECK(parse(200, filtered.dump()).value().finish_reason == finish_reason::content_filter);

    const auto failed = parse(200, fixture("openai_responses/response-failed.json"));
    REQUIRE_FALSE(failed);
    CHECK(failed.error() == errc::server_error);
    CHECK(failed.error().message == "The model failed to generate a response.");

    auto rate_limited = fixture_json("openai_responses/response-failed.json");
    rate_limited["error"]["code"] = "rate_limit_exceeded";
    CHECK(parse(200, rate_limited.dump()).error() == errc::rate_limited);
}

TEST_CASE("openai_responses classifies error bodies as Chat Completions does", "[openai_responses]") {
    const auto window = parse(400, fixture("openai_responses/error-context-length.json"));
    REQUIRE_FALSE(window);
    CHECK(window.error() == errc::context_window_exceeded);
    CHECK_FALSE(openai_responses{}.should_retry(window.error()));

    const auto limited = parse(429, fixture("openai_responses/error-rate-limit.json"));
    REQUIRE_FALSE(limited);
    CHECK(limited.error() == errc::rate_limited);
    CHECK(openai_responses{}.should_retry(limited.error()));

    CHECK(parse(200, "[1, 2]").error() == errc::malformed_response);
    CHECK(parse(200, R"({"status": "completed", "output": {}})").error() == errc::malformed_response);
}

// ---------------------------------------------------------------------------------------------- vocabulary

TEST_CASE("openai_responses: the model string chooses the provider and the opaque item survives JSON",
          "[openai_responses]") {
    llm_config cfg;
    cfg.model = "openai_responses/gpt-5";
    CHECK(provider_for(cfg).value() == "openai_responses");

    const auto c = parsed("openai_responses/response-reasoning-tool-calls.json");
    const message round_trip = nlohmann::ordered_json(c.message).get<message>();
    CHECK(round_trip == c.message);
    CHECK_FALSE(thinking_at(c, 0).opaque_item.empty());
}

// ---------------------------------------------------------------------------------------------- the local server

namespace {

// One exchange with the local server's responder, as basic_llm would make it, without sockets.
struct local_exchange {
    testing::local_responder server;
    llm_config cfg = config_for("openai_responses/o4-mini");

    testing::planned_response send(const request& req, bool stream = false) {
        const auto http = prepare(req, cfg, {}, stream);
        return server.respond({"POST", "/v1/responses", http.headers, http.body});
    }

    result<completion> complete(const request& req) {
        const auto reply = send(req);
        return openai_responses{}.parse(http_response{reply.status, {}, {}, reply.body}, {cfg, {}, false});
    }

    result<completion> stream(const request& req) {
        const auto reply = send(req, true);
        REQUIRE(reply.streamed);
        auto decoder = openai_responses{}.make_stream_decoder({cfg, {}, true});
        stream_accumulator acc;
        std::string body;
        for (const auto& e : reply.events) body += e;
        auto fed = decoder.feed(body, [&](stream_event&& e) { return acc.add(e); });
        if (!fed) return std::move(fed).error();
        if (auto finished = decoder.finish(); !finished) return std::move(finished).error();
        return acc.take();
    }
};

testing::local_server_options scripted() {
    testing::local_server_options options;
    options.script = {testing::scripted_reply{"", {tool_call{"", "get_weather", R"({"city":"Paris"})"}}, {}, {}},
                      testing::scripted_reply{"It is 18 °C in Paris.", {}, {}, {}}};
    return options;
}

}  // namespace

TEST_CASE("openai_responses against the local server: a reasoning item crosses turns, and a changed one is refused",
          "[openai_responses][local_server]") {
    local_exchange local{testing::local_responder(scripted())};
    request req;
    req.messages = {message::system("Be brief."), message::user("Weather in Paris?")};
    req.tools = {weather_tool()};
    req.reasoning_effort = reasoning_effort::low;
    auto first = local.complete(req);
    REQUIRE(first);
    REQUIRE(first.value().message.content.size() == 1);
    const auto& reasoning = thinking_at(first.value(), 0);
    CHECK(reasoning.thinking == "**Echoing**\n\nThe reply repeats the last message.");
    CHECK(nlohmann::json::parse(reasoning.opaque_item)["encrypted_content"] ==
          testing::local_encrypted_reasoning("rs_local_1"));
    REQUIRE(first.value().message.tool_calls.size() == 1);
    CHECK(first.value().message.tool_calls[0].id == "call_local_1_0");
    CHECK(first.value().finish_reason == finish_reason::tool_calls);
    CHECK(first.value().usage.reasoning_tokens == 3);

    req.messages.push_back(first.value().message);
    req.messages.push_back(message::tool_result("call_local_1_0", R"({"temp_c":18})"));
    auto second = local.complete(req);
    REQUIRE(second);
    CHECK(second.value().message.text() == "It is 18 °C in Paris.");

    auto changed = req;
    auto item = nlohmann::json::parse(reasoning.opaque_item);
    item["encrypted_content"] = "forged";
    std::get<thinking_part>(changed.messages[2].content[0]).opaque_item = item.dump();
    const auto refused = local.complete(changed);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::bad_request);
    CHECK_THAT(refused.error().message, Catch::Contains("could not be verified"));

    // Reasoning dropped from the assistant turn: its call goes back alone, which the server takes.
    auto without = req;
    without.messages[2].content.clear();
    CHECK(local.complete(without));
}

TEST_CASE("openai_responses against the local server: the streamed answer is the plain one",
          "[openai_responses][local_server]") {
    request req;
    req.messages = {message::user("Weather in Paris?")};
    req.reasoning_effort = reasoning_effort::low;
    local_exchange plain{testing::local_responder(scripted())};
    local_exchange streamed{testing::local_responder(scripted())};
    const auto whole = plain.complete(req);
    const auto pieces = streamed.stream(req);
    REQUIRE(whole);
    REQUIRE(pieces);
    CHECK(pieces.value().message == whole.value().message);
    CHECK(pieces.value().usage == whole.value().usage);
    CHECK(pieces.value().finish_reason == finish_reason::tool_calls);

    // The echo, cut by max_output_tokens: an incomplete response, streamed as one.
    local_exchange echo{testing::local_responder({})};
    request longer;
    longer.messages = {message::user("one two three four five")};
    longer.max_tokens = 2;
    const auto cut = echo.stream(longer);
    REQUIRE(cut);
    CHECK(cut.value().message.text() == "one two");
    CHECK(cut.value().finish_reason == finish_reason::length);
}

// ---------------------------------------------------------------------------------------------- Azure

TEST_CASE("azure_responses: {base}/openai/v1/responses with api-key, the deployment as the model",
          "[openai_responses][azure]") {
    auto cfg = config_for("azure_responses/my-o4-mini");
    cfg.base_url = "https://example.openai.azure.com";
    auto http = azure_responses{}.prepare(basic(), {cfg, {}, false});
    REQUIRE(http);
    CHECK(http.value().url == "https://example.openai.azure.com/openai/v1/responses");
    CHECK(http.value().headers.find("api-key") == "sk-test-responses-key");
    CHECK_FALSE(http.value().headers.contains("Authorization"));
    for (const auto& h : http.value().headers) CHECK(h.sensitive == (h.name == "api-key"));
    const auto body = nlohmann::json::parse(http.value().body);
    CHECK(body["model"] == "my-o4-mini");
    CHECK(body["instructions"] == "You are a helpful assistant.");

    cfg.base_url = "https://example.openai.azure.com/openai/v1/";
    cfg.api_version = "preview";
    CHECK(azure_responses{}.prepare(basic(), {cfg, {}, false}).value().url ==
          "https://example.openai.azure.com/openai/v1/responses?api-version=preview");

    cfg.base_url.clear();
    const auto no_base = azure_responses{}.prepare(basic(), {cfg, {}, false});
    REQUIRE_FALSE(no_base);
    CHECK(no_base.error() == errc::invalid_config);

    llm_config chosen;
    chosen.model = "azure_responses/my-o4-mini";
    CHECK(provider_for(chosen).value() == "azure_responses");
    const auto parsed = azure_responses{}.parse(
        http_response{200, {}, {}, fixture("openai_responses/response-text.json")}, {cfg, {}, false});
    REQUIRE(parsed);
    CHECK(parsed.value().message.text() == "Hello! How can I help you today?");
}
