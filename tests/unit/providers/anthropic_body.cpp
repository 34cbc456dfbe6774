// The Messages body as anthropic_messages::write_body writes it: text straight into the request, without a JSON
// tree. The fixture tests (anthropic.cpp) check the common shapes byte for byte; these check the shapes around
// the edges: extra parameters, merged turns, breakpoints in unusual places, and which error comes first.
#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

using namespace polyllm;
using nlohmann::json;

namespace {

constexpr const char* model_name = "claude-sonnet-4-5-20250929";

const anthropic_messages::model_traits caches{.prompt_cache = true};

llm_config config() {
    llm_config cfg;
    cfg.model = model_name;
    cfg.api_key = "sk-ant-test-key";
    cfg.caching_prompt = false;
    return cfg;
}

std::string text_of(const request& req, const llm_config& cfg, anthropic_messages::model_traits traits = {},
                    bool stream = false) {
    std::string out;
    auto written = anthropic_messages::write_body(out, req, cfg, model_name, traits, stream);
    REQUIRE(written);
    return out;
}

std::size_t count_of(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("anthropic writes an agent's conversation as compact JSON in alternating turns", "[anthropic]") {
    auto req = request_from_json(polyllm_test::fixture("bench/agent-request.json"));
    REQUIRE(req);
    auto cfg = config();
    cfg.caching_prompt = true;
    const auto text = text_of(req.value(), cfg, caches, true);
    const auto body = nlohmann::ordered_json::parse(text);
    CHECK(body.dump() == text);  // compact, and what nlohmann::json itself would write for the same value
    CHECK(body["stream"] == true);
    REQUIRE(body["messages"].size() >= 2);
    for (std::size_t i = 1; i < body["messages"].size(); ++i)
        CHECK(body["messages"][i]["role"] != body["messages"][i - 1]["role"]);
    CHECK(count_of(text, "cache_control") == 2);  // the system prompt and the last user turn
    CHECK(body["system"].back().contains("cache_control"));
    CHECK(body["messages"].back()["content"].back().contains("cache_control"));
    CHECK(body["tools"].size() == req.value().tools.size());
}

TEST_CASE("anthropic extra parameters replace a field in its place, the others follow in extra's order",
          "[anthropic]") {
    request req;
    req.messages = {message::user("Hi")};
    // extra is an nlohmann::json: its keys come in sorted order.
    req.extra = {{"zeta", 1}, {"max_tokens", 5}, {"stream", false}, {"alpha", {1, 2.5}}, {"tools", json::array()}};
    CHECK(text_of(req, config(), {}, true) ==
          R"({"model":"claude-sonnet-4-5-20250929","max_tokens":5,)"
          R"("messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],)"
          R"("stream":false,"zeta":1,"alpha":[1,2.5],"tools":[]})");

    req.extra = {{"messages", json::array({{{"role", "user"}, {"content", "raw"}}})}};
    CHECK(text_of(req, config()) ==
          R"({"model":"claude-sonnet-4-5-20250929","max_tokens":4096,"messages":[{"content":"raw","role":"user"}]})");
}

