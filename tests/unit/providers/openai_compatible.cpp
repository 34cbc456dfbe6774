#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using nlohmann::json;

namespace {

llm_config config_for(std::string model, std::string key = "sk-family") {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = std::move(key);
    return cfg;
}

request with_everything() {
    request r;
    r.messages = {message::system("Be brief."), message::user("Hello!")};
    r.tools = {{"lookup", "Look it up", json{{"type", "object"}}}};
    r.tool_choice = tool_choice::required();
    r.max_tokens = 100;
    r.seed = 7;
    r.user = "u1";
    return r;
}

template <class P>
http_request prepare(const request& req, const llm_config& cfg, bool stream = false,
                     typename P::options opts = {}) {
    auto http = P{}.prepare(req, {cfg, opts, stream});
    REQUIRE(http);
    return std::move(http).value();
}

template <class P>
result<completion> parse(const llm_config& cfg, int status, std::string body) {
    return P{}.parse(http_response{status, {}, {}, std::move(body)}, {cfg, {}, false});
}

}  // namespace

TEST_CASE("the OpenAI-compatible family: base URL, key header, model name and token field", "[providers][compatible]") {
    struct row {
        std::string url;
        std::string wire_model;
        std::string max_tokens_field;
        http_request http;
    };
    const auto req = with_everything();
    const row rows[] = {
        {"https://api.groq.com/openai/v1/chat/completions", "llama-3.3-70b-versatile", "max_completion_tokens",
         prepare<groq>(req, config_for("groq/llama-3.3-70b-versatile"))},
        {"https://api.deepseek.com/chat/completions", "deepseek-chat", "max_tokens",
         prepare<deepseek>(req, config_for("deepseek/deepseek-chat"))},
        {"https://openrouter.ai/api/v1/chat/completions", "anthropic/claude-3.5-sonnet", "max_completion_tokens",
         prepare<openrouter>(req, config_for("openrouter/anthropic/claude-3.5-sonnet"))},
        {"https://api.together.xyz/v1/chat/completions", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "max_tokens",
         prepare<together_ai>(req, config_for("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"))},
        {"https://api.fireworks.ai/inference/v1/chat/completions", "accounts/fireworks/models/qwen3-coder",
         "max_tokens", prepare<fireworks_ai>(req, config_for("fireworks_ai/accounts/fireworks/models/qwen3-coder"))},
        {"https://api.x.ai/v1/chat/completions", "grok-code-fast-1", "max_completion_tokens",
         prepare<xai>(req, config_for("xai/grok-code-fast-1"))},
        {"https://api.mistral.ai/v1/chat/completions", "mistral-large-latest", "max_tokens",
         prepare<mistral>(req, config_for("mistral/mistral-large-latest"))},
        {"http://localhost:1234/v1/chat/completions", "qwen2.5-7b-instruct", "max_tokens",
         prepare<lm_studio>(req, config_for("lm_studio/qwen2.5-7b-instruct"))},
    };
    for (const auto& r : rows) {
        INFO(r.url);
        CHECK(r.http.url == r.url);
        CHECK(r.http.headers.find("Authorization") == "Bearer sk-family");
        const auto body = json::parse(r.http.body);
        CHECK(body["model"] == r.wire_model);
        CHECK(body[r.max_tokens_field] == 100);
        CHECK(body.size() == (r.max_tokens_field == "max_tokens" && r.url.find("mistral") != std::string::npos ? 6u : 7u));
    }
}

TEST_CASE("mistral renames seed and tool_choice and leaves out what it rejects", "[providers][compatible]") {
    auto body = json::parse(prepare<mistral>(with_everything(), config_for("mistral/mistral-large-latest"), true).body);
    CHECK(body["random_seed"] == 7);
    CHECK_FALSE(body.contains("seed"));
    CHECK(body["tool_choice"] == "any");
    CHECK_FALSE(body.contains("user"));
    CHECK_FALSE(body.contains("stream_options"));
    CHECK(body["stream"] == true);
}

namespace {
// A user provider that rewrites the built body, as the adjust_body hook allows.
struct retagging : openai_compatible<retagging> {
    static constexpr std::string_view name = "retagging";
    static constexpr std::string_view default_base_url = "http://localhost:9/v1";
    static constexpr bool requires_api_key = false;
    struct options {};
    void adjust_body(nlohmann::ordered_json& body, const request&, const call_context<options>&) const {
        body["tag"] = "x";
        body.erase("user");
    }
};
}  // namespace

TEST_CASE("a provider's adjust_body hook changes the standard body and keeps the rest", "[providers][compatible]") {
    const auto req = with_everything();
    auto adjusted = json::parse(prepare<retagging>(req, config_for("retagging/m"), true).body);
    auto standard = json::parse(prepare<groq>(req, config_for("groq/m"), true).body);
    CHECK(adjusted["tag"] == "x");
    CHECK_FALSE(adjusted.contains("user"));
    CHECK(standard.contains("user"));
    adjusted.erase("tag");
    standard.erase("user");
    CHECK(adjusted == standard);
}

