#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::args_of;
using polyllm_test::fn_call_tools;

namespace {

tool_call call_of(std::string id, std::string name, const nlohmann::ordered_json& args) {
    return {std::move(id), std::move(name), args.dump()};
}

// Written as text, then read back as a model's reply.
tool_call through_text(const tool_call& call) {
    auto text = fn_call::call_text(call);
    REQUIRE(text);
    auto parsed = fn_call::parse_reply("Some reasoning first.\n\n" + text.value());
    REQUIRE(parsed);
    REQUIRE(parsed.value().call);
    CHECK(parsed.value().content == "Some reasoning first.");
    CHECK(parsed.value().repairs == fn_call::repaired_nothing);
    auto back = fn_call::to_tool_call(*parsed.value().call, fn_call_tools(), call.id);
    REQUIRE(back);
    return back.value();
}

}  // namespace

TEST_CASE("a call is written as text", "[fn_call][call_text]") {
    auto text = fn_call::call_text(call_of("toolu_01", "str_replace_editor",
                                           {{"command", "create"}, {"path", "/w/a.py"}, {"file_text", "a\nb"},
                                            {"view_range", {1, 2}}}));
    REQUIRE(text);
    CHECK(text.value() == "<function=str_replace_editor>\n"
                          "<parameter=command>create</parameter>\n"
                          "<parameter=path>/w/a.py</parameter>\n"
                          "<parameter=file_text>\na\nb\n</parameter>\n"
                          "<parameter=view_range>[1,2]</parameter>\n"
                          "</function>");
    auto bare = fn_call::call_text({"toolu_02", "finish", ""});
    REQUIRE(bare);
    CHECK(bare.value() == "<function=finish>\n</function>");
    auto bad = fn_call::call_text({"call_9", "finish", "[1, 2]"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == errc::bad_request);
    CHECK_THAT(bad.error().message, Catch::Contains("call_9") && Catch::Contains("not a JSON object"));
}

TEST_CASE("single-line values survive the round trip", "[fn_call][roundtrip]") {
    const auto call = call_of("toolu_03", "execute_bash", {{"command", "grep -rn 'a=b' . | head -5 > out.txt"},
                                                           {"timeout", 30}, {"is_input", "false"}});
    auto back = through_text(call);
    CHECK(back.name == call.name);
    CHECK(back.id == call.id);
    CHECK(args_of(back) == args_of(call));
    CHECK(back.arguments == call.arguments);  // same order, same compact form
}

TEST_CASE("multi-line values survive the round trip exactly", "[fn_call][roundtrip]") {
    for (const std::string value : {"line 1\nline 2", "\nstarts with a break", "ends with a break\n",
                                    "\n\nblank lines around\n\n", "  indented\n    more\n", "crlf\r\nline",
                                    "unicode ☀️ ünïcödé\nsecond"}) {
        CAPTURE(value);
        const auto call = call_of("toolu_04", "str_replace_editor",
                                  {{"command", "str_replace"}, {"path", "/w/x"}, {"old_str", value},
                                   {"new_str", value + "!"}});
        auto back = through_text(call);
        CHECK(args_of(back) == args_of(call));
    }
}

TEST_CASE("typed values survive the round trip", "[fn_call][roundtrip]") {
    const auto call = call_of("toolu_05", "configure",
                              {{"options", {{"nested", {{"list", {1, "two", nullptr}}}}}}, {"verbose", false},
                               {"ratio", 0.125}, {"level", 3}});
    CHECK(args_of(through_text(call)) == args_of(call));
}

TEST_CASE("tools -> prompt -> model text -> tool calls", "[fn_call][roundtrip]") {
    const auto tools = fn_call_tools();
    std::vector<message> history{message::system("You are a careful engineer."), message::user("Fix app.py.")};
    auto text_form = fn_call::to_text_messages(history, tools);
    REQUIRE(text_form);
    // The model reads the tools in the system message...
    const auto system = text_form.value().at(0).text();
    CHECK(system.starts_with("You are a careful engineer.\n\nYou can call the functions described below."));
    CHECK(system.find("---- BEGIN FUNCTION #2: str_replace_editor ----") != std::string::npos);
    // ...and answers in the text form, which comes back as a standard call.
    fn_call::reply_reader reader{tools, fn_call::next_call_id(history), true};
    completion reply;
    reply.message = message::assistant(polyllm_test::fixture("fn_call/reply-multiline.txt"));
    reply.finish_reason = finish_reason::stop;
    reply.finish_reason_raw = "stop";
    auto restored = reader.restore(reply);
    REQUIRE(restored);
    const auto& m = restored.value().message;
    CHECK(m.text() == "I will switch the page to a table.");
    REQUIRE(m.tool_calls.size() == 1);
    CHECK(m.tool_calls[0].id == "toolu_01");
    CHECK(m.tool_calls[0].name == "str_replace_editor");
    CHECK(args_of(m.tool_calls[0]) ==
          nlohmann::json{{"command", "str_replace"},
                         {"path", "/workspace/app.py"},
                         {"old_str", "def index():\n    return str(numbers)"},
                         {"new_str", "def index():\n\n    return '<table>' + rows + '</table>'\n"}});
    CHECK(restored.value().finish_reason == finish_reason::tool_calls);
    CHECK(restored.value().finish_reason_raw == "stop");

    // The next turn: the call and its result go back to the model as text, and round trip to the same history.
    history.push_back(m);
    history.push_back(message::tool_result("toolu_01", "The file /workspace/app.py has been edited."));
    auto next = fn_call::to_text_messages(history, tools);
    REQUIRE(next);
    CHECK(next.value().at(2).role == role::assistant);
    CHECK(next.value().at(2).text() == polyllm_test::fixture("fn_call/reply-multiline.txt").substr(
                                           0, polyllm_test::fixture("fn_call/reply-multiline.txt").size() - 1));
    CHECK(next.value().at(3).role == role::user);
    CHECK(next.value().at(3).text() ==
          "EXECUTION RESULT of [str_replace_editor]:\nThe file /workspace/app.py has been edited.");
    auto back = fn_call::from_text_messages(next.value(), tools);
    REQUIRE(back);
    history[3].name = "str_replace_editor";  // the text form names the tool
    CHECK(back.value() == history);
    CHECK(fn_call::next_call_id(history) == "toolu_02");
}
