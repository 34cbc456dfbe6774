// Every provider that builds a URL: a base URL's query follows the endpoint's path (merged with the provider's own
// parameters), a fragment is refused before anything is sent, and a name that becomes a path segment cannot bend
// the path.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace polyllm;

namespace {

template <class P>
llm_config config_for(std::string base_url) {
    llm_config cfg;
    cfg.model = std::string(P::name) + "/some-model";
    cfg.api_key = "sk-base-url-test-0123456789";
    cfg.base_url = std::move(base_url);
    return cfg;
}

template <class P>
std::string url_for(const llm_config& cfg, bool stream) {
    request req;
    req.messages = {message::user("Hello!")};
    auto http = P{}.prepare(req, {cfg, {}, stream});
    REQUIRE(http);
    return http.value().url;
}

std::string_view query_of(std::string_view url) {
    const auto at = url.find('?');
    return at == std::string_view::npos ? std::string_view{} : url.substr(at + 1);
}

}  // namespace

TEMPLATE_TEST_CASE("a base URL's query follows the endpoint path, merged with the provider's parameters",
                   "[providers][url]", openai, azure, groq, deepseek, openrouter, mistral, xai, fireworks_ai,
                   together_ai, ollama, lm_studio, hosted_vllm, litellm_proxy, openai_compatible_server, anthropic,
                   gemini) {
    for (bool stream : {false, true}) {
        INFO("stream " << stream);
        const auto plain = url_for<TestType>(config_for<TestType>("http://h:8080/v1"), stream);
        const auto with_query = url_for<TestType>(config_for<TestType>("http://h:8080/v1?tenant=a&x=%2F"), stream);
        INFO(plain << " / " << with_query);
        CHECK(detail::without_query(with_query) == detail::without_query(plain));  // the endpoint path is whole
        const auto query = std::string(query_of(with_query));
        CHECK(query.starts_with("tenant=a&x=%2F"));
        if (!query_of(plain).empty()) CHECK(query == "tenant=a&x=%2F&" + std::string(query_of(plain)));
        else CHECK(query == "tenant=a&x=%2F");
        CHECK(detail::parse_url(with_query));
    }
}

TEST_CASE("the request targets with a base URL's query, provider by provider", "[providers][url]") {
    const std::string base = "http://h/v1?tenant=a";
    CHECK(url_for<openai>(config_for<openai>(base), false) == "http://h/v1/chat/completions?tenant=a");
    CHECK(url_for<ollama>(config_for<ollama>("http://h:11434?tenant=a"), false) ==
          "http://h:11434/v1/chat/completions?tenant=a");
    CHECK(url_for<anthropic>(config_for<anthropic>(base), false) == "http://h/v1/messages?tenant=a");
    CHECK(url_for<anthropic>(config_for<anthropic>("http://h?tenant=a"), false) == "http://h/v1/messages?tenant=a");
    CHECK(url_for<gemini>(config_for<gemini>("http://h?tenant=a"), true) ==
          "http://h/v1beta/models/some-model:streamGenerateContent?tenant=a&alt=sse");
    auto cfg = config_for<azure>("https://r.openai.azure.com?tenant=a&api-version=old");
    cfg.api_version = "2025-01-01";
    CHECK(url_for<azure>(cfg, false) ==
          "https://r.openai.azure.com/openai/deployments/some-model/chat/completions?tenant=a&api-version=2025-01-01");
}

TEMPLATE_TEST_CASE("a base URL with a fragment is refused before anything is sent", "[providers][url]", openai, azure,
                   groq, ollama, openai_compatible_server, anthropic, gemini) {
    basic_llm<TestType, scripted_transport> llm{config_for<TestType>("http://h/v1#frag")};
    llm.transport().respond(200, "{}");
    request req;
    req.messages = {message::user("Hello!")};
    auto refused = llm.complete(req);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::invalid_config);
    CHECK_THAT(refused.error().message, Catch::Contains("fragment"));
    CHECK(llm.transport().requests().empty());
}

TEST_CASE("azure: a deployment name cannot leave its path segment", "[providers][azure][url][security]") {
    request req;
    req.messages = {message::user("Hello!")};
    for (const char* deployment : {"dep/../../admin?x=1#frag", "..", "dep\"x", "dep\\x", "dep x", "dep%2F..",
                                   "dep\r\nX-Injected: 1"}) {
        INFO(deployment);
        auto cfg = config_for<azure>("https://r.openai.azure.com");
        cfg.model = std::string("azure/") + deployment;
        auto refused = azure{}.prepare(req, {cfg, {}, false});
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == errc::invalid_config);
        CHECK_THAT(refused.error().message, Catch::Contains("Azure deployment name"));

        cfg.model = "azure/gpt-4o";
        cfg.embedding_model = std::string("azure/") + deployment;
        auto embeddings = azure{}.prepare_embeddings({"text"}, {cfg, {}, false});
        REQUIRE_FALSE(embeddings);
        CHECK(embeddings.error() == errc::invalid_config);
    }
    auto cfg = config_for<azure>("https://r.openai.azure.com");
    cfg.model = "azure/my-gpt-4o_deployment.1";
    CHECK(url_for<azure>(cfg, false) == "https://r.openai.azure.com/openai/deployments/my-gpt-4o_deployment.1/"
                                        "chat/completions?api-version=2024-12-01-preview");
}

TEST_CASE("gemini: model names follow the same path segment rule", "[providers][gemini][url][security]") {
    request req;
    req.messages = {message::user("Hello!")};
    for (const char* model : {"gemini/../files", "gemini/m?key=x", "gemini/m#x", "gemini/..", "gemini/m\\x"}) {
        INFO(model);
        auto cfg = config_for<gemini>("https://g");
        cfg.model = model;
        auto refused = gemini{}.prepare(req, {cfg, {}, false});
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == errc::invalid_config);
        CHECK_THAT(refused.error().message, Catch::Contains("Gemini model name"));
    }
    static_assert(gemini::is_model_name("gemini-2.5-pro"));
    static_assert(!gemini::is_model_name(".."));
}