TEST_CASE("extra parameters replace a standard field of the same name, once, in its place", "[providers][compatible]") {
    auto req = with_everything();
    req.extra = {{"seed", 99}, {"top_k", 5}};
    const auto text = prepare<groq>(req, config_for("groq/m")).body;
    const auto body = json::parse(text);
    CHECK(body["seed"] == 99);
    CHECK(body["top_k"] == 5);
    CHECK(text.find("\"seed\"") == text.rfind("\"seed\""));

    // The keys are those of the body without extra, in the same order (seed where seed goes), then extra's others:
    // the same rule as Anthropic's and Gemini's writers.
    const auto keys = [](const std::string& written) {
        const auto parsed = nlohmann::ordered_json::parse(written);
        std::vector<std::string> out;
        for (const auto& item : parsed.items()) out.push_back(item.key());
        return out;
    };
    auto expected = keys(prepare<groq>(with_everything(), config_for("groq/m")).body);
    REQUIRE(std::find(expected.begin(), expected.end(), "seed") != expected.end());
    expected.push_back("top_k");
    CHECK(keys(text) == expected);
}

TEST_CASE("openrouter sends its attribution headers", "[providers][compatible]") {
    auto cfg = config_for("openrouter/openai/gpt-4o");
    cfg.openrouter_site_url = "https://example.dev";
    cfg.openrouter_app_name = "polyllm tests";
    auto http = prepare<openrouter>(with_everything(), cfg);
    CHECK(http.headers.find("HTTP-Referer") == "https://example.dev");
    CHECK(http.headers.find("X-Title") == "polyllm tests");
    CHECK_FALSE(prepare<openrouter>(with_everything(), config_for("openrouter/x")).headers.contains("X-Title"));
}

TEST_CASE("local servers need no key; ollama finds its server and adds /v1", "[providers][compatible]") {
    auto cfg = config_for("ollama/llama3.1:8b", "");
    auto http = prepare<ollama>(with_everything(), cfg);
    CHECK(http.url == "http://localhost:11434/v1/chat/completions");
    CHECK_FALSE(http.headers.contains("Authorization"));
    CHECK(json::parse(http.body)["model"] == "llama3.1:8b");
    cfg.ollama_base_url = "http://gpu-box:11434/";
    CHECK(prepare<ollama>(with_everything(), cfg).url == "http://gpu-box:11434/v1/chat/completions");
    cfg.base_url = "http://other:8080/v1";
    CHECK(prepare<ollama>(with_everything(), cfg).url == "http://other:8080/v1/chat/completions");
    CHECK(prepare<lm_studio>(with_everything(), config_for("lm_studio/m", "")).url ==
          "http://localhost:1234/v1/chat/completions");
}

TEST_CASE("servers without a public address need a base URL; hosted ones need a key", "[providers][compatible]") {
    for (auto prepared : {litellm_proxy{}.prepare(with_everything(), {config_for("litellm_proxy/gpt-4o"), {}, false}),
                          hosted_vllm{}.prepare(with_everything(), {config_for("hosted_vllm/m"), {}, false})}) {
        REQUIRE_FALSE(prepared);
        CHECK(prepared.error() == errc::invalid_config);
        CHECK_THAT(prepared.error().message, Catch::Contains("base URL"));
    }
    auto cfg = config_for("litellm_proxy/gpt-4o", "");
    cfg.base_url = "http://proxy:4000";
    auto http = prepare<litellm_proxy>(with_everything(), cfg);
    CHECK(http.url == "http://proxy:4000/chat/completions");
    CHECK(json::parse(http.body)["model"] == "gpt-4o");

    auto no_key = groq{}.prepare(with_everything(), {config_for("groq/x", ""), {}, false});
    REQUIRE_FALSE(no_key);
    CHECK_THAT(no_key.error().message, Catch::Contains("GROQ_API_KEY"));
}

TEST_CASE("deepseek: reasoning_content and prompt_cache_hit_tokens", "[providers][compatible][deepseek]") {
    const auto cfg = config_for("deepseek/deepseek-reasoner");
    auto reasoner = parse<deepseek>(cfg, 200, fixture("deepseek/response-reasoner.json"));
    REQUIRE(reasoner);
    REQUIRE(reasoner.value().message.content.size() == 2);
    CHECK(std::get<thinking_part>(reasoner.value().message.content[0]).thinking ==
          "Compare the tenths: 1 < 8, so 9.11 < 9.8.");
    CHECK(reasoner.value().message.text() == "9.11 is smaller than 9.8.");
    CHECK(reasoner.value().usage.reasoning_tokens == 80);

    auto cached = parse<deepseek>(cfg, 200, fixture("deepseek/response-chat-cached.json"));
    REQUIRE(cached);
    CHECK(cached.value().usage == usage{1200, 3, 1152, std::nullopt, std::nullopt});

    // Reasoning is kept in the history but never sent back: DeepSeek rejects reasoning_content in requests.
    request next;
    next.messages = {message::user("Which is smaller?"), reasoner.value().message, message::user("Why?")};
    auto body = json::parse(prepare<deepseek>(next, cfg).body);
    CHECK(body["messages"][1] == json{{"role", "assistant"}, {"content", "9.11 is smaller than 9.8."}});
}

