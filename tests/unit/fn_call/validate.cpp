#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>

using namespace polyllm;
using fn_call::call_error_kind;
using polyllm_test::args_of;
using polyllm_test::fn_call_tools;

namespace {

result<tool_call> read(std::string_view text) {
    auto parsed = fn_call::parse_reply(text);
    if (!parsed) return std::move(parsed).error();
    REQUIRE(parsed.value().call);
    return fn_call::to_tool_call(*parsed.value().call, fn_call_tools(), "toolu_07");
}

void check_error(std::string_view text, call_error_kind kind, std::string_view says) {
    auto call = read(text);
    REQUIRE_FALSE(call);
    CHECK(call.error() == errc::malformed_response);
    CHECK(call.error().type == fn_call::to_string(kind));
    CHECK(fn_call::call_error_kind_of(call.error()) == kind);
    CHECK(call.error().message == says);
}

}  // namespace

TEST_CASE("arguments are typed as the schema says", "[fn_call][validate]") {
    auto call = read("<function=str_replace_editor>\n<parameter=command>view</parameter>\n"
                     "<parameter=path>/w/a.py</parameter>\n<parameter=view_range>[1, 20]</parameter>\n"
                     "<parameter=insert_line> 12 </parameter>\n</function>");
    REQUIRE(call);
    CHECK(call.value().id == "toolu_07");
    CHECK(call.value().name == "str_replace_editor");
    CHECK(args_of(call.value()) ==
          nlohmann::json{{"command", "view"}, {"path", "/w/a.py"}, {"view_range", {1, 20}}, {"insert_line", 12}});
    // In the order written, as compact JSON.
    CHECK(call.value().arguments ==
          R"({"command":"view","path":"/w/a.py","view_range":[1,20],"insert_line":12})");

    auto typed = read("<function=configure>\n<parameter=options>{\"a\": {\"b\": null}}</parameter>\n"
                      "<parameter=verbose>True</parameter>\n<parameter=ratio>0.25</parameter>\n"
                      "<parameter=level>2</parameter>\n</function>");
    REQUIRE(typed);
    CHECK(args_of(typed.value()) ==
          nlohmann::json{{"options", {{"a", {{"b", nullptr}}}}}, {"verbose", true}, {"ratio", 0.25}, {"level", 2}});
}

TEST_CASE("strings stay strings, even when they look like numbers", "[fn_call][validate]") {
    auto call = read("<function=execute_bash>\n<parameter=command>42</parameter>\n"
                     "<parameter=is_input>false</parameter>\n</function>");
    REQUIRE(call);
    CHECK(args_of(call.value()) == nlohmann::json{{"command", "42"}, {"is_input", "false"}});
}

TEST_CASE("a tool whose schema lists no properties takes what it is given, as text", "[fn_call][validate]") {
    std::vector<tool> tools{{"anything", "", {{"type", "object"}}}};
    auto parsed = fn_call::parse_reply("<function=anything>\n<parameter=x>1</parameter>\n</function>");
    auto call = fn_call::to_tool_call(*parsed.value().call, tools, "toolu_01");
    REQUIRE(call);
    CHECK(args_of(call.value()) == nlohmann::json{{"x", "1"}});
}

TEST_CASE("an unknown function", "[fn_call][validate]") {
    check_error("<function=run_bash>\n<parameter=command>ls</parameter>\n</function>",
                call_error_kind::unknown_function,
                "There is no function named `run_bash`. The functions you can call are: execute_bash, "
                "str_replace_editor, configure, finish.");
}

TEST_CASE("a parameter that is not in the schema", "[fn_call][validate]") {
    check_error("<function=execute_bash>\n<parameter=cmd>ls</parameter>\n</function>",
                call_error_kind::unknown_parameter,
                "The function `execute_bash` has no parameter named `cmd`. Its parameters are: command, is_input, "
                "timeout.");
    check_error("<function=finish>\n<parameter=message>done</parameter>\n</function>",
                call_error_kind::unknown_parameter,
                "The function `finish` has no parameter named `message`. It takes no parameters.");
}

