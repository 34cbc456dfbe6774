// Token counting by the provider (token_counting.hpp): Anthropic's /v1/messages/count_tokens, Gemini's :countTokens
// and Vertex AI's, asked through basic_llm and the client with the call path's retries; the local count for a
// provider without an endpoint; the local server's answers.
#include <polyllm/token_counting.hpp>

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <future>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

static_assert(TokenCountingProvider<anthropic> && TokenCountingProvider<gemini> && TokenCountingProvider<vertex_ai>);
static_assert(!TokenCountingProvider<openai> && !TokenCountingProvider<ollama>);
static_assert(TokenCountingProvider<fn_call::adapted<anthropic>> && !TokenCountingProvider<fn_call::adapted<openai>>);

namespace {

constexpr const char* key = "sk-count-DO-NOT-LEAK-0123456789";

template <class P>
basic_llm<P, scripted_transport> make_llm(std::string model, std::string base_url = {}) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = key;
    cfg.base_url = std::move(base_url);
    basic_llm<P, scripted_transport> llm{cfg};
    llm.retry_policy().jitter = 0;
    return llm;
}

// A system prompt, a question and a tool whose schema's keys are not in alphabetical order: the count body must
// keep the user's order, as a call's body does.
request weather_request() {
    request r;
    r.messages = {message::system("You are a weather bot."), message::user("What is the weather in Paris?")};
    r.tools = {tool{"get_weather", "Current weather for a city.",
                    nlohmann::ordered_json::parse(R"({"type": "object", "properties": {"unit": {"type": "string",
                        "enum": ["celsius", "fahrenheit"]}, "city": {"type": "string"}}, "required": ["city"]})")}};
    r.tool_choice = tool_choice::automatic();
    r.max_tokens = 512;       // a call's setting: count_tokens refuses max_tokens
    r.temperature = 0.5;      // and sampling
    r.stop = {"END"};
    return r;
}

request question_only() {
    request r;
    r.messages = {message::user("How many tokens is this?")};
    return r;
}

nlohmann::ordered_json ordered(const std::string& text) { return nlohmann::ordered_json::parse(text); }

}  // namespace

TEST_CASE("count tokens: Anthropic is asked at /v1/messages/count_tokens with the call's body minus what counting "
          "refuses, and its count is exact", "[count_tokens][anthropic]") {
    auto llm = make_llm<anthropic>("anthropic/claude-3-5-haiku-20241022");
    CHECK(llm.counts_tokens_remotely());
    llm.transport().respond(200, fixture("anthropic/count-tokens-response.json"), {{"request-id", "req_count"}});
    auto n = llm.count_tokens(weather_request());
    REQUIRE(n);
    CHECK(n.value() == token_count{403, true});
    REQUIRE(llm.transport().requests().size() == 1);
    const auto& sent = llm.transport().requests().front();
    CHECK(sent.method == "POST");
    CHECK(sent.url == "https://api.anthropic.com/v1/messages/count_tokens");
    CHECK(sent.headers.find("x-api-key") == key);
    CHECK(sent.headers.find("anthropic-version") == "2023-06-01");
    CHECK(sent.headers.find("content-type") == "application/json");
    CHECK_FALSE(sent.stream);
    // Ordered comparison: the fields, and the tool schema's keys, in the order a call writes them.
    CHECK(ordered(sent.body) == ordered(fixture("anthropic/count-tokens-request-tools.json")));
}

TEST_CASE("count tokens: observers see a count call, told its kind and its count; the metrics record nothing",
          "[count_tokens][observer]") {
    struct seen {
        std::vector<std::string>* trace;
        void on_request(const call_info& info, const http_request&, int attempt) {
            trace->push_back(std::string(info.kind == call_kind::count_tokens ? "count" : "other") + " request " +
                             std::to_string(attempt));
        }
        void on_completion(const call_info&, const token_count& n, std::chrono::milliseconds) {
            trace->push_back("counted " + std::to_string(n.tokens));
        }
        void on_failure(const call_info&, const error& e) { trace->push_back("failed " + std::string(to_string(e.kind()))); }
    };
    std::vector<std::string> trace;
    auto llm = make_llm<gemini>("gemini-2.0-flash");
    llm.add_observer(seen{&trace});
    llm.transport().respond(200, R"({"totalTokens": 5})").respond(403, R"({"error": {"code": 403, "message": "no",
        "status": "PERMISSION_DENIED"}})");
    REQUIRE(llm.count_tokens(question_only()));
    REQUIRE_FALSE(llm.count_tokens(question_only()));
    CHECK(trace == std::vector<std::string>{"count request 1", "counted 5", "count request 1", "failed permission_denied"});
    CHECK(llm.metrics().size() == 0);
}

