#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fn_call_tools;

namespace {

message assistant_calls(std::string text, std::vector<tool_call> calls) {
    auto m = message::assistant(std::move(text));
    m.tool_calls = std::move(calls);
    return m;
}

}  // namespace

TEST_CASE("several calls in one assistant turn become one turn per call, each with its result",
          "[fn_call][history]") {
    auto turn = assistant_calls("Two things at once.", {{"call_a", "execute_bash", R"({"command":"ls"})"},
                                                         {"call_b", "execute_bash", R"({"command":"pwd"})"}});
    turn.cache = true;
    const std::vector<message> history{
        message::user("Look around."), turn,
        message::tool_result("call_b", "/workspace"),  // results may come in any order
        message::tool_result("call_a", "a.txt"), message::user("Thanks.")};
    const auto split = fn_call::split_parallel_calls(history);
    REQUIRE(split.size() == 6);
    CHECK(split[0] == history[0]);
    CHECK(split[1].text() == "Two things at once.");
    CHECK(split[1].tool_calls == std::vector<tool_call>{history[1].tool_calls[0]});
    CHECK_FALSE(split[1].cache);
    CHECK(split[2] == history[3]);
    CHECK(split[3].content.empty());
    CHECK(split[3].tool_calls == std::vector<tool_call>{history[1].tool_calls[1]});
    CHECK(split[3].cache);  // the breakpoint stays after the turn's last call
    CHECK(split[4] == history[2]);
    CHECK(split[5] == history[4]);
    // Single calls and plain turns are left as they are.
    CHECK(fn_call::split_parallel_calls(split) == split);
}

TEST_CASE("the text form of a conversation", "[fn_call][history]") {
    const auto tools = fn_call_tools();
    const std::vector<message> history{
        message::system("Be brief."),
        message::user("List the files, then say where you are."),
        assistant_calls("", {{"call_a", "execute_bash", R"({"command":"ls"})"},
                             {"call_b", "execute_bash", R"({"command":"pwd","timeout":5})"}}),
        message::tool_result("call_a", "a.txt\nb.txt", "execute_bash"),
        message::tool_result("call_b", "/workspace"),  // no name: taken from the call
        message::assistant("Two files in /workspace."),
    };
    auto text = fn_call::to_text_messages(history, tools);
    REQUIRE(text);
    const auto& m = text.value();
    REQUIRE(m.size() == 7);
    CHECK(m[0].role == role::system);
    CHECK(m[0].text() == "Be brief." + fn_call::system_prompt_suffix(tools));
    CHECK(m[1] == history[1]);
    CHECK(m[2].role == role::assistant);
    CHECK(m[2].tool_calls.empty());
    CHECK(m[2].text() == "<function=execute_bash>\n<parameter=command>ls</parameter>\n</function>");
    CHECK(m[3].role == role::user);
    CHECK(m[3].tool_call_id.empty());
    CHECK(m[3].name.empty());
    CHECK(m[3].text() == "EXECUTION RESULT of [execute_bash]:\na.txt\nb.txt");
    CHECK(m[4].text() ==
          "<function=execute_bash>\n<parameter=command>pwd</parameter>\n<parameter=timeout>5</parameter>\n</function>");
    CHECK(m[5].text() == "EXECUTION RESULT of [execute_bash]:\n/workspace");
    CHECK(m[6] == history[5]);
    for (const auto& each : m) CHECK(each.role != role::tool);
}

TEST_CASE("a conversation without a system message gets one with the tools", "[fn_call][history]") {
    const auto tools = fn_call_tools();
    auto text = fn_call::to_text_messages(std::vector{message::user("Hi")}, tools, tool_choice::required());
    REQUIRE(text);
    REQUIRE(text.value().size() == 2);
    CHECK(text.value()[0].role == role::system);
    CHECK(text.value()[0].text() == fn_call::system_prompt_suffix(tools, tool_choice::required()).substr(2));
    // Reading it back removes it again.
    auto back = fn_call::from_text_messages(text.value(), tools);
    REQUIRE(back);
    CHECK(back.value() == std::vector{message::user("Hi")});
}