TEST_CASE("a parameter given twice", "[fn_call][validate]") {
    check_error("<function=execute_bash>\n<parameter=command>ls</parameter>\n<parameter=command>pwd</parameter>\n"
                "</function>",
                call_error_kind::duplicate_parameter,
                "The parameter `command` of the function `execute_bash` is given more than once; give it once.");
}

TEST_CASE("an integer that does not parse", "[fn_call][validate]") {
    for (const std::string value : {"ten", "1.5", "", "12abc", "99999999999999999999"}) {
        CAPTURE(value);
        check_error("<function=execute_bash>\n<parameter=command>ls</parameter>\n<parameter=timeout>" + value +
                        "</parameter>\n</function>",
                    call_error_kind::invalid_integer,
                    "The parameter `timeout` of the function `execute_bash` must be an integer, but `" + value +
                        "` is not one.");
    }
}

TEST_CASE("an array that is not JSON, or not an array", "[fn_call][validate]") {
    for (const std::string value : {"1, 20", "[1, 20", "{\"a\": 1}"}) {
        CAPTURE(value);
        check_error("<function=str_replace_editor>\n<parameter=command>view</parameter>\n<parameter=path>/a"
                    "</parameter>\n<parameter=view_range>" + value + "</parameter>\n</function>",
                    call_error_kind::invalid_array,
                    "The parameter `view_range` of the function `str_replace_editor` must be a JSON array such as "
                    "[\"a\", \"b\"], but `" + value + "` is not one.");
    }
}

TEST_CASE("numbers, booleans and objects that do not parse", "[fn_call][validate]") {
    check_error("<function=configure>\n<parameter=ratio>half</parameter>\n</function>", call_error_kind::invalid_number,
                "The parameter `ratio` of the function `configure` must be a number, but `half` is not one.");
    check_error("<function=configure>\n<parameter=verbose>yes</parameter>\n</function>",
                call_error_kind::invalid_boolean,
                "The parameter `verbose` of the function `configure` must be true or false, but the value was `yes`.");
    check_error("<function=configure>\n<parameter=options>[1]</parameter>\n</function>",
                call_error_kind::invalid_object,
                "The parameter `options` of the function `configure` must be a JSON object such as {\"key\": "
                "\"value\"}, but `[1]` is not one.");
}

TEST_CASE("a value outside the enum", "[fn_call][validate]") {
    check_error("<function=str_replace_editor>\n<parameter=command>delete</parameter>\n<parameter=path>/a"
                "</parameter>\n</function>",
                call_error_kind::value_not_allowed,
                "The parameter `command` of the function `str_replace_editor` must be one of `view`, `create`, "
                "`str_replace`, `insert`, `undo_edit`, but the value was `delete`.");
    check_error("<function=configure>\n<parameter=level>4</parameter>\n</function>",
                call_error_kind::value_not_allowed,
                "The parameter `level` of the function `configure` must be one of `1`, `2`, `3`, but the value was "
                "`4`.");
    // A string enum value written on lines of its own, or with spaces, is still that value.
    auto call = read("<function=str_replace_editor>\n<parameter=command> view </parameter>\n<parameter=path>/a"
                     "</parameter>\n</function>");
    REQUIRE(call);
    CHECK(args_of(call.value())["command"] == "view");
}

TEST_CASE("a missing required parameter", "[fn_call][validate]") {
    check_error("<function=execute_bash>\n<parameter=timeout>5</parameter>\n</function>",
                call_error_kind::missing_parameter,
                "The function `execute_bash` requires the parameter `command`, which the call does not give.");
    check_error("<function=str_replace_editor>\n</function>", call_error_kind::missing_parameter,
                "The function `str_replace_editor` requires the parameters `command`, `path`, which the call does "
                "not give.");
}

TEST_CASE("a long value is quoted by its start only", "[fn_call][validate]") {
    const std::string value(5000, '7');
    auto call = read("<function=execute_bash>\n<parameter=command>ls</parameter>\n<parameter=timeout>x" + value +
                     "</parameter>\n</function>");
    REQUIRE_FALSE(call);
    CHECK(call.error().message.size() < 300);
    CHECK_THAT(call.error().message, Catch::Contains("...`"));
}
