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

TEST_CASE("stream_accumulator refuses what would pass its limits, and everything after", "[stream][limits]") {
    SECTION("bytes") {
        stream_accumulator acc(stream_limits{10, 100});
        CHECK(acc.add(text_delta{"12345"}));
        CHECK(acc.add(reasoning_delta{"123", "45"}));
        CHECK_FALSE(acc.add(text_delta{"x"}));  // 11 bytes
        REQUIRE(acc.exceeded());
        CHECK(*acc.exceeded() == errc::protocol_error);
        CHECK_THAT(acc.exceeded()->message, Catch::Contains("max_stream_bytes"));
        CHECK_FALSE(acc.add(usage_update{}));  // stopped for good
        CHECK(acc.take().message.text() == "12345");
    }
    SECTION("tool calls") {
        stream_accumulator acc(stream_limits{1 << 20, 3});
        for (std::size_t i = 0; i < 3; ++i) CHECK(acc.add(tool_call_start{i, "id", "f"}));
        CHECK(acc.add(tool_call_delta{2, "{}"}));  // an open call goes on
        CHECK_FALSE(acc.add(tool_call_delta{3, "{}"}));
        REQUIRE(acc.exceeded());
        CHECK_THAT(acc.exceeded()->message, Catch::Contains("max_tool_calls"));
        CHECK(acc.take().message.tool_calls.size() == 3);
    }
}

TEST_CASE("stream_accumulator keeps many interleaved tool calls by index", "[stream]") {
    // Calls arrive out of order and interleaved; each delta finds its call by index however many there are.
    constexpr std::size_t n = 5000;
    stream_accumulator acc;
    for (std::size_t i = 0; i < n; ++i) acc.add(tool_call_start{n - 1 - i, "id" + std::to_string(n - 1 - i), "f"});
    for (std::size_t i = 0; i < n; ++i) acc.add(tool_call_delta{(i * 7919) % n, "{"});
    for (std::size_t i = 0; i < n; ++i) acc.add(tool_call_delta{i, "}"});
    const auto partial = acc.current();  // a read in the middle keeps the calls where they are
    acc.add(tool_call_delta{0, " "});
    const auto c = acc.take();
    REQUIRE(c.message.tool_calls.size() == n);
    REQUIRE(partial.message.tool_calls.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
        INFO(i);
        CHECK(c.message.tool_calls[i].id == "id" + std::to_string(i));
        CHECK(c.message.tool_calls[i].arguments == (i == 0 ? "{} " : "{}"));
    }
}