TEST_CASE("deepseek: a streamed reasoner answer equals the non-streamed one", "[providers][compatible][deepseek]") {
    openai_chat::stream_decoder decoder;
    stream_accumulator acc;
    int reasoning_events = 0;
    REQUIRE(decoder.feed(fixture("deepseek/stream-reasoner.sse"), [&](stream_event&& e) {
        reasoning_events += std::holds_alternative<reasoning_delta>(e);
        acc.add(e);
        return true;
    }));
    REQUIRE(decoder.finish());
    CHECK(reasoning_events == 2);
    auto streamed = acc.take();
    auto whole = parse<deepseek>(config_for("deepseek/deepseek-reasoner"), 200, fixture("deepseek/response-reasoner.json"));
    streamed.id = whole.value().id;  // the stream's id differs in DeepSeek's own examples
    CHECK(streamed == whole.value());
}

TEST_CASE("groq: the x_groq extension is ignored, usage is read", "[providers][compatible][groq]") {
    openai_chat::stream_decoder decoder;
    stream_accumulator acc;
    REQUIRE(decoder.feed(fixture("groq/stream-x-groq.sse"), [&](stream_event&& e) {
        acc.add(e);
        return true;
    }));
    REQUIRE(decoder.finish());
    auto c = acc.take();
    CHECK(c.message.text() == "Fast inference.");
    CHECK(c.usage == usage{42, 4});
}

TEST_CASE("openrouter: reasoning beside the answer", "[providers][compatible][openrouter]") {
    auto c = parse<openrouter>(config_for("openrouter/deepseek/deepseek-r1"), 200,
                               fixture("openrouter/response-reasoning.json"));
    REQUIRE(c);
    CHECK(std::get<thinking_part>(c.value().message.content[0]).thinking == "The capital of France is Paris.");
    CHECK(c.value().message.text() == "Paris.");
}

TEST_CASE("azure: deployment URL, api-version, api-key header, max_tokens, no model in the body", "[providers][azure]") {
    auto cfg = config_for("azure/gpt-4o-prod", "azure-key-123");
    cfg.base_url = "https://my-resource.openai.azure.com/";
    auto http = prepare<azure>(with_everything(), cfg);
    CHECK(http.url ==
          "https://my-resource.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions"
          "?api-version=2024-12-01-preview");
    CHECK(http.headers.find("api-key") == "azure-key-123");
    CHECK_FALSE(http.headers.contains("Authorization"));
    for (const auto& h : http.headers) CHECK(h.sensitive == (h.name == "api-key"));
    auto body = json::parse(http.body);
    CHECK_FALSE(body.contains("model"));
    CHECK(body["max_tokens"] == 100);
    CHECK_FALSE(body.contains("max_completion_tokens"));

    cfg.api_version = "2025-01-01-preview";
    CHECK(prepare<azure>(with_everything(), cfg).url.ends_with("?api-version=2025-01-01-preview"));

    auto no_base = azure{}.prepare(with_everything(), {config_for("azure/x"), {}, false});
    REQUIRE_FALSE(no_base);
    CHECK(no_base.error() == errc::invalid_config);
}

TEST_CASE("azure: content filtering is errc::content_policy, or a content_filter finish", "[providers][azure]") {
    const auto cfg = config_for("azure/gpt-4o-prod");
    auto e = azure{}.parse(http_response{400, {}, {{"apim-request-id", "a1b2"}}, fixture("azure/error-content-filter.json")},
                           {cfg, {}, false});
    REQUIRE_FALSE(e);
    CHECK(e.error() == errc::content_policy);
    CHECK(e.error().request_id == "a1b2");
    CHECK(e.error().type == "content_filter");

    auto filtered = parse<azure>(cfg, 200, fixture("azure/response-content-filter-finish.json"));
    REQUIRE(filtered);
    CHECK(filtered.value().finish_reason == finish_reason::content_filter);
    CHECK(filtered.value().message.content.empty());
}

TEST_CASE("providers take base URL and API version from their usual variables", "[providers][azure]") {
    ::setenv("AZURE_API_KEY", "from-env-key", 1);
    ::setenv("AZURE_API_BASE", "https://env-resource.openai.azure.com", 1);
    ::setenv("AZURE_API_VERSION", "2024-10-21", 1);
    llm_config cfg;
    cfg.model = "azure/dep";
    basic_llm<azure, scripted_transport> llm{cfg};
    ::unsetenv("AZURE_API_KEY");
    ::unsetenv("AZURE_API_BASE");
    ::unsetenv("AZURE_API_VERSION");
    llm.transport().respond(200, fixture("openai/response-text.json"));
    request req;
    req.messages = {message::user("hi")};
    REQUIRE(llm.complete(req));
    const auto& sent = llm.transport().requests().at(0);
    CHECK(sent.url == "https://env-resource.openai.azure.com/openai/deployments/dep/chat/completions?api-version=2024-10-21");
    CHECK(sent.headers.find("api-key") == "from-env-key");
}
