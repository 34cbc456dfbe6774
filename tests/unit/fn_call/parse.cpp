#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using fn_call::parse_reply;
using fn_call::reply_end;
using fn_call::written_call;
using fn_call::written_parameter;

TEST_CASE("a reply without a call is all content", "[fn_call][parse]") {
    auto r = parse_reply("The answer is 42.\n");
    REQUIRE(r);
    CHECK(r.value().content == "The answer is 42.\n");
    CHECK_FALSE(r.value().call);
    CHECK(r.value().repairs == fn_call::repaired_nothing);
}

TEST_CASE("the text before the call stays content and the call is read", "[fn_call][parse]") {
    auto r = parse_reply("Let me look first.\n\n<function=execute_bash>\n<parameter=command>ls -la</parameter>\n"
                         "</function>");
    REQUIRE(r);
    CHECK(r.value().content == "Let me look first.");
    REQUIRE(r.value().call);
    CHECK(*r.value().call == written_call{"execute_bash", {{"command", "ls -la"}}});
    CHECK(r.value().repairs == fn_call::repaired_nothing);
}

TEST_CASE("values may span lines; the layout's own line breaks are not part of them", "[fn_call][parse]") {
    auto r = parse_reply(polyllm_test::fixture("fn_call/reply-multiline.txt"));
    REQUIRE(r);
    REQUIRE(r.value().call);
    const auto& params = r.value().call->parameters;
    REQUIRE(params.size() == 4);
    CHECK(params[0] == written_parameter{"command", "str_replace"});
    CHECK(params[1] == written_parameter{"path", "/workspace/app.py"});
    CHECK(params[2] == written_parameter{"old_str", "def index():\n    return str(numbers)"});
    CHECK(params[3] == written_parameter{"new_str", "def index():\n\n    return '<table>' + rows + '</table>'\n"});
    CHECK(r.value().content == "I will switch the page to a table.");
}

TEST_CASE("a call cut by the stop word is closed at the end of the text", "[fn_call][parse][repair]") {
    const std::string call = "<function=execute_bash>\n<parameter=command>pwd</parameter>\n";
    for (const std::string tail : {"", "</", "</func", "</function"}) {
        CAPTURE(tail);
        auto r = parse_reply("Checking.\n" + call + tail);
        REQUIRE(r);
        REQUIRE(r.value().call);
        CHECK(*r.value().call == written_call{"execute_bash", {{"command", "pwd"}}});
        CHECK(r.value().content == "Checking.");
        CHECK((r.value().repairs & fn_call::closed_call) == (tail == "</function" ? 0 : fn_call::closed_call));
    }
}

TEST_CASE("a call cut by the output limit is not repaired", "[fn_call][parse][repair]") {
    const std::string text = "Creating it.\n<function=str_replace_editor>\n<parameter=command>create</parameter>\n"
                             "<parameter=file_text>\nimport os\n";
    auto r = parse_reply(text, reply_end::cut_by_limit);
    REQUIRE(r);
    CHECK_FALSE(r.value().call);
    CHECK(r.value().call_cut_off);
    CHECK(r.value().content == text);
    // Cut inside the function name too.
    auto in_name = parse_reply("x <function=str_rep", reply_end::cut_by_limit);
    REQUIRE(in_name);
    CHECK(in_name.value().call_cut_off);
    // A complete call is read even when the limit was reached right after it.
    auto complete = parse_reply("<function=finish>\n</function>", reply_end::cut_by_limit);
    REQUIRE(complete);
    CHECK(complete.value().call);
}

TEST_CASE("the malformed <parameter=k=v</parameter> form is read as <parameter=k>v</parameter>",
          "[fn_call][parse][repair]") {
    auto r = parse_reply("<function=str_replace_editor>\n<parameter=command=view</parameter>\n"
                         "<parameter=path>/workspace</parameter>\n</function>");
    REQUIRE(r);
    REQUIRE(r.value().call);
    CHECK(*r.value().call == written_call{"str_replace_editor", {{"command", "view"}, {"path", "/workspace"}}});
    CHECK(r.value().repairs == fn_call::parameter_tag_form);
}

TEST_CASE("both repairs at once", "[fn_call][parse][repair]") {
    auto r = parse_reply("<function=str_replace_editor>\n<parameter=command=view</parameter>\n</");
    REQUIRE(r);
    REQUIRE(r.value().call);
    CHECK(*r.value().call == written_call{"str_replace_editor", {{"command", "view"}}});
    CHECK(r.value().repairs == (fn_call::closed_call | fn_call::parameter_tag_form));
}

TEST_CASE("only the first call is read; what follows it is not", "[fn_call][parse]") {
    auto r = parse_reply("<function=execute_bash>\n<parameter=command>ls</parameter>\n</function>\n\n"
                         "EXECUTION RESULT of [execute_bash]:\nfile.txt\n\n<function=finish>\n</function>");
    REQUIRE(r);
    REQUIRE(r.value().call);
    CHECK(*r.value().call == written_call{"execute_bash", {{"command", "ls"}}});
    CHECK(r.value().content.empty());
}

TEST_CASE("a call without parameters, and text between tags", "[fn_call][parse]") {
    auto r = parse_reply("Done.\n<function=finish>\n</function>");
    REQUIRE(r);
    CHECK(*r.value().call == written_call{"finish", {}});
    auto stray = parse_reply("<function=execute_bash>\nhere:\n<parameter=command>ls</parameter> ok\n</function>");
    REQUIRE(stray);
    CHECK(*stray.value().call == written_call{"execute_bash", {{"command", "ls"}}});
}

TEST_CASE("a call that cannot be read is a malformed_call error addressed to the model", "[fn_call][parse]") {
    auto check = [](std::string_view text, std::string_view says) {
        auto r = parse_reply(text);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::malformed_response);
        CHECK(fn_call::call_error_kind_of(r.error()) == fn_call::call_error_kind::malformed_call);
        CHECK_THAT(r.error().message, Catch::Contains(std::string(says)));
    };
    check("<function=execute_bash>\n<parameter=command>ls\n</function>",
          "the parameter `command` is not closed with </parameter>");
    check("<function=>\n</function>", "names no function");
    check("<function=execute_bash\n<parameter=command>ls</parameter>\n</function>", "not closed with `>`");
    check("<function=execute_bash>\n<parameter=command\nls</parameter>\n</function>", "is not closed with `>`");
    check("<function=execute_bash>\n<parameter=>ls</parameter>\n</function>", "a parameter has no name");
}
