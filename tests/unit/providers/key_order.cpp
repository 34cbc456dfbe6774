// JSON the user writes (tool schemas, structured-output schemas, extra body fields) reaches every provider in the
// order the user wrote its keys, at every depth. The orders below are deliberately not alphabetical: with
// nlohmann::json (which sorts keys) every check here fails.
#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace polyllm;

namespace {

// Depth 1: zeta, alpha, middle. Depth 2 (inside zeta): yankee, bravo. Depth 3 (array items): delta, charlie.
// Keywords themselves are out of order too (required before type, properties before type).
constexpr std::string_view schema_text = R"({
    "required": ["zeta", "alpha"],
    "properties": {
        "zeta": {
            "properties": {
                "yankee": {"type": "string", "description": "written first"},
                "bravo": {"type": "array", "items": {"properties": {"delta": {"type": "integer"},
                                                                   "charlie": {"type": "boolean"}},
                                                    "type": "object"}}
            },
            "type": "object"
        },
        "alpha": {"type": "string"},
        "middle": {"type": "number"}
    },
    "type": "object"
})";

// Each name appears in the body after the one before it.
void check_in_order(const std::string& body, const std::vector<std::string_view>& names) {
    INFO(body);
    std::size_t at = 0;
    for (auto name : names) {
        const auto quoted = "\"" + std::string(name) + "\"";
        const auto found = body.find(quoted, at);
        INFO("looking for " << quoted << " after offset " << at);
        REQUIRE(found != std::string::npos);
        at = found + quoted.size();
    }
}

request ordered_request() {
    request req;
    req.messages = {message::user("hi")};
    req.tools = {tool{"lookup", "Looks things up.", ordered_json::parse(schema_text)}};
    req.extra = ordered_json::parse(R"({"zz_vendor": {"yy": 1, "bb": 2}, "aa_vendor": true})");
    return req;
}

template <class P>
std::string body_for(const request& req, std::string model, std::string base_url = {}) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-key-order-test";
    cfg.base_url = std::move(base_url);
    auto http = P{}.prepare(req, {cfg, typename P::options{}, false});
    REQUIRE(http);
    return http.value().body;
}

const std::vector<std::string_view> schema_order = {"zeta", "yankee", "bravo", "delta", "charlie", "alpha", "middle"};

}  // namespace

TEST_CASE("ordered_json keeps the user's key order where nlohmann::json would sort it", "[json][key-order]") {
    const auto schema = ordered_json::parse(schema_text);
    CHECK(schema.dump().find("\"required\"") < schema.dump().find("\"type\""));
    CHECK(nlohmann::json(schema).dump().find("\"required\"") > nlohmann::json(schema).dump().find("\"properties\""));
}

TEST_CASE("tool schemas and extra fields keep their key order in every provider's body", "[providers][key-order]") {
    const auto req = ordered_request();
    SECTION("openai") { check_in_order(body_for<openai>(req, "gpt-4o"), schema_order); }
    SECTION("azure") {
        check_in_order(body_for<azure>(req, "azure/dep", "https://r.openai.azure.com"), schema_order);
    }
    SECTION("the compatible family") {
        check_in_order(body_for<groq>(req, "groq/llama-3.3-70b-versatile"), schema_order);
        check_in_order(body_for<mistral>(req, "mistral/mistral-large-latest"), schema_order);
        check_in_order(body_for<hosted_vllm>(req, "hosted_vllm/my-model", "http://127.0.0.1:1/v1"), schema_order);
    }
    SECTION("anthropic input_schema") {
        check_in_order(body_for<anthropic>(req, "claude-3-5-sonnet-20241022"), schema_order);
    }
    SECTION("gemini parameters") { check_in_order(body_for<gemini>(req, "gemini-2.0-flash"), schema_order); }
    SECTION("extra fields, and the objects inside them") {
        for (const auto& body : {body_for<openai>(req, "gpt-4o"), body_for<anthropic>(req, "claude-3-5-sonnet-20241022"),
                                 body_for<gemini>(req, "gemini-2.0-flash")})
            check_in_order(body, {"zz_vendor", "yy", "bb", "aa_vendor"});
    }
}

TEST_CASE("a structured-output schema keeps its key order (reasoning stays before answer)", "[providers][key-order]") {
    request req;
    req.messages = {message::user("hi")};
    req.response_format = response_format::json_schema("answer", ordered_json::parse(R"({
        "type": "object",
        "properties": {"reasoning": {"type": "string"}, "answer": {"type": "string"}},
        "required": ["reasoning", "answer"]})"));
    check_in_order(body_for<openai>(req, "gpt-4o"), {"reasoning", "answer", "reasoning", "answer"});
    check_in_order(body_for<gemini>(req, "gemini-2.0-flash"), {"reasoning", "answer"});
}

TEST_CASE("a request file keeps the key order of its schemas and extra fields", "[json][key-order]") {
    auto req = request_from_json(R"({
        "messages": [{"role": "user", "content": "hi"}],
        "tools": [{"type": "function", "function": {"name": "lookup", "parameters": )" + std::string(schema_text) +
                                 R"(}}],
        "zz_vendor": 1,
        "aa_vendor": 2})");
    REQUIRE(req);
    check_in_order(req.value().tools.at(0).parameters.dump(), schema_order);
    check_in_order(req.value().extra.dump(), {"zz_vendor", "aa_vendor"});
    // and back out through the library's JSON form
    check_in_order(ordered_json(req.value()).dump(), schema_order);
}
