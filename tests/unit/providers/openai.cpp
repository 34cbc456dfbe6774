#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using nlohmann::json;

namespace {

llm_config config_for(std::string model) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-test-key";
    return cfg;
}

http_request prepare(const request& req, const llm_config& cfg, openai::options opts = {}, bool stream = false) {
    auto prepared = openai{}.prepare(req, {cfg, opts, stream});
    REQUIRE(prepared);
    return std::move(prepared).value();
}

// Bodies are compared as JSON values: key order is not part of the format.
json body_of(const http_request& http) { return json::parse(http.body); }

result<completion> parse(int status, std::string body, http_headers headers = {}) {
    const auto cfg = config_for("gpt-4o");
    return openai{}.parse(http_response{status, {}, std::move(headers), std::move(body)}, {cfg, {}, false});
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

}  // namespace

TEST_CASE("openai prepares POST {base}/chat/completions with a bearer key", "[openai]") {
    request req;
    req.messages = {message::system("You are a helpful assistant."), message::user("Hello!")};
    auto http = prepare(req, config_for("gpt-4o"));
    CHECK(http.method == "POST");
    CHECK(http.url == "https://api.openai.com/v1/chat/completions");
    CHECK(http.headers.find("authorization") == "Bearer sk-test-key");
    CHECK(http.headers.find("content-type") == "application/json");
    for (const auto& h : http.headers) CHECK(h.sensitive == (h.name == "Authorization"));
    CHECK(body_of(http) == fixture_json("openai/request-basic.json"));
}

TEST_CASE("openai honours base_url, the openai/ prefix and the account headers", "[openai]") {
    auto cfg = config_for("openai/gpt-4o");
    cfg.base_url = "http://127.0.0.1:8080/v1/";
    openai::options opts;
    opts.organization = "org-1";
    opts.project = "proj-2";
    request req;
    req.messages = {message::system("You are a helpful assistant."), message::user("Hello!")};
    auto http = prepare(req, cfg, opts);
    CHECK(http.url == "http://127.0.0.1:8080/v1/chat/completions");
    CHECK(http.headers.find("OpenAI-Organization") == "org-1");
    CHECK(http.headers.find("OpenAI-Project") == "proj-2");
    CHECK(body_of(http) == fixture_json("openai/request-basic.json"));
}

TEST_CASE("openai sends tools, tool_choice and parallel_tool_calls in the documented shape", "[openai]") {
    request req;
    req.messages = {message::user("What's the weather like in Boston today?")};
    req.tools = {{"get_current_weather", "Get the current weather in a given location", weather_schema()}};
    req.tool_choice = tool_choice::automatic();
    req.parallel_tool_calls = false;
    CHECK(body_of(prepare(req, config_for("gpt-4o"))) == fixture_json("openai/request-tools.json"));
}

TEST_CASE("openai sends assistant tool calls and tool results back", "[openai]") {
    request req;
    message call;
    call.role = role::assistant;
    call.tool_calls = {{"call_abc123", "get_current_weather", R"({"location": "Boston, MA"})"}};
    req.messages = {message::user("What's the weather like in Boston today?"), call,
                    message::tool_result("call_abc123", R"({"temperature": 22, "unit": "celsius"})")};
    req.tool_choice = tool_choice::function("get_current_weather");
    CHECK(body_of(prepare(req, config_for("gpt-4o"))) == fixture_json("openai/request-tool-history.json"));
}

TEST_CASE("openai sends images as image_url parts, inline ones as data URLs", "[openai]") {
    message m;
    m.role = role::user;
    m.content = {text_part{"What's in this image?"},
                 image_part::from_url("https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
                                      "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/"
                                      "2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg",
                                      image_detail::high),
                 image_part::from_base64("image/png", "iVBORw0KGgo=")};
    request req;
    req.messages = {m};
    CHECK(body_of(prepare(req, config_for("gpt-4o"))) == fixture_json("openai/request-vision.json"));
}

TEST_CASE("openai sends sampling, limits, stop, response_format, seed, user and extra parameters", "[openai]") {
    request req;
    req.messages = {message::user("List three primes as JSON.")};
    req.temperature = 0.2;
    req.top_p = 0.9;
    req.max_tokens = 256;
    req.stop = {"\n\n", "END"};
    req.response_format = response_format::json_schema("primes", json::parse(R"({
        "type": "object", "properties": {"primes": {"type": "array", "items": {"type": "integer"}}},
        "required": ["primes"], "additionalProperties": false})"));
    req.seed = 42;
    req.user = "user-1234";
    req.extra = {{"metadata", {{"session", "abc"}}}};
    CHECK(body_of(prepare(req, config_for("gpt-4o"))) == fixture_json("openai/request-parameters.json"));
}

