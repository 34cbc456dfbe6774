#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using nlohmann::json;

namespace {
const std::vector<std::string> two_texts{"The food was delicious and the waiter...", "Second text"};

llm_config embedding_config(std::string model = "gpt-4o") {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-embed";
    cfg.embedding_model = "text-embedding-3-small";
    return cfg;
}
}  // namespace

TEST_CASE("embeddings: OpenAI's request and response", "[embeddings]") {
    const auto cfg = embedding_config();
    auto http = openai{}.prepare_embeddings(two_texts, {cfg, {}, false});
    REQUIRE(http);
    CHECK(http.value().url == "https://api.openai.com/v1/embeddings");
    CHECK(json::parse(http.value().body) == fixture_json("openai/request-embeddings.json"));

    auto e = openai{}.parse_embeddings({200, {}, {{"x-request-id", "req_e"}}, fixture("openai/response-embeddings.json")}, 2,
                                       {cfg, {}, false});
    REQUIRE(e);
    REQUIRE(e.value().vectors.size() == 2);
    CHECK(e.value().vectors[0] == std::vector<float>{0.0023064255f, -0.009327292f, -0.0028842222f});  // by index
    CHECK(e.value().vectors[1] == std::vector<float>{0.25f, -0.5f, 0.125f});
    CHECK(e.value().model == "text-embedding-3-small");
    CHECK(e.value().usage.prompt_tokens == 12);
    CHECK(e.value().request_id == "req_e");
}

TEST_CASE("embeddings: the wrong number of vectors or a broken body is an error", "[embeddings]") {
    const auto cfg = embedding_config();
    auto parse = [&](std::string body, std::size_t count) {
        return openai{}.parse_embeddings({200, {}, {}, std::move(body)}, count, {cfg, {}, false});
    };
    CHECK(parse(fixture("openai/response-embeddings.json"), 3).error() == errc::malformed_response);
    CHECK(parse(R"({"data": [{"index": 0, "embedding": [1]}, {"index": 0, "embedding": [2]}]})", 2).error() ==
          errc::malformed_response);
    CHECK(parse(R"({"data": [{"index": 0, "embedding": "AAAA"}]})", 1).error() == errc::malformed_response);
    CHECK(parse(R"({"data": [{"index": 0, "embedding": []}]})", 1).error() == errc::malformed_response);
    CHECK(parse("not json", 1).error() == errc::malformed_response);
    auto rate = openai{}.parse_embeddings({429, {}, {}, fixture("openai/error-rate-limit.json")}, 1, {cfg, {}, false});
    CHECK(rate.error() == errc::rate_limited);
}

TEST_CASE("embeddings: a model is required and so is something to embed", "[embeddings]") {
    auto cfg = embedding_config();
    CHECK(openai{}.prepare_embeddings({}, {cfg, {}, false}).error() == errc::bad_request);
    cfg.embedding_model.clear();
    auto missing = openai{}.prepare_embeddings(two_texts, {cfg, {}, false});
    CHECK(missing.error() == errc::invalid_config);
    CHECK_THAT(missing.error().message, Catch::Contains("LLM_EMBEDDING_MODEL"));
}

TEST_CASE("embeddings: Azure uses the embedding deployment", "[embeddings][azure]") {
    auto cfg = embedding_config("azure/chat-deployment");
    cfg.base_url = "https://r.openai.azure.com";
    cfg.embedding_deployment_name = "embed-deployment";
    auto http = azure{}.prepare_embeddings(two_texts, {cfg, {}, false});
    REQUIRE(http);
    CHECK(http.value().url ==
          "https://r.openai.azure.com/openai/deployments/embed-deployment/embeddings?api-version=2024-12-01-preview");
    CHECK(http.value().headers.find("api-key") == "sk-embed");
}

TEST_CASE("embeddings through basic_llm, retried like completions", "[embeddings][basic_llm]") {
    basic_llm<openai, scripted_transport> llm{embedding_config()};
    llm.retry_policy().jitter = 0;
    llm.transport()
        .respond(503, fixture("openai/error-overloaded.json"))
        .respond(200, fixture("openai/response-embeddings.json"));
    auto e = llm.embed(two_texts);
    REQUIRE(e);
    CHECK(e.value().vectors.size() == 2);
    CHECK(llm.transport().requests().size() == 2);
    CHECK(llm.transport().waits().size() == 1);
}

TEST_CASE("embeddings are priced at the embedding model's price and recorded in the metrics", "[embeddings][metrics]") {
    auto cfg = embedding_config();
    cfg.input_cost_per_token = 1.0;  // the chat model's price: must not apply to embeddings
    basic_llm<openai, scripted_transport> llm{cfg};
    llm.transport().respond(200, fixture("openai/response-embeddings.json"));
    auto e = llm.embed(two_texts);
    REQUIRE(e);
    REQUIRE(e.value().cost);
    CHECK(*e.value().cost == Approx(12 * 0.02e-6));  // text-embedding-3-small: $0.02 per million tokens
    REQUIRE(llm.metrics().size() == 1);
    CHECK(llm.metrics().last()->model == "text-embedding-3-small");
    CHECK(llm.metrics().last()->usage.prompt_tokens == 12);
    CHECK(llm.metrics().accumulated_cost() == Approx(*e.value().cost));

    auto unknown = embedding_config();
    unknown.embedding_model = "my-embedder";
    basic_llm<openai, scripted_transport> local{unknown};
    local.transport().respond(200, fixture("openai/response-embeddings.json"));
    auto priced = local.embed(two_texts);
    REQUIRE(priced);
    CHECK_FALSE(priced.value().cost);
    CHECK(local.metrics().unknown_costs() == 1);
}
