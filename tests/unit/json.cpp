#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace polyllm;
using nlohmann::json;

namespace {

template <class T>
T round_trip(const T& value) {
    // Through ordered_json, the library's form: a round trip through nlohmann::json would sort the keys the user
    // wrote (tool schemas, extra fields).
    return polyllm::ordered_json::parse(polyllm::ordered_json(value).dump()).get<T>();
}

request full_request() {
    request r;
    message system = message::system("You are terse.");
    system.cache = true;
    message user;
    user.role = role::user;
    user.name = "alice";
    user.content = {text_part{"Compare these:"}, image_part::from_url("https://example.com/a.png", image_detail::high),
                    image_part::from_base64("image/png", "iVBORw0KGgo=", image_detail::low)};
    message assistant;
    assistant.role = role::assistant;
    assistant.content = {thinking_part{"Let me look.", "sig-abc", {}}, thinking_part{{}, {}, "opaque=="},
                         text_part{"Calling a tool."}};
    assistant.tool_calls = {{"call_1", "lookup", R"({"q":"a"})"}, {"call_2", "lookup", "{}"}};
    message failed = message::tool_result("call_2", "");
    failed.is_error = true;
    r.messages = {system, user, assistant, message::tool_result("call_1", "found", "lookup"), failed};
    r.tools = {{"lookup", "Look something up", json{{"type", "object"}, {"properties", {{"q", {{"type", "string"}}}}}}},
               {"noop", "", json::object()}};
    r.tool_choice = tool_choice::function("lookup");
    r.parallel_tool_calls = false;
    r.temperature = 0.5;
    r.top_p = 0.25;
    r.max_tokens = 1000;
    r.stop = {"END", "\n\n"};
    r.reasoning_effort = reasoning_effort::high;
    r.response_format = response_format::json_schema("answer", json{{"type", "object"}}, true);
    r.seed = 7;
    r.user = "user-42";
    r.extra = {{"metadata", {{"k", "v"}}}, {"logprobs", true}};
    return r;
}

}  // namespace

TEST_CASE("a request survives a JSON round trip, every field set", "[json]") {
    const auto r = full_request();
    CHECK(round_trip(r) == r);
}

TEST_CASE("an empty request survives a JSON round trip", "[json]") {
    CHECK(round_trip(request{}) == request{});
}

TEST_CASE("each tool_choice and response_format survives a round trip", "[json]") {
    for (const auto& c : {tool_choice::automatic(), tool_choice::none(), tool_choice::required(),
                          tool_choice::function("f")})
        CHECK(round_trip(c) == c);
    for (const auto& f : {response_format{}, response_format::json_object(),
                          response_format::json_schema("s", json{{"type", "string"}}, false)})
        CHECK(round_trip(f) == f);
}

TEST_CASE("a completion survives a JSON round trip", "[json]") {
    completion c;
    c.id = "chatcmpl-1";
    c.model = "gpt-4o-2024-08-06";
    c.message = message::assistant("Hi");
    c.message.tool_calls = {{"call_9", "f", R"({"x":1})"}};
    c.message.refusal = "no";
    c.finish_reason = finish_reason::tool_calls;
    c.finish_reason_raw = "tool_calls";
    c.usage = {100, 20, 60, 10, 5};
    c.request_id = "req_1";
    c.headers.add("x-ratelimit-remaining-requests", "99");
    CHECK(round_trip(c) == c);
    c.server_latency = std::chrono::milliseconds(1543);
    CHECK(round_trip(c) == c);
    for (auto f : {finish_reason::stop, finish_reason::length, finish_reason::tool_calls, finish_reason::content_filter,
                   finish_reason::error, finish_reason::other}) {
        c.finish_reason = f;
        CHECK(round_trip(c).finish_reason == f);
    }
}

TEST_CASE("usage JSON uses the names the CLI prints", "[json]") {
    json j = usage{1, 2, 3, 4, 5, 6};
    CHECK(j == json{{"prompt_tokens", 1},
                    {"completion_tokens", 2},
                    {"cache_read_tokens", 3},
                    {"cache_write_tokens", 4},
                    {"cache_write_1h_tokens", 6},
                    {"reasoning_tokens", 5}});
    CHECK(j.get<usage>() == usage{1, 2, 3, 4, 5, 6});
    CHECK(usage{1, 2, 3, 4, 5}.total_tokens() == 3);
}

TEST_CASE("sensitive headers are redacted in a completion's JSON", "[json]") {
    completion c;
    c.headers.add_sensitive("Authorization", "Bearer sk-secret");
    CHECK(json(c).dump().find("sk-secret") == std::string::npos);
}

TEST_CASE("a request in OpenAI's chat shape loads as it is", "[json]") {
    auto r = request_from_json(R"({
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi"},
                                         {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}}]},
            {"role": "assistant", "content": null,
             "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": {"a": 1}}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "ok"}
        ],
        "max_completion_tokens": 50,
        "stop": "END",
        "logit_bias": {"50256": -100}
    })");
    REQUIRE(r);
    const auto& req = r.value();
    REQUIRE(req.messages.size() == 4);
    CHECK(req.messages[0].text() == "Be brief.");
    const auto& image = std::get<image_part>(req.messages[1].content[1]);
    CHECK(image.media_type == "image/jpeg");
    CHECK(image.data == "/9j/4AAQ");
    CHECK(req.messages[2].content.empty());
    CHECK(req.messages[2].tool_calls[0].arguments == R"({"a":1})");
    CHECK(req.messages[3].tool_call_id == "c1");
    CHECK(req.max_tokens == 50);
    CHECK(req.stop == std::vector<std::string>{"END"});
    CHECK(req.extra["model"] == "gpt-4o");
    CHECK(req.extra["logit_bias"]["50256"] == -100);
}

TEST_CASE("a request of the wrong shape is a bad_request saying what is wrong", "[json]") {
    auto not_json = request_from_json("{\"messages\": [");
    REQUIRE_FALSE(not_json);
    CHECK(not_json.error() == errc::bad_request);

    auto bad_role = request_from_json(R"({"messages": [{"role": "wizard", "content": "hi"}]})");
    REQUIRE_FALSE(bad_role);
    CHECK_THAT(bad_role.error().message, Catch::Contains("unknown role \"wizard\""));

    auto bad_effort = request_from_json(R"({"messages": [], "reasoning_effort": "extreme"})");
    REQUIRE_FALSE(bad_effort);
    CHECK_THAT(bad_effort.error().message, Catch::Contains("extreme"));

    auto bad_content = request_from_json(R"({"messages": [{"role": "user", "content": 5}]})");
    REQUIRE_FALSE(bad_content);
    CHECK_THAT(bad_content.error().message, Catch::Contains("content"));
}
