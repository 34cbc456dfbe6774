// Prompt-based tool calling through basic_llm: what is sent to a model without function calling, and the
// standard tool calls the caller gets back, for complete and for stream.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::args_of;
using polyllm_test::fixture;
using polyllm_test::fn_call_tools;

namespace {

using test_llm = basic_llm<openai, scripted_transport>;

test_llm make_llm(std::string model, void (*adjust)(llm_config&) = nullptr) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.api_key = "sk-fncall-test";
    if (adjust) adjust(cfg);
    test_llm llm{cfg};
    llm.retry_policy().jitter = 0;
    return llm;
}

request agent_request() {
    request r;
    r.messages = {message::system("You are a careful engineer."), message::user("What is in /workspace?")};
    r.tools = fn_call_tools();
    return r;
}

nlohmann::json sent_body(test_llm& llm, std::size_t i = 0) {
    return nlohmann::json::parse(llm.transport().requests().at(i).body);
}

void check_text_form(const nlohmann::json& body, bool with_stop_word) {
    CHECK_FALSE(body.contains("tools"));
    CHECK_FALSE(body.contains("tool_choice"));
    CHECK_FALSE(body.contains("parallel_tool_calls"));
    CHECK(body["messages"][0]["role"] == "system");
    CHECK(body["messages"][0]["content"] ==
          "You are a careful engineer." + fn_call::system_prompt_suffix(fn_call_tools()));
    if (with_stop_word) CHECK(body["stop"] == nlohmann::json{"</function"});
    else CHECK_FALSE(body.contains("stop"));
}

void check_call(const completion& c) {
    CHECK(c.message.text() == "I'll look at the directory first.");
    REQUIRE(c.message.tool_calls.size() == 1);
    CHECK(c.message.tool_calls[0].id == "toolu_01");
    CHECK(c.message.tool_calls[0].name == "execute_bash");
    CHECK(args_of(c.message.tool_calls[0]) == nlohmann::json{{"command", "ls -la /workspace"}, {"timeout", 30}});
    CHECK(c.finish_reason == finish_reason::tool_calls);
    CHECK(c.finish_reason_raw == "stop");
}

}  // namespace

TEST_CASE("a model without function calling gets the tools in its prompt and returns standard calls",
          "[fn_call][basic_llm]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    check_call(c.value());
    CHECK(c.value().usage.completion_tokens == 41);
    check_text_form(sent_body(llm), true);
}

TEST_CASE("the configuration decides over the tables", "[fn_call][basic_llm]") {
    SECTION("native_tool_calling = false on a model with function calling") {
        auto llm = make_llm("gpt-4o", [](llm_config& c) { c.native_tool_calling = false; });
        llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
        auto c = llm.complete(agent_request());
        REQUIRE(c);
        check_call(c.value());
        check_text_form(sent_body(llm), true);
    }
    SECTION("native_tool_calling = true on a model without") {
        auto llm = make_llm("gpt-3.5-turbo-instruct", [](llm_config& c) { c.native_tool_calling = true; });
        llm.transport().respond(200, fixture("openai/response-tool-calls.json"));
        auto c = llm.complete(agent_request());
        REQUIRE(c);
        CHECK(sent_body(llm)["tools"].size() == fn_call_tools().size());
        CHECK(sent_body(llm)["messages"][0]["content"] == "You are a careful engineer.");
    }
    SECTION("disable_stop_word: no stop word") {
        auto llm = make_llm("gpt-3.5-turbo-instruct", [](llm_config& c) { c.disable_stop_word = true; });
        llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
        REQUIRE(llm.complete(agent_request()));
        check_text_form(sent_body(llm), false);
    }
}