TEST_CASE("count tokens: Anthropic's path follows a base URL that ends in /v1 or has a query, and the betas go along",
          "[count_tokens][anthropic]") {
    anthropic::options opts;
    opts.betas = {"token-counting-2024-11-01"};
    llm_config cfg;
    cfg.model = "claude-3-5-haiku-20241022";
    cfg.api_key = key;
    cfg.base_url = "https://proxy.example/anthropic/v1/?tenant=7";
    basic_llm<anthropic, scripted_transport> llm{cfg, opts};
    llm.transport().respond(200, R"({"input_tokens": 12})");
    auto n = llm.count_tokens(question_only());
    REQUIRE(n);
    CHECK(n.value().tokens == 12);
    CHECK(llm.transport().requests().front().url == "https://proxy.example/anthropic/v1/messages/count_tokens?tenant=7");
    CHECK(llm.transport().requests().front().headers.find("anthropic-beta") == "token-counting-2024-11-01");
}

TEST_CASE("count tokens: Gemini sends contents alone, or a generateContentRequest when there is more to count",
          "[count_tokens][gemini]") {
    SECTION("contents alone") {
        auto llm = make_llm<gemini>("gemini/gemini-2.0-flash");
        llm.transport().respond(200, fixture("gemini/count-tokens-response.json"));
        auto n = llm.count_tokens(question_only());
        REQUIRE(n);
        CHECK(n.value() == token_count{31, true});
        const auto& sent = llm.transport().requests().at(0);
        CHECK(sent.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:countTokens");
        CHECK(sent.headers.find("x-goog-api-key") == key);
        CHECK(sent.url.find(key) == std::string::npos);
        CHECK(ordered(sent.body) == ordered(fixture("gemini/count-tokens-request-contents.json")));
    }
    SECTION("a system instruction and tools") {
        auto llm = make_llm<gemini>("gemini/gemini-2.0-flash");
        llm.transport().respond(200, fixture("gemini/count-tokens-response.json"));
        REQUIRE(llm.count_tokens(weather_request()));
        CHECK(ordered(llm.transport().requests().at(0).body) ==
              ordered(fixture("gemini/count-tokens-request-generate.json")));
    }
    SECTION("proto3 JSON leaves a zero out") {
        auto llm = make_llm<gemini>("gemini-2.0-flash");
        llm.transport().respond(200, "{}");
        auto n = llm.count_tokens(question_only());
        REQUIRE(n);
        CHECK(n.value() == token_count{0, true});
    }
}

TEST_CASE("count tokens: Vertex AI counts Gemini at :countTokens and Claude at count-tokens:rawPredict",
          "[count_tokens][vertex_ai]") {
    vertex_ai::options opts;
    opts.project = "proj";
    opts.location = "us-east5";
    opts.access_token = secret("ya29.test-token");
    llm_config cfg;
    cfg.model = "vertex_ai/claude-3-5-haiku@20241022";
    basic_llm<vertex_ai, scripted_transport> claude{cfg, opts};
    claude.transport().respond(200, R"({"input_tokens": 9})");
    auto n = claude.count_tokens(question_only());
    REQUIRE(n);
    CHECK(n.value() == token_count{9, true});
    const auto& sent = claude.transport().requests().at(0);
    CHECK(sent.url == "https://us-east5-aiplatform.googleapis.com/v1/projects/proj/locations/us-east5/publishers/"
                      "anthropic/models/count-tokens:rawPredict");
    CHECK(sent.headers.find("authorization") == "Bearer ya29.test-token");
    const auto body = ordered(sent.body);
    CHECK(body.at("model") == "claude-3-5-haiku@20241022");  // the one endpoint's body names the model
    CHECK_FALSE(body.contains("anthropic_version"));
    CHECK_FALSE(body.contains("max_tokens"));

    cfg.model = "vertex_ai/gemini-2.0-flash";
    basic_llm<vertex_ai, scripted_transport> flash{cfg, opts};
    flash.transport().respond(200, R"({"totalTokens": 14, "totalBillableCharacters": 50})");
    auto m = flash.count_tokens(weather_request());
    REQUIRE(m);
    CHECK(m.value().tokens == 14);
    const auto& gemini_sent = flash.transport().requests().at(0);
    CHECK(gemini_sent.url == "https://us-east5-aiplatform.googleapis.com/v1/projects/proj/locations/us-east5/"
                             "publishers/google/models/gemini-2.0-flash:countTokens");
    const auto flat = ordered(gemini_sent.body);  // Vertex's fields at the top, without toolConfig
    CHECK(flat.contains("contents"));
    CHECK(flat.contains("systemInstruction"));
    CHECK(flat.contains("tools"));
    CHECK_FALSE(flat.contains("toolConfig"));
    CHECK_FALSE(flat.contains("generateContentRequest"));
}

TEST_CASE("count tokens: errors take the call path: a 429 is retried, a 401 is not, and the key never shows",
          "[count_tokens][retry]") {
    SECTION("429, then the count") {
        auto llm = make_llm<anthropic>("claude-3-5-haiku-20241022");
        llm.transport()
            .respond(429, fixture("anthropic/error-rate-limit.json"), {{"retry-after", "2"}})
            .respond(200, fixture("anthropic/count-tokens-response.json"));
        int retries = 0;
        llm.on_retry([&](const retry_event& e) {
            ++retries;
            CHECK(e.cause.kind() == errc::rate_limited);
        });
        auto n = llm.count_tokens(question_only());
        REQUIRE(n);
        CHECK(n.value().tokens == 403);
        CHECK(retries == 1);
        CHECK(llm.transport().requests().size() == 2);
        CHECK(llm.transport().elapsed() == 2s);  // the server's hint
    }
    SECTION("401 at once") {
        auto llm = make_llm<gemini>("gemini-2.0-flash");
        llm.transport().respond(401, R"({"error": {"code": 401, "message": "bad key )" + std::string(key) +
                                         R"(", "status": "UNAUTHENTICATED"}})");
        auto n = llm.count_tokens(question_only());
        REQUIRE_FALSE(n);
        CHECK(n.error().kind() == errc::authentication);
        CHECK(n.error().http_status == 401);
        CHECK(n.error().provider == "gemini");
        CHECK(n.error().to_string().find(key) == std::string::npos);
        CHECK(llm.transport().requests().size() == 1);
    }
    SECTION("an answer without a count") {
        auto llm = make_llm<anthropic>("claude-3-5-haiku-20241022");
        llm.transport().respond(200, R"({"input_tokens": "many"})");
        auto n = llm.count_tokens(question_only());
        REQUIRE_FALSE(n);
        CHECK(n.error().kind() == errc::malformed_response);
    }
    SECTION("no key: nothing is sent") {
        llm_config cfg;
        cfg.model = "claude-3-5-haiku-20241022";
        basic_llm<anthropic, scripted_transport> llm{cfg};
        auto n = llm.count_tokens(question_only());
        REQUIRE_FALSE(n);
        CHECK(llm.transport().requests().empty());
    }
}