TEST_CASE("openai takes defaults from the configuration when the request leaves them out", "[openai]") {
    auto cfg = config_for("o3-mini");
    cfg.max_output_tokens = 4000;
    cfg.reasoning_effort = reasoning_effort::high;
    request req;
    req.messages = {message::user("Prove that there are infinitely many primes.")};
    req.response_format = response_format::json_object();
    CHECK(body_of(prepare(req, cfg)) == fixture_json("openai/request-reasoning.json"));

    req.reasoning_effort = reasoning_effort::low;  // the request wins over the configuration
    CHECK(body_of(prepare(req, cfg))["reasoning_effort"] == "low");
}

TEST_CASE("openai asks for usage in streams", "[openai]") {
    request req;
    req.messages = {message::user("Hi")};
    auto http = prepare(req, config_for("gpt-4o"), {}, true);
    CHECK(http.stream);
    CHECK(body_of(http)["stream"] == true);
    CHECK(body_of(http)["stream_options"] == json{{"include_usage", true}});
}

TEST_CASE("openai without a key says where it looked", "[openai]") {
    auto cfg = config_for("gpt-4o");
    cfg.api_key = "";
    auto prepared = openai{}.prepare(request{}, {cfg, {}, false});
    REQUIRE_FALSE(prepared);
    CHECK(prepared.error() == errc::invalid_config);
    CHECK_THAT(prepared.error().message, Catch::Contains("OPENAI_API_KEY") && Catch::Contains("LLM_API_KEY"));
}

TEST_CASE("openai parses a text completion with usage details", "[openai]") {
    auto c = parse(200, fixture("openai/response-text.json"));
    REQUIRE(c);
    CHECK(c.value().id == "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    CHECK(c.value().model == "gpt-4o-2024-08-06");
    CHECK(c.value().message.role == role::assistant);
    CHECK(c.value().message.text() == "Hello! How can I assist you today?");
    CHECK(c.value().message.refusal.empty());
    CHECK(c.value().finish_reason == finish_reason::stop);
    CHECK(c.value().finish_reason_raw == "stop");
    CHECK(c.value().usage == usage{19, 10, 0, std::nullopt, 0});
}

TEST_CASE("openai parses tool calls with their arguments as the model wrote them", "[openai]") {
    auto c = parse(200, fixture("openai/response-tool-calls.json"));
    REQUIRE(c);
    const auto& calls = c.value().message.tool_calls;
    REQUIRE(calls.size() == 2);
    CHECK(calls[0] == tool_call{"call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"});
    CHECK(calls[1].id == "call_def456");
    CHECK(c.value().message.content.empty());
    CHECK(c.value().finish_reason == finish_reason::tool_calls);
    CHECK(c.value().usage.total_tokens() == 99);
}

TEST_CASE("openai parses a refusal", "[openai]") {
    auto c = parse(200, fixture("openai/response-refusal.json"));
    REQUIRE(c);
    CHECK(c.value().message.refusal == "I'm sorry, I cannot assist with that request.");
    CHECK(c.value().message.content.empty());
}

TEST_CASE("openai parses cached and reasoning tokens, and a length stop", "[openai]") {
    auto c = parse(200, fixture("openai/response-reasoning-cached.json"));
    REQUIRE(c);
    CHECK(c.value().usage == usage{2048, 4000, 1920, std::nullopt, 3712});
    CHECK(c.value().finish_reason == finish_reason::length);
}

TEST_CASE("openai maps every finish reason", "[openai]") {
    CHECK(openai_chat::finish_reason_from("stop") == finish_reason::stop);
    CHECK(openai_chat::finish_reason_from("length") == finish_reason::length);
    CHECK(openai_chat::finish_reason_from("tool_calls") == finish_reason::tool_calls);
    CHECK(openai_chat::finish_reason_from("function_call") == finish_reason::tool_calls);
    CHECK(openai_chat::finish_reason_from("content_filter") == finish_reason::content_filter);
    CHECK(openai_chat::finish_reason_from("") == finish_reason::other);
    CHECK(openai_chat::finish_reason_from("something_new") == finish_reason::other);
}

TEST_CASE("openai maps error bodies to errc by status, type, code and message", "[openai]") {
    struct row {
        int status;
        const char* body_fixture;
        errc expected;
        const char* type;
    };
    const row rows[] = {
        {401, "openai/error-invalid-api-key.json", errc::authentication, "invalid_api_key"},
        {429, "openai/error-insufficient-quota.json", errc::quota_exceeded, "insufficient_quota"},
        {429, "openai/error-rate-limit.json", errc::rate_limited, "rate_limit_exceeded"},
        {400, "openai/error-context-length.json", errc::context_window_exceeded, "context_length_exceeded"},
        {400, "openai/error-content-policy.json", errc::content_policy, "content_policy_violation"},
        {400, "openai/error-invalid-request.json", errc::bad_request, "invalid_value"},
        {404, "openai/error-model-not-found.json", errc::not_found, "model_not_found"},
        {500, "openai/error-server.json", errc::server_error, "server_error"},
        {503, "openai/error-overloaded.json", errc::service_unavailable, "server_error"},
        {502, "openai/error-gateway.html", errc::server_error, ""},
    };
    for (const auto& r : rows) {
        INFO(r.body_fixture << " with HTTP " << r.status);
        auto c = parse(r.status, fixture(r.body_fixture), {{"x-request-id", "req_err"}});
        REQUIRE_FALSE(c);
        CHECK(c.error() == r.expected);
        CHECK(c.error().http_status == r.status);
        CHECK(c.error().type == r.type);
        CHECK(c.error().request_id == "req_err");
        CHECK_FALSE(c.error().message.empty());
    }
}

TEST_CASE("openai recognizes the context-window phrases in any message", "[openai]") {
    for (const char* message :
         {"This model's maximum context length is 8192 tokens", "Context length exceeded for this model",
          "prompt is too long: 210000 tokens > 200000 maximum",
          "Input length and `max_tokens` exceed context limit: 190000 + 20000 > 200000",
          "Please reduce the length of the messages or completion.",
          "The request exceeds the available context size, try increasing it"}) {
        INFO(message);
        json body = {{"error", {{"message", message}, {"type", "invalid_request_error"}}}};
        auto c = parse(400, body.dump());
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::context_window_exceeded);
    }
}