TEST_CASE("a model with function calling gets the tools natively", "[fn_call][basic_llm]") {
    auto llm = make_llm("gpt-4o");
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    const auto body = sent_body(llm);
    CHECK(body["tools"].size() == fn_call_tools().size());
    CHECK(body["messages"][0]["content"] == "You are a careful engineer.");
    CHECK_FALSE(body.contains("stop"));
    // Its reply is not read for text calls.
    CHECK(c.value().message.tool_calls.empty());
}

TEST_CASE("a model without stop words gets no stop word", "[fn_call][basic_llm]") {
    auto llm = make_llm("o1-mini");
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    check_call(c.value());  // the missing </function> is supplied
    check_text_form(sent_body(llm), false);
}

TEST_CASE("the next turn sends the call and its result as text", "[fn_call][basic_llm]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto first = llm.complete(agent_request());
    REQUIRE(first);
    auto next = agent_request();
    next.messages.push_back(first.value().message);
    next.messages.push_back(message::tool_result(first.value().message.tool_calls[0].id, "app.py\nREADME.md"));
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto second = llm.complete(next);
    REQUIRE(second);
    const auto messages = sent_body(llm, 1)["messages"];
    REQUIRE(messages.size() == 4);
    CHECK(messages[2] == nlohmann::json{{"role", "assistant"},
                                        {"content", "I'll look at the directory first.\n\n<function=execute_bash>\n"
                                                    "<parameter=command>ls -la /workspace</parameter>\n"
                                                    "<parameter=timeout>30</parameter>\n</function>"}});
    CHECK(messages[3] == nlohmann::json{{"role", "user"},
                                        {"content", "EXECUTION RESULT of [execute_bash]:\napp.py\nREADME.md"}});
    // The second call is numbered after the first.
    CHECK(second.value().message.tool_calls.at(0).id == "toolu_02");
}

TEST_CASE("a call that fails its schema is an error for the model, not retried", "[fn_call][basic_llm]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    llm.transport().respond(200, fixture("fn_call/response-bad-call.json"));
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));  // never reached
    auto c = llm.complete(agent_request());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::malformed_response);
    CHECK(fn_call::call_error_kind_of(c.error()) == fn_call::call_error_kind::invalid_integer);
    CHECK(c.error().message ==
          "The parameter `timeout` of the function `execute_bash` must be an integer, but `a minute` is not one.");
    CHECK(c.error().provider == "openai");
    REQUIRE(c.error().partial);
    CHECK_THAT(c.error().partial->message.text(), Catch::StartsWith("Running it.\n<function=execute_bash>"));
    CHECK(c.error().partial->usage.completion_tokens == 41);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("a plain answer passes unchanged", "[fn_call][basic_llm]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    llm.transport().respond(200, fixture("fn_call/response-plain.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    CHECK(c.value().message.text() == "There is nothing to run: the directory is empty.");
    CHECK(c.value().message.tool_calls.empty());
    CHECK(c.value().finish_reason == finish_reason::stop);
}

TEST_CASE("tool_choice none: the tools are described but the reply is not read", "[fn_call][basic_llm]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto r = agent_request();
    r.tool_choice = tool_choice::none();
    auto c = llm.complete(r);
    REQUIRE(c);
    CHECK(c.value().message.tool_calls.empty());
    CHECK_THAT(sent_body(llm)["messages"][0]["content"].get<std::string>(),
               Catch::EndsWith("- In your next message do not call any function\n</IMPORTANT>\n"));
}