TEST_CASE("count tokens: a provider without an endpoint counts locally, sends nothing, and says whether it is exact",
          "[count_tokens][local]") {
    auto llm = make_llm<ollama>("ollama/llama3.2");
    CHECK_FALSE(llm.counts_tokens_remotely());
    const auto req = weather_request();
    auto n = llm.count_tokens(req);
    REQUIRE(n);
    CHECK(llm.transport().requests().empty());
    CHECK(n.value() == count_tokens(req, llm.config()));  // tokenize/chat.hpp's count, the one offline count
    CHECK_FALSE(n.value().exact);                           // llama3.2 has no tiktoken vocabulary
    CHECK(n.value().tokens > 0);

    // Asynchronously too, completing after the initiating call as an asked count does.
    std::optional<result<token_count>> got;
    llm.async_count_tokens(req, [&](result<token_count> r) { got = std::move(r); });
    CHECK_FALSE(got);
    llm.run();
    REQUIRE(got);
    REQUIRE(*got);
    CHECK(got->value() == n.value());
}

TEST_CASE("count tokens: through the client (any_provider), async with any completion token",
          "[count_tokens][client]") {
    llm_config cfg;
    cfg.model = "anthropic/claude-3-5-haiku-20241022";
    cfg.api_key = key;
    basic_llm<any_provider, scripted_transport> client{any_provider(anthropic{}), cfg};
    CHECK(client.counts_tokens_remotely());
    client.transport().respond(200, fixture("anthropic/count-tokens-response.json"));
    client.transport().respond(200, R"({"input_tokens": 7})");
    auto n = client.count_tokens(weather_request());
    REQUIRE(n);
    CHECK(n.value() == token_count{403, true});
    CHECK(ordered(client.transport().requests().at(0).body) ==
          ordered(fixture("anthropic/count-tokens-request-tools.json")));

    std::optional<result<token_count>> got;
    client.async_count_tokens(question_only(), [&](result<token_count> r) { got = std::move(r); });
    CHECK_FALSE(got);  // never inside the initiating call
    client.run();
    REQUIRE(got);
    REQUIRE(*got);
    CHECK(got->value().tokens == 7);

    cfg.model = "ollama/llama3.2";
    basic_llm<any_provider, scripted_transport> local{any_provider(ollama{}), cfg};
    CHECK_FALSE(local.counts_tokens_remotely());
    auto estimate = local.count_tokens(question_only());
    REQUIRE(estimate);
    CHECK_FALSE(estimate.value().exact);
    CHECK(local.transport().requests().empty());
}