TEST_CASE("openai classifies statuses without a usable body", "[openai]") {
    const std::pair<int, errc> rows[] = {
        {400, errc::bad_request},  {401, errc::authentication}, {403, errc::permission_denied},
        {404, errc::not_found},    {408, errc::timeout},        {409, errc::conflict},
        {413, errc::context_window_exceeded}, {422, errc::bad_request}, {429, errc::rate_limited},
        {500, errc::server_error}, {502, errc::server_error},   {503, errc::service_unavailable},
        {504, errc::server_error}, {418, errc::bad_request},
    };
    for (auto [status, expected] : rows) {
        INFO("HTTP " << status);
        auto c = parse(status, "");
        REQUIRE_FALSE(c);
        CHECK(c.error() == expected);
        CHECK_THAT(c.error().message, Catch::Contains(std::to_string(status)));
    }
}

TEST_CASE("openai refuses malformed and empty successful responses with a clear error", "[openai]") {
    auto not_json = parse(200, "<html>oops</html>");
    REQUIRE_FALSE(not_json);
    CHECK(not_json.error() == errc::malformed_response);
    CHECK_THAT(not_json.error().message, Catch::Contains("oops"));

    auto truncated = parse(200, fixture("openai/response-text.json").substr(0, 120));
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error() == errc::malformed_response);

    auto wrong_type = parse(200, R"({"choices": [{"message": {"content": 42}, "finish_reason": "stop"}]})");
    REQUIRE_FALSE(wrong_type);
    CHECK(wrong_type.error() == errc::malformed_response);

    auto no_message = parse(200, R"({"choices": [{"finish_reason": "stop"}]})");
    REQUIRE_FALSE(no_message);
    CHECK(no_message.error() == errc::malformed_response);

    auto no_choices = parse(200, fixture("openai/response-no-choices.json"));
    REQUIRE_FALSE(no_choices);
    CHECK(no_choices.error() == errc::no_response);

    auto error_on_200 = parse(200, fixture("openai/error-server.json"));
    REQUIRE_FALSE(error_on_200);
    CHECK(error_on_200.error() == errc::server_error);
}

TEST_CASE("openai retries 408, 409, 429, 5xx gateway errors and connection failures, nothing else", "[openai]") {
    auto http_error = [](int status, errc code) {
        error e{code, "x"};
        e.http_status = status;
        return e;
    };
    const openai p;
    for (int status : {408, 409, 429, 500, 502, 503, 504})
        CHECK(p.should_retry(http_error(status, errc::server_error)));
    for (int status : {400, 401, 403, 404, 413, 422, 501})
        CHECK_FALSE(p.should_retry(http_error(status, errc::bad_request)));
    CHECK_FALSE(p.should_retry(http_error(429, errc::quota_exceeded)));
    CHECK(p.should_retry(error{errc::connection, "reset"}));
    CHECK(p.should_retry(error{errc::timeout, "headers"}));
    CHECK_FALSE(p.should_retry(error{errc::cancelled, ""}));
    CHECK_FALSE(p.should_retry(error{errc::malformed_response, ""}));
}