TEST_CASE("a streamed text call reaches the callback as tool call events", "[fn_call][basic_llm][stream]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    const auto sse = fixture("fn_call/stream-text-call.sse");
    std::vector<std::string> pieces;
    for (std::size_t i = 0; i < sse.size(); i += 53) pieces.push_back(sse.substr(i, 53));
    llm.transport().respond_stream(pieces);
    std::string text;
    std::vector<stream_event> calls;
    auto c = llm.stream(agent_request(), [&](const stream_event& e) {
        if (const auto* t = std::get_if<text_delta>(&e)) {
            CHECK(calls.empty());  // text first, then the call
            text += t->text;
        } else if (!std::holds_alternative<message_start>(e) && !std::holds_alternative<usage_update>(e)) {
            calls.push_back(e);
        }
    });
    REQUIRE(c);
    check_call(c.value());
    CHECK(text == "I'll look at the directory first.");
    CHECK(calls == std::vector<stream_event>{tool_call_start{0, "toolu_01", "execute_bash"},
                                             tool_call_delta{0, R"({"command":"ls -la /workspace","timeout":30})"},
                                             tool_call_end{0}, finish{finish_reason::tool_calls, "stop"}});
    check_text_form(sent_body(llm), true);
    CHECK(sent_body(llm)["stream"] == true);
}

TEST_CASE("a streamed call that fails its schema ends in the error, with what arrived", "[fn_call][basic_llm][stream]") {
    auto llm = make_llm("gpt-3.5-turbo-instruct");
    // The bad call of response-bad-call.json, streamed.
    const auto body = nlohmann::json::parse(fixture("fn_call/response-bad-call.json"));
    const std::string content = body["choices"][0]["message"]["content"];
    std::string sse;
    for (std::size_t i = 0; i < content.size(); i += 9)
        sse += "data: " + nlohmann::json{{"id", "s"}, {"model", "m"},
                                         {"choices", {{{"index", 0}, {"delta", {{"content", content.substr(i, 9)}}}}}}}
                              .dump() + "\n\n";
    sse += "data: " + nlohmann::json{{"id", "s"}, {"choices", {{{"index", 0}, {"delta", nlohmann::json::object()},
                                                                 {"finish_reason", "stop"}}}}}.dump() + "\n\n";
    sse += "data: [DONE]\n\n";
    llm.transport().respond_stream({sse});
    std::string text;
    auto c = llm.stream(agent_request(), [&](const stream_event& e) {
        if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
    });
    REQUIRE_FALSE(c);
    CHECK(fn_call::call_error_kind_of(c.error()) == fn_call::call_error_kind::invalid_integer);
    CHECK(text == content);  // delivered as text after all
    REQUIRE(c.error().partial);
    CHECK(c.error().partial->message.text() == content);
}

namespace {

// A provider whose model is fixed at compile time: its features are constants. (gpt-3.5-turbo-instruct is one of
// the OpenAI models without native tool calls, so even the first-party default leaves it the text form.)
struct fixed_instruct : openai {
    using model = static_model<"gpt-3.5-turbo-instruct", openai>;
};
struct fixed_4o : openai {
    using model = static_model<"gpt-4o", openai>;
};

}  // namespace

TEST_CASE("a model fixed at compile time decides with its constant features", "[fn_call][basic_llm]") {
    static_assert(fixed_model_provider<fixed_instruct>);
    static_assert(!fixed_model_provider<openai>);
    static_assert(!fixed_instruct::model::supports<capability::function_calling>);
    static_assert(fixed_4o::model::supports<capability::function_calling>);
    llm_config cfg;
    cfg.model = "gpt-4o";  // the tables are not asked: the type's model decides
    CHECK(fn_call::uses_text_form<fixed_instruct>(cfg));
    CHECK_FALSE(fn_call::uses_text_form<fixed_4o>(cfg));
    cfg.native_tool_calling = true;
    CHECK_FALSE(fn_call::uses_text_form<fixed_instruct>(cfg));
    cfg.native_tool_calling = false;
    CHECK(fn_call::uses_text_form<fixed_4o>(cfg));
    CHECK(fn_call::features_for<fixed_4o>(cfg).function_calling == false);

    cfg.native_tool_calling.reset();
    cfg.api_key = "sk-fixed";
    basic_llm<fixed_instruct, scripted_transport> llm{cfg};
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    check_call(c.value());
    CHECK_FALSE(nlohmann::json::parse(llm.transport().requests().at(0).body).contains("tools"));
}
