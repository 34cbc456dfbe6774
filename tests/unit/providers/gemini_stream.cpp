#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/decode_stream.hpp"
#include "support/fixtures.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

using polyllm_test::decoded;

// Feeds the stream in pieces cut at `cuts`, then finishes it, as basic_llm would.
decoded decode(std::string_view stream, const std::vector<std::size_t>& cuts = {}) {
    return polyllm_test::decode_with(gemini_content::stream_decoder{}, stream, cuts);
}

completion assemble(const std::vector<stream_event>& events) {
    stream_accumulator acc;
    for (const auto& e : events) acc.add(e);
    return acc.take();
}

completion non_streaming(const char* name) {
    llm_config cfg;
    return gemini{}.parse(http_response{200, {}, {}, fixture(name)}, {cfg, {}, false}).value();
}

template <class E>
std::vector<E> only(const std::vector<stream_event>& events) {
    std::vector<E> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
}

}  // namespace

TEST_CASE("gemini stream: text chunks, cumulative usage, the finish reason last", "[gemini][stream]") {
    auto d = decode(fixture("gemini/stream-text.sse"));
    REQUIRE(d.outcome);
    CHECK(std::get<message_start>(d.events.front()) == message_start{"mZ3JaOWfHvOqz7IPmKfRsQg", "gemini-2.5-flash-lite"});
    CHECK(only<text_delta>(d.events) ==
          std::vector<text_delta>{{"Grüße aus Köln — "}, {"日本語も少し 🌸"}, {", and that is all."}});
    CHECK(only<usage_update>(d.events).back() == usage_update{{11, 19}});
    CHECK(only<finish>(d.events) == std::vector<finish>{{finish_reason::stop, "STOP"}});
    CHECK(std::holds_alternative<finish>(d.events.back()));
}

TEST_CASE("gemini stream: the assembled completion equals the non-streaming one", "[gemini][stream]") {
    for (auto [stream, response] :
         {std::pair{"gemini/stream-text.sse", "gemini/response-stream-text.json"},
          std::pair{"gemini/stream-function-calls.sse", "gemini/response-function-calls.json"}}) {
        INFO(stream);
        auto d = decode(fixture(stream));
        REQUIRE(d.outcome);
        CHECK(assemble(d.events) == non_streaming(response));
    }
}

TEST_CASE("gemini stream: function calls arrive whole, each a start, its arguments and an end", "[gemini][stream]") {
    auto d = decode(fixture("gemini/stream-function-calls.sse"));
    REQUIRE(d.outcome);
    const auto starts = only<tool_call_start>(d.events);
    REQUIRE(starts.size() == 3);
    CHECK(starts[0].index == 0);
    CHECK(starts[0].id == "call_q8aHaPb2LZqSz7IP4bCAoAg_0__thought__CiQB0e2Kb2EjY0pHXy8mZpWtK+Ct3yk4Q5xVfQ7HnL0xJ9aA2s8SbgE=");
    CHECK(starts[2] == tool_call_start{2, "call_q8aHaPb2LZqSz7IP4bCAoAg_2", "get_current_time"});
    CHECK(only<tool_call_delta>(d.events) ==
          std::vector<tool_call_delta>{{0, R"({"location":"Paris","unit":"celsius"})"},
                                       {1, R"({"location":"Roma, Città metropolitana"})"},
                                       {2, "{}"}});
    CHECK(only<tool_call_end>(d.events) == std::vector<tool_call_end>{{0}, {1}, {2}});
    CHECK(only<finish>(d.events) == std::vector<finish>{{finish_reason::tool_calls, "STOP"}});
    CHECK(only<reasoning_delta>(d.events).size() == 2);
}

TEST_CASE("gemini stream: every split of every fixture decodes to the same events", "[gemini][stream]") {
    for (const char* name : {"gemini/stream-text.sse", "gemini/stream-function-calls.sse"}) {
        INFO(name);
        const auto stream = fixture(name);
        REQUIRE(decode(stream).outcome);
        polyllm_test::check_every_split(stream, decode);
    }
}

TEST_CASE("gemini stream: a stream that ends before a finishReason was cut short", "[gemini][stream]") {
    auto d = decode(fixture("gemini/stream-truncated.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::connection);
    CHECK_THAT(d.outcome.error().message, Catch::Contains("finishReason"));
    CHECK(assemble(d.events).message.text() == "The answer is 4");

    const auto stream = fixture("gemini/stream-text.sse");
    auto cut_inside = decode(stream.substr(0, stream.size() - 30));
    REQUIRE_FALSE(cut_inside.outcome);
    CHECK_THAT(cut_inside.outcome.error().message, Catch::Contains("inside an event"));

    auto nothing = decode("");
    REQUIRE_FALSE(nothing.outcome);
    CHECK(nothing.outcome.error() == errc::connection);
}

TEST_CASE("gemini stream: an error chunk mid-stream is a classified error", "[gemini][stream]") {
    auto d = decode(fixture("gemini/stream-error-midway.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::service_unavailable);
    CHECK(d.outcome.error().type == "UNAVAILABLE");
    CHECK(assemble(d.events).message.text() == "The answer");
}

TEST_CASE("gemini stream: a blocked prompt and a stream without candidates", "[gemini][stream]") {
    auto blocked = decode(fixture("gemini/stream-blocked.sse"));
    REQUIRE_FALSE(blocked.outcome);
    CHECK(blocked.outcome.error() == errc::content_policy);
    CHECK(blocked.outcome.error().type == "PROHIBITED_CONTENT");

    auto empty = decode(fixture("gemini/stream-no-candidates.sse"));
    REQUIRE_FALSE(empty.outcome);
    CHECK(empty.outcome.error() == errc::no_response);
}

TEST_CASE("gemini stream: malformed data is an error, not a crash or a silent gap", "[gemini][stream]") {
    for (const char* bad : {"data: {not json}\n\n", "data: [1,2]\n\n",
                            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":7}]}}]}\n\n",
                            "data: {\"candidates\":[\"x\"]}\n\n"}) {
        INFO(bad);
        auto d = decode(bad);
        REQUIRE_FALSE(d.outcome);
        CHECK(d.outcome.error() == errc::malformed_response);
    }
}

TEST_CASE("gemini stream: the consumer can stop decoding", "[gemini][stream]") {
    gemini_content::stream_decoder decoder;
    int seen = 0;
    auto fed = decoder.feed(fixture("gemini/stream-function-calls.sse"), [&](stream_event&&) { return ++seen < 4; });
    CHECK(fed);
    CHECK(seen == 4);
}
