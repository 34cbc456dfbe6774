#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace polyllm;

namespace {

message calls(std::vector<tool_call> c) {
    auto m = message::assistant("");
    m.tool_calls = std::move(c);
    return m;
}

void check_refused(const std::vector<message>& messages, std::string_view says) {
    auto r = hygiene::check_tool_pairing(messages);
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::bad_request);
    CHECK(r.error().message == says);
}

}  // namespace

TEST_CASE("calls answered right after their turn pass the pairing check", "[hygiene][pairing]") {
    const std::vector<message> ok{message::user("go"),
                                  calls({{"a", "ls", "{}"}, {"b", "pwd", "{}"}}),
                                  message::tool_result("b", "/"),
                                  message::tool_result("a", "x"),
                                  message::assistant("done"),
                                  calls({{"c", "ls", "{}"}}),
                                  message::tool_result("c", "")};
    CHECK(hygiene::check_tool_pairing(ok));
    CHECK(hygiene::check_tool_pairing(std::vector<message>{}));
}

TEST_CASE("a call without a result is refused, naming the id", "[hygiene][pairing]") {
    check_refused({message::user("go"), calls({{"a", "ls", "{}"}, {"b", "pwd", "{}"}}), message::tool_result("a", "x")},
                  "tool call 'b' (pwd) in messages[1] has no result: add a tool message with tool_call_id 'b' right "
                  "after that assistant turn");
    // A result that comes too late does not count: the providers want it right after the turn.
    check_refused({calls({{"a", "ls", "{}"}}), message::user("wait"), message::tool_result("a", "x")},
                  "tool call 'a' (ls) in messages[0] has no result: add a tool message with tool_call_id 'a' right "
                  "after that assistant turn");
}

TEST_CASE("a result without a call is refused, naming the id", "[hygiene][pairing]") {
    check_refused({message::user("go"), message::tool_result("zz", "x")},
                  "messages[1] is the result of tool call 'zz', but the message before it is not an assistant turn "
                  "that made that call");
    check_refused({calls({{"a", "ls", "{}"}}), message::tool_result("a", "x"), message::tool_result("q", "y")},
                  "messages[2] is the result of tool call 'q', which the assistant turn before it (messages[0]) did "
                  "not make");
}

TEST_CASE("a result given twice, or an id used twice, is refused", "[hygiene][pairing]") {
    check_refused({calls({{"a", "ls", "{}"}}), message::tool_result("a", "x"), message::tool_result("a", "y")},
                  "messages[2] answers tool call 'a' a second time");
    check_refused({calls({{"a", "ls", "{}"}, {"a", "pwd", "{}"}})}, "messages[0] uses the tool call id 'a' twice");
    check_refused({calls({{"", "ls", "{}"}})},
                  "messages[0] has a call of 'ls' without an id; results are matched to calls by id");
}

TEST_CASE("long tool outputs are cut in the middle with a marker", "[hygiene][truncation]") {
    const std::string output = std::string(600, 'a') + std::string(400, 'z');
    const auto cut = hygiene::truncate_middle(output, 100);
    CHECK(cut == std::string(50, 'a') + "\n[... 900 characters cut from the middle of this output ...]\n" +
                     std::string(50, 'z'));
    CHECK(hygiene::truncate_middle(output, 1000) == output);
    CHECK(hygiene::truncate_middle(output, 0) == output);  // 0: no limit
    // Odd limits keep one more character of the end.
    CHECK(hygiene::truncate_middle("abcdefgh", 3) == "a\n[... 5 characters cut from the middle of this output ...]\ngh");
}

TEST_CASE("truncation counts characters, not bytes, and never splits one", "[hygiene][truncation]") {
    std::string output;
    for (int i = 0; i < 10; ++i) output += "ü☀";  // 2 + 3 bytes each
    CHECK(hygiene::truncate_middle(output, 20) == output);
    const auto cut = hygiene::truncate_middle(output, 4);
    CHECK(cut == "ü☀\n[... 16 characters cut from the middle of this output ...]\nü☀");
}

TEST_CASE("only tool outputs are truncated", "[hygiene][truncation]") {
    std::vector<message> messages{message::user(std::string(50, 'u')), message::tool_result("a", std::string(50, 't'))};
    CHECK(hygiene::has_long_tool_output(messages, 10));
    CHECK_FALSE(hygiene::has_long_tool_output(messages, 50));
    CHECK_FALSE(hygiene::has_long_tool_output(messages, 0));
    hygiene::truncate_tool_outputs(messages, 10);
    CHECK(messages[0].text() == std::string(50, 'u'));
    CHECK(messages[1].text() == "ttttt\n[... 40 characters cut from the middle of this output ...]\nttttt");
}

TEST_CASE("a request without messages, or with an empty one, is refused", "[hygiene][empty]") {
    auto none = hygiene::check_not_empty(std::vector<message>{});
    REQUIRE_FALSE(none);
    CHECK(none.error() == errc::bad_request);
    CHECK(none.error().message == "the request has no messages: add at least one user message");

    for (auto empty : {message::user(""), message::user(" \n\t"), message::system(""), message::assistant("")}) {
        auto r = hygiene::check_not_empty(std::vector{message::user("hi"), empty});
        REQUIRE_FALSE(r);
        CHECK(r.error().message ==
              "messages[1] (" + std::string(to_string(empty.role)) + ") is empty: give it text or remove it");
    }
    // What is not empty: an image, reasoning, a call, a refusal, and any tool result.
    auto image = message::user("");
    image.content = {image_part::from_url("https://example.com/a.png")};
    auto refusal = message::assistant("");
    refusal.refusal = "I can't help with that.";
    auto thinking = message::assistant("");
    thinking.content = {thinking_part{{}, {}, "opaque"}};
    CHECK(hygiene::check_not_empty(
        std::vector{image, refusal, thinking, calls({{"a", "ls", "{}"}}), message::tool_result("a", "")}));
}
