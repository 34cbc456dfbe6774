#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fn_call_tools;

namespace {

request with_tools() {
    request r;
    r.messages = {message::system("Be brief."), message::user("Go.")};
    r.tools = fn_call_tools();
    r.tool_choice = tool_choice::automatic();
    r.parallel_tool_calls = false;
    r.temperature = 0.5;
    r.stop = {"\nUSER:"};
    return r;
}

}  // namespace

TEST_CASE("a request in the text form has no tool fields and ends calls with the stop word", "[fn_call][request]") {
    auto text = fn_call::to_text_request(with_tools(), true);
    REQUIRE(text);
    const auto& r = text.value();
    CHECK(r.tools.empty());
    CHECK_FALSE(r.tool_choice);
    CHECK_FALSE(r.parallel_tool_calls);
    CHECK(r.stop == std::vector<std::string>{"\nUSER:", "</function"});
    CHECK(r.temperature == 0.5);  // everything else as it was
    CHECK(r.messages.at(0).text() == "Be brief." + fn_call::system_prompt_suffix(fn_call_tools(),
                                                                                  tool_choice::automatic()));
    // Not twice, and not for a model without stop words.
    auto again = with_tools();
    again.stop.push_back("</function");
    CHECK(fn_call::to_text_request(again, true).value().stop == std::vector<std::string>{"\nUSER:", "</function"});
    CHECK(fn_call::to_text_request(with_tools(), false).value().stop == std::vector<std::string>{"\nUSER:"});
    // Not past four stop sequences: the reply is read correctly without it.
    auto full = with_tools();
    full.stop = {"a", "b", "c", "d"};
    CHECK(fn_call::to_text_request(full, true).value().stop == full.stop);
}

TEST_CASE("which requests need the text form", "[fn_call][request]") {
    request plain;
    plain.messages = {message::user("Hi")};
    CHECK_FALSE(fn_call::needs_text_form(plain));
    CHECK(fn_call::needs_text_form(with_tools()));
    request history = plain;
    history.messages.push_back(message::tool_result("a", "x"));
    CHECK(fn_call::needs_text_form(history));  // tool messages cannot go to such a model as they are
    // Without tools there is no description and no stop word, but the history is still converted.
    auto a = message::assistant("");
    a.tool_calls = {{"a", "execute_bash", R"({"command":"ls"})"}};
    history.messages.insert(history.messages.begin() + 1, a);
    auto text = fn_call::to_text_request(history, true);
    REQUIRE(text);
    CHECK(text.value().stop.empty());
    CHECK(text.value().messages.size() == 3);
    CHECK(text.value().messages[0] == message::user("Hi"));
    CHECK(text.value().messages[2].text() == "EXECUTION RESULT of [execute_bash]:\nx");
}

TEST_CASE("the reader of a reply knows the tools and the next id", "[fn_call][request]") {
    auto r = with_tools();
    auto call = message::assistant("");
    call.tool_calls = {{"toolu_01", "finish", "{}"}};
    r.messages.push_back(call);
    r.messages.push_back(message::tool_result("toolu_01", "ok"));
    auto reader = fn_call::reader_for(r);
    CHECK(reader.read_calls);
    CHECK(reader.call_id == "toolu_02");
    CHECK(reader.tools == r.tools);
    r.tool_choice = tool_choice::none();
    CHECK_FALSE(fn_call::reader_for(r).read_calls);
}
