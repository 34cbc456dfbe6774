#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

using namespace polyllm;

TEST_CASE("stream_accumulator builds the completion from events", "[stream]") {
    stream_accumulator acc;
    CHECK(acc.empty());
    for (const stream_event& e : std::vector<stream_event>{
             message_start{"msg_1", "claude-sonnet-4-5"},
             reasoning_delta{"Let me ", ""},
             reasoning_delta{"think.", ""},
             reasoning_delta{"", "sig-1"},
             text_delta{"Calling "},
             text_delta{"two tools."},
             tool_call_start{1, "call_b", "second"},
             tool_call_start{0, "call_a", "first"},
             tool_call_delta{0, "{\"x\":"},
             tool_call_delta{1, "{}"},
             tool_call_delta{0, "1}"},
             tool_call_start{0, "", ""},  // a repeated header with empty values changes nothing
             tool_call_end{0},
             tool_call_end{1},
             usage_update{{10, 1, 0, 0, 0}},
             usage_update{{10, 20, 4, 2, 3}},
             finish{finish_reason::tool_calls, "tool_use"},
         })
        acc.add(e);
    CHECK_FALSE(acc.empty());
    const completion c = acc.take();
    CHECK(c.id == "msg_1");
    CHECK(c.model == "claude-sonnet-4-5");
    REQUIRE(c.message.content.size() == 2);
    CHECK(std::get<thinking_part>(c.message.content[0]) == thinking_part{"Let me think.", "sig-1", {}});
    CHECK(std::get<text_part>(c.message.content[1]).text == "Calling two tools.");
    CHECK(c.message.tool_calls == std::vector<tool_call>{{"call_a", "first", "{\"x\":1}"}, {"call_b", "second", "{}"}});
    CHECK(c.usage == usage{10, 20, 4, 2, 3});  // the last report wins: providers report cumulatively
    CHECK(c.finish_reason == finish_reason::tool_calls);
    CHECK(c.finish_reason_raw == "tool_use");
    CHECK(acc.empty());  // take() leaves it ready for another stream
}

TEST_CASE("stream_accumulator keeps text and reasoning parts in arrival order", "[stream]") {
    stream_accumulator acc;
    acc.add(text_delta{"a"});
    acc.add(reasoning_delta{"r", ""});
    acc.add(text_delta{"b"});
    acc.add(refusal_delta{"no"});
    const auto c = acc.take();
    REQUIRE(c.message.content.size() == 3);
    CHECK(std::get<text_part>(c.message.content[0]).text == "a");
    CHECK(std::get<thinking_part>(c.message.content[1]).thinking == "r");
    CHECK(std::get<text_part>(c.message.content[2]).text == "b");
    CHECK(c.message.refusal == "no");
    CHECK(c.message.role == role::assistant);
}
