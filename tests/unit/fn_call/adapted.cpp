// fn_call::adapted<P>: hygiene and text-form tool calling as a provider wrapping a provider, usable on its own and
// as basic_llm's provider.
#include <polyllm/fn_call/adapted.hpp>
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <type_traits>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fn_call_tools;

// It is what it wraps: a provider, streaming and embedding exactly when the wrapped one is.
static_assert(Provider<fn_call::adapted<openai>>);
static_assert(StreamingProvider<fn_call::adapted<openai>>);
static_assert(EmbeddingProvider<fn_call::adapted<openai>>);
static_assert(StreamingProvider<fn_call::adapted<anthropic>>);
static_assert(!EmbeddingProvider<fn_call::adapted<anthropic>>);
static_assert(EmbeddingProvider<openai> && !EmbeddingProvider<anthropic>);
// Adapted once, however often it is asked for.
static_assert(std::is_same_v<fn_call::adapted_t<openai>, fn_call::adapted<openai>>);
static_assert(std::is_same_v<fn_call::adapted_t<fn_call::adapted<openai>>, fn_call::adapted<openai>>);
// The optional members the model tables and basic_llm look for are passed on, and only those P has.
static_assert(fn_call::adapted<openai>::api_key_env == openai::api_key_env);
static_assert(fn_call::adapted<openai>::request_id_header == openai::request_id_header);
static_assert(fn_call::adapted<openai>::name == openai::name);
static_assert(has_model_table<anthropic> && has_model_table<fn_call::adapted<anthropic>>);
static_assert(!has_model_table<openai> && !has_model_table<fn_call::adapted<openai>>);

namespace {

request agent_request() {
    request r;
    r.messages = {message::system("You are a careful engineer."), message::user("What is in /workspace?")};
    r.tools = fn_call_tools();
    return r;
}

llm_config instruct_config() {
    llm_config cfg;
    cfg.model = "gpt-3.5-turbo-instruct";  // no native function calling: tools go in the prompt
    cfg.api_key = "sk-adapted-test";
    return cfg;
}

}  // namespace

TEST_CASE("adapted<P> reads the model tables of P", "[fn_call][adapted]") {
    llm_config cfg;
    cfg.model = "claude-3-5-sonnet-20241022";
    CHECK(effective_model_info<fn_call::adapted<anthropic>>(cfg) == effective_model_info<anthropic>(cfg));
    CHECK(effective_model_info<fn_call::adapted<anthropic>>(cfg).input_cost_per_token.has_value());
    CHECK(effective_features<fn_call::adapted<anthropic>>(cfg) == effective_features<anthropic>(cfg));
}

TEST_CASE("adapted<P> prepares the text form and parses the call back for the request it answers",
          "[fn_call][adapted]") {
    const fn_call::adapted<openai> p{};
    const auto cfg = instruct_config();
    const openai::options options;
    const auto req = agent_request();

    auto http = p.prepare(req, call_context<openai::options>{cfg, options, false});
    REQUIRE(http);
    const auto body = nlohmann::json::parse(http.value().body);
    CHECK_FALSE(body.contains("tools"));
    CHECK(body["messages"][0]["content"] ==
          "You are a careful engineer." + fn_call::system_prompt_suffix(fn_call_tools()));
    // The wrapped provider alone sends the tools natively.
    auto native = openai{}.prepare(req, call_context<openai::options>{cfg, options, false});
    REQUIRE(native);
    CHECK(nlohmann::json::parse(native.value().body).contains("tools"));

    http_response res;
    res.status = 200;
    res.body = fixture("fn_call/response-text-call.json");
    // Without the request, the reply is read as the wrapped provider reads it: text.
    auto alone = p.parse(res, call_context<openai::options>{cfg, options, false});
    REQUIRE(alone);
    CHECK(alone.value().message.tool_calls.empty());
    // With it, the text call is a standard tool call.
    auto answered = p.parse(res, call_context<openai::options>{cfg, options, false, &req});
    REQUIRE(answered);
    REQUIRE(answered.value().message.tool_calls.size() == 1);
    CHECK(answered.value().message.tool_calls[0].name == "execute_bash");
    CHECK(answered.value().finish_reason == finish_reason::tool_calls);
}

TEST_CASE("basic_llm over an adapted provider is a basic_llm that adapts once", "[fn_call][adapted][basic_llm]") {
    basic_llm<fn_call::adapted<openai>, scripted_transport> llm{instruct_config()};
    static_assert(std::is_same_v<decltype(llm.provider()), const fn_call::adapted<openai>&>);
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0].name == "execute_bash");
    CHECK(c.value().message.text() == "I'll look at the directory first.");
    const auto body = nlohmann::json::parse(llm.transport().requests().at(0).body);
    CHECK_FALSE(body.contains("tools"));
    // Adapted once: the tool descriptions are in the system prompt once, not twice.
    const std::string system = body["messages"][0]["content"];
    const auto suffix = fn_call::system_prompt_suffix(fn_call_tools());
    CHECK(system == "You are a careful engineer." + suffix);
}

TEST_CASE("basic_llm over an adapted provider streams text calls as tool call events",
          "[fn_call][adapted][basic_llm][stream]") {
    basic_llm<fn_call::adapted<openai>, scripted_transport> llm{instruct_config()};
    llm.transport().respond_stream({fixture("fn_call/stream-text-call.sse")});
    int starts = 0;
    auto c = llm.stream(agent_request(), [&](const stream_event& e) { starts += std::holds_alternative<tool_call_start>(e); });
    REQUIRE(c);
    CHECK(starts == 1);
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0].name == "execute_bash");
}