TEST_CASE("anthropic merges turns across empty messages and places breakpoints on the blocks that take them",
          "[anthropic][cache]") {
    message radar = message::tool_result("toolu_1", "Rome radar:");
    radar.content.push_back(image_part::from_url("https://example.com/radar.png"));
    radar.cache = true;
    message parts = message::tool_result("toolu_2", "first, ");
    parts.content.push_back(text_part{""});
    parts.content.push_back(text_part{"second"});
    message thought = message::assistant("Checking.");
    thought.content.push_back(thinking_part{"hm", "sig", {}});
    thought.cache = true;
    message call = message::assistant("");
    call.tool_calls = {{"toolu_1", "radar", R"({"city": "Rome", "zoom": 1e1})"}, {"toolu_2", "note", ""}};
    request req;
    req.messages = {message::user("Look."), message::assistant(""), message::user("Now."), thought, call, radar,
                    parts};
    const auto body = json::parse(text_of(req, config(), caches));
    REQUIRE(body["messages"].size() == 3);
    const auto& user = body["messages"][0]["content"];
    REQUIRE(user.size() == 2);  // "Look." and "Now.": the empty assistant turn between them says nothing
    const auto& assistant = body["messages"][1]["content"];
    REQUIRE(assistant.size() == 4);
    CHECK(assistant[0]["cache_control"] == json{{"type", "ephemeral"}});  // the text: thinking cannot carry it
    CHECK_FALSE(assistant[1].contains("cache_control"));
    CHECK(assistant[2]["input"] == json{{"city", "Rome"}, {"zoom", 10.0}});
    CHECK(assistant[3]["input"] == json::object());
    const auto& results = body["messages"][2]["content"];
    REQUIRE(results.size() == 2);
    CHECK(results[0]["cache_control"] == json{{"type", "ephemeral"}});
    CHECK_FALSE(results[0]["content"][1].contains("cache_control"));
    CHECK(results[0]["content"][1]["source"] == json{{"type", "url"}, {"url", "https://example.com/radar.png"}});
    CHECK(results[1]["content"] == "first, second");
    CHECK_FALSE(results[1].contains("cache_control"));
}

TEST_CASE("anthropic keeps control characters and invalid UTF-8 from breaking the body", "[anthropic]") {
    request req;
    req.messages = {message::system("tab\there \"quoted\" \x01"), message::user("bad \xC3\x28 byte, ok \xE2\x82\xAC")};
    const auto text = text_of(req, config());
    const auto body = json::parse(text);
    CHECK(body["system"][0]["text"] == "tab\there \"quoted\" \x01");
    CHECK(body["messages"][0]["content"][0]["text"] == "bad \xEF\xBF\xBD( byte, ok \xE2\x82\xAC");
}

TEST_CASE("anthropic reports the first bad message's error and leaves the output as it was", "[anthropic]") {
    message bad_call;
    bad_call.role = role::assistant;
    bad_call.tool_calls = {{"toolu_1", "edit", "[1, 2]"}};
    message system_image = message::system("look");
    system_image.content.push_back(image_part::from_url("https://example.com/a.png"));
    auto cfg = config();
    auto error_of = [&](const request& req) {
        std::string out = "kept";
        auto written = anthropic_messages::write_body(out, req, cfg, model_name, {false, true, 64000, {}}, false);
        REQUIRE_FALSE(written);
        CHECK(out == "kept");
        return written.error();
    };
    request req;
    req.messages = {message::user("go"), bad_call, message::tool_result("toolu_1", "done"), system_image};
    CHECK_THAT(error_of(req).message, Catch::Contains("toolu_1") && Catch::Contains("not a JSON object"));
    req.messages = {message::user("go"), system_image, bad_call, message::tool_result("toolu_1", "done")};
    CHECK_THAT(error_of(req).message, Catch::Contains("system prompt"));

    // A bad message comes before what thinking refuses, wherever the message is.
    req.messages = {message::user("go"), bad_call, message::tool_result("toolu_1", "done")};
    cfg.modify_params = false;
    cfg.temperature = 0.5;
    req.reasoning_effort = reasoning_effort::low;
    CHECK_THAT(error_of(req).message, Catch::Contains("toolu_1"));
    req.messages = {message::user("go")};
    CHECK_THAT(error_of(req).message, Catch::Contains("temperature"));
}

TEST_CASE("anthropic marks a failed tool's result is_error, and only that one", "[anthropic]") {
    request req;
    auto call = message::assistant({});
    call.tool_calls = {{"toolu_1", "get_weather", "{}"}, {"toolu_2", "get_weather", "{}"}};
    auto failed = message::tool_result("toolu_1", "the weather service timed out");
    failed.is_error = true;
    req.messages = {message::user("Weather?"), call, failed, message::tool_result("toolu_2", "21 degrees")};
    const auto body = json::parse(text_of(req, config()));
    const auto& results = body["messages"][2]["content"];
    REQUIRE(results.size() == 2);
    CHECK(results[0] == json{{"type", "tool_result"}, {"tool_use_id", "toolu_1"},
                             {"content", "the weather service timed out"}, {"is_error", true}});
    CHECK_FALSE(results[1].contains("is_error"));
}