TEST_CASE("only the first system message describes the tools", "[fn_call][history]") {
    const auto tools = fn_call_tools();
    auto text = fn_call::to_text_messages(std::vector{message::system("One."), message::system("Two.")}, tools);
    REQUIRE(text);
    CHECK(text.value()[0].text() == "One." + fn_call::system_prompt_suffix(tools));
    CHECK(text.value()[1].text() == "Two.");
}

TEST_CASE("a tool result with an image keeps it after the prefix", "[fn_call][history]") {
    auto result = message::tool_result("call_a", "", "browser");
    result.content = {image_part::from_url("https://example.com/shot.png")};
    auto text = fn_call::to_text_messages(
        std::vector{assistant_calls("", {{"call_a", "browser", "{}"}}), result}, std::vector<tool>{});
    REQUIRE(text);
    const auto& m = text.value().at(1);
    CHECK(m.role == role::user);
    REQUIRE(m.content.size() == 2);
    CHECK(std::get<text_part>(m.content[0]).text == "EXECUTION RESULT of [browser]:\n");
    CHECK(std::holds_alternative<image_part>(m.content[1]));
}

TEST_CASE("a call whose arguments are not an object cannot be written", "[fn_call][history]") {
    auto text = fn_call::to_text_messages(std::vector{assistant_calls("", {{"call_x", "execute_bash", "ls"}})},
                                          fn_call_tools());
    REQUIRE_FALSE(text);
    CHECK(text.error() == errc::bad_request);
    CHECK_THAT(text.error().message, Catch::Contains("call_x"));
}

TEST_CASE("reading a recorded text conversation numbers its calls", "[fn_call][history]") {
    const auto tools = fn_call_tools();
    const std::vector<message> recorded{
        message::user("Go."),
        message::assistant("First.\n<function=execute_bash>\n<parameter=command>ls</parameter>\n</function>"),
        message::user("EXECUTION RESULT of [execute_bash]:\na.txt"),
        message::assistant("<function=finish>\n</"),  // cut by the stop word
        message::user("EXECUTION RESULT of [finish]:\n"),
    };
    auto back = fn_call::from_text_messages(recorded, tools);
    REQUIRE(back);
    const auto& m = back.value();
    CHECK(m[1].text() == "First.");
    CHECK(m[1].tool_calls == std::vector<tool_call>{{"toolu_01", "execute_bash", R"({"command":"ls"})"}});
    CHECK(m[2].role == role::tool);
    CHECK(m[2].tool_call_id == "toolu_01");
    CHECK(m[2].name == "execute_bash");
    CHECK(m[2].text() == "a.txt");
    CHECK(m[3].tool_calls == std::vector<tool_call>{{"toolu_02", "finish", "{}"}});
    CHECK(m[3].content.empty());
    CHECK(m[4].role == role::tool);
    CHECK(m[4].tool_call_id == "toolu_02");

    auto bad = fn_call::from_text_messages(
        std::vector{message::assistant("<function=rm_rf>\n</function>")}, tools);
    REQUIRE_FALSE(bad);
    CHECK(fn_call::call_error_kind_of(bad.error()) == fn_call::call_error_kind::unknown_function);
}

TEST_CASE("call ids count the calls so far and avoid ids in use", "[fn_call][history]") {
    CHECK(fn_call::call_id(1) == "toolu_01");
    CHECK(fn_call::call_id(12) == "toolu_12");
    CHECK(fn_call::call_id(123) == "toolu_123");
    CHECK(fn_call::next_call_id(std::vector<message>{}) == "toolu_01");
    std::vector<message> history{assistant_calls("", {{"toolu_02", "finish", "{}"}}),
                                 message::tool_result("toolu_02", "ok")};
    CHECK(fn_call::next_call_id(history) == "toolu_03");  // toolu_02 is taken
}
