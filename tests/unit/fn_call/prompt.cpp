#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fn_call_tools;

TEST_CASE("the system suffix describes every tool in the shared block format", "[fn_call][prompt]") {
    const auto tools = fn_call_tools();
    CHECK(fn_call::system_prompt_suffix(tools) == fixture("fn_call/system-suffix.txt"));
}

TEST_CASE("a tool block numbers the tool and its parameters", "[fn_call][prompt]") {
    const auto tools = fn_call_tools();
    const auto block = fn_call::describe_tool(tools.at(0), 7);
    CHECK(block.starts_with("---- BEGIN FUNCTION #7: execute_bash ----\n"
                            "Description: Run a command in a bash shell and return its output.\n"
                            "Parameters:\n"));
    CHECK(block.ends_with("---- END FUNCTION #7 ----\n"));
    CHECK(block.find("  (1) command (string, required): The command to run.\n") != std::string::npos);
    CHECK(block.find("  (3) timeout (integer, optional): Seconds to wait before giving up.\n") != std::string::npos);
    // Allowed values follow their parameter's line.
    CHECK(block.find("(2) is_input (string, optional): Whether the command is input to a running process.\n"
                     "Allowed values: [`true`, `false`]\n") != std::string::npos);
}

TEST_CASE("a tool block reads types, enums and missing descriptions from the schema", "[fn_call][prompt]") {
    const auto tools = fn_call_tools();
    const auto block = fn_call::describe_tool(tools.at(2), 1);
    CHECK(block.find("(1) level (integer, optional): Log level.\nAllowed values: [`1`, `2`, `3`]\n") !=
          std::string::npos);
    CHECK(block.find("(3) ratio (number, optional)") != std::string::npos);  // ["number", "null"]
    CHECK(block.find("(4) verbose (boolean, optional): (no description)\n") != std::string::npos);

    tool bare{"ping", "", nlohmann::json::object()};
    CHECK(fn_call::describe_tool(bare, 1) == "---- BEGIN FUNCTION #1: ping ----\nParameters: none\n"
                                              "---- END FUNCTION #1 ----\n");
    tool untyped{"echo", "Echo.", {{"properties", {{"text", nlohmann::json::object()}}}}};
    CHECK(fn_call::describe_tool(untyped, 1).find("(1) text (string, optional): (no description)") !=
          std::string::npos);
}

TEST_CASE("the rules say one call per message and reasoning before it", "[fn_call][prompt]") {
    const auto suffix = fn_call::system_prompt_suffix(fn_call_tools());
    CHECK(suffix.find("at most one function call in a message") != std::string::npos);
    CHECK(suffix.find("BEFORE the call, never after it") != std::string::npos);
    CHECK(suffix.find("<function=example_function_name>\n<parameter=example_parameter_1>value_1</parameter>\n") !=
          std::string::npos);
}

TEST_CASE("tool_choice adds a rule for the next message", "[fn_call][prompt]") {
    const auto tools = fn_call_tools();
    const auto automatic = fn_call::system_prompt_suffix(tools, tool_choice::automatic());
    CHECK(automatic == fn_call::system_prompt_suffix(tools));
    CHECK(fn_call::system_prompt_suffix(tools, tool_choice::required())
              .ends_with("- In your next message you must call one of the functions\n</IMPORTANT>\n"));
    CHECK(fn_call::system_prompt_suffix(tools, tool_choice::function("finish"))
              .ends_with("- In your next message you must call the function finish\n</IMPORTANT>\n"));
    CHECK(fn_call::system_prompt_suffix(tools, tool_choice::none())
              .ends_with("- In your next message do not call any function\n</IMPORTANT>\n"));
}

TEST_CASE("a tool result is introduced by its tool's name", "[fn_call][prompt]") {
    CHECK(fn_call::result_prefix("execute_bash") == "EXECUTION RESULT of [execute_bash]:\n");
}