TEST_CASE("count tokens: the local server answers both endpoints with its deterministic count",
          "[count_tokens][local_server]") {
    using testing::local_responder;
    local_responder server{{}};
    const nlohmann::json anthropic_body = {{"model", "claude-3-5-haiku-20241022"},
                                           {"messages", {{{"role", "user"}, {"content", "one two three"}}}}};
    auto a = server.respond({"POST", "/v1/messages/count_tokens", {}, anthropic_body.dump()});
    CHECK(a.status == 200);
    CHECK(nlohmann::json::parse(a.body).at("input_tokens") == testing::local_count_of(anthropic_body));
    auto refused = anthropic_body;
    refused["max_tokens"] = 10;
    CHECK(server.respond({"POST", "/v1/messages/count_tokens", {}, refused.dump()}).status == 400);
    const nlohmann::json gemini_body = {{"contents", {{{"role", "user"}, {"parts", {{{"text", "one two"}}}}}}}};
    auto g = server.respond({"POST", "/v1beta/models/gemini-2.0-flash:countTokens", {}, gemini_body.dump()});
    CHECK(g.status == 200);
    CHECK(nlohmann::json::parse(g.body).at("totalTokens") == testing::local_count_of(gemini_body));

    // Over the wire, both providers against the in-process server.
    auto running = testing::local_server_thread::start({});
    REQUIRE(running);
    llm_config cfg;
    cfg.api_key = "local";
    cfg.base_url = running.value()->anthropic_base_url();
    cfg.model = "claude-3-5-haiku-20241022";
    basic_llm<anthropic> claude{cfg};
    auto counted = claude.count_tokens(weather_request());
    REQUIRE(counted);
    CHECK(counted.value().exact);
    CHECK(counted.value().tokens > 0);
    cfg.model = "gemini-2.0-flash";
    basic_llm<gemini> flash{cfg};
    auto by_gemini = flash.count_tokens(weather_request());
    REQUIRE(by_gemini);
    CHECK(by_gemini.value().exact);
    CHECK(by_gemini.value().tokens > 0);
}
