#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>

using namespace polyllm;
using polyllm_test::args_of;
using polyllm_test::fn_call_tools;

namespace {

completion reply_of(std::string text, finish_reason reason = finish_reason::stop) {
    completion c;
    c.id = "chatcmpl-1";
    c.model = "some-model";
    c.message = message::assistant(std::move(text));
    c.finish_reason = reason;
    c.finish_reason_raw = reason == finish_reason::length ? "length" : "stop";
    c.usage.prompt_tokens = 100;
    c.usage.completion_tokens = 20;
    return c;
}

fn_call::reply_reader reader() { return {fn_call_tools(), "toolu_04", true}; }

}  // namespace

TEST_CASE("a reply with a call becomes a completion with a tool call", "[fn_call][reply]") {
    auto c = reader().restore(reply_of("Let me check.\n<function=execute_bash>\n<parameter=command>ls</parameter>\n"));
    REQUIRE(c);
    CHECK(c.value().message.text() == "Let me check.");
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0] == tool_call{"toolu_04", "execute_bash", R"({"command":"ls"})"});
    CHECK(c.value().finish_reason == finish_reason::tool_calls);
    CHECK(c.value().finish_reason_raw == "stop");
    CHECK(c.value().usage.completion_tokens == 20);  // the rest is kept
    CHECK(c.value().id == "chatcmpl-1");
}

TEST_CASE("a call alone leaves no content", "[fn_call][reply]") {
    auto c = reader().restore(reply_of("<function=finish>\n"));
    REQUIRE(c);
    CHECK(c.value().message.content.empty());
    CHECK(c.value().message.tool_calls.size() == 1);
}

TEST_CASE("a reply without a call is unchanged", "[fn_call][reply]") {
    const auto original = reply_of("Nothing to do.");
    auto c = reader().restore(original);
    REQUIRE(c);
    CHECK(c.value() == original);
}

TEST_CASE("a call cut by the output limit stays text, with finish_reason length", "[fn_call][reply]") {
    const auto original = reply_of("<function=execute_bash>\n<parameter=command>find / -name", finish_reason::length);
    auto c = reader().restore(original);
    REQUIRE(c);
    CHECK(c.value() == original);
}

TEST_CASE("calls are not read when tool_choice was none, nor over native calls", "[fn_call][reply]") {
    auto r = reader();
    r.read_calls = false;
    const auto text = reply_of("<function=finish>\n</function>");
    CHECK(r.restore(text).value() == text);
    auto native = text;
    native.message.tool_calls = {{"call_1", "finish", "{}"}};
    CHECK(reader().restore(native).value() == native);
}

TEST_CASE("a call that fails validation is an error with the reply as it was", "[fn_call][reply]") {
    const auto original = reply_of("<function=execute_bash>\n<parameter=timeout>soon</parameter>\n</function>");
    auto c = reader().restore(original);
    REQUIRE_FALSE(c);
    CHECK(fn_call::call_error_kind_of(c.error()) == fn_call::call_error_kind::invalid_integer);
    REQUIRE(c.error().partial);
    CHECK(*c.error().partial == original);
    auto malformed = reader().restore(reply_of("<function=execute_bash>\n<parameter=command>ls\n</function>"));
    REQUIRE_FALSE(malformed);
    CHECK(fn_call::call_error_kind_of(malformed.error()) == fn_call::call_error_kind::malformed_call);
    CHECK(malformed.error().partial);
}

TEST_CASE("text parts around thinking are replaced by the content", "[fn_call][reply]") {
    auto original = reply_of("");
    original.message.content = {thinking_part{"hmm", "sig", {}}, text_part{"Run it.\n<function=finish>\n"}};
    auto c = reader().restore(original);
    REQUIRE(c);
    REQUIRE(c.value().message.content.size() == 2);
    CHECK(std::get<thinking_part>(c.value().message.content[0]).thinking == "hmm");
    CHECK(std::get<text_part>(c.value().message.content[1]).text == "Run it.");
    CHECK(args_of(c.value().message.tool_calls.at(0)) == nlohmann::json::object());
}
