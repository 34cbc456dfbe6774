#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/decode_stream.hpp"
#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

using polyllm_test::decoded;

// Feeds the stream in pieces cut at `cuts`, then finishes it, as basic_llm would.
decoded decode(std::string_view stream, const std::vector<std::size_t>& cuts = {}) {
    return polyllm_test::decode_with(anthropic_messages::stream_decoder{}, stream, cuts);
}

completion assemble(const std::vector<stream_event>& events) {
    stream_accumulator acc;
    for (const auto& e : events) acc.add(e);
    return acc.take();
}

completion non_streaming(const char* name) {
    llm_config cfg;
    return anthropic{}.parse(http_response{200, {}, {}, fixture(name)}, {cfg, {}, false}).value();
}

template <class E>
std::vector<E> only(const std::vector<stream_event>& events) {
    std::vector<E> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
}

const char* const every_stream[] = {"anthropic/stream-text.sse",         "anthropic/stream-tool-use.sse",
                                    "anthropic/stream-tool-no-args.sse", "anthropic/stream-thinking.sse",
                                    "anthropic/stream-future-events.sse"};

}  // namespace

TEST_CASE("anthropic stream: message_start, text deltas, usage, the stop reason", "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-text.sse"));
    REQUIRE(d.outcome);
    CHECK(std::get<message_start>(d.events.front()) ==
          message_start{"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "claude-sonnet-4-5-20250929"});
    CHECK(only<text_delta>(d.events) == std::vector<text_delta>{{"Hello"}, {"!"}});  // none for the empty start
    CHECK(only<usage_update>(d.events) == std::vector<usage_update>{{{25, 1}}, {{25, 15}}});
    CHECK(only<finish>(d.events) == std::vector<finish>{{finish_reason::stop, "end_turn"}});
}

TEST_CASE("anthropic stream: the assembled completion equals the non-streaming one", "[anthropic][stream]") {
    for (auto [stream, response] :
         {std::pair{"anthropic/stream-text.sse", "anthropic/response-stream-text.json"},
          std::pair{"anthropic/stream-tool-use.sse", "anthropic/response-stream-tool-use.json"},
          std::pair{"anthropic/stream-tool-no-args.sse", "anthropic/response-stream-tool-no-args.json"},
          std::pair{"anthropic/stream-thinking.sse", "anthropic/response-stream-thinking.json"}}) {
        INFO(stream);
        auto d = decode(fixture(stream));
        REQUIRE(d.outcome);
        CHECK(assemble(d.events) == non_streaming(response));
    }
}

TEST_CASE("anthropic stream: tool input from an empty first delta and a ping inside the block", "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-tool-use.sse"));
    REQUIRE(d.outcome);
    CHECK(only<tool_call_start>(d.events) ==
          std::vector<tool_call_start>{{0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"}});
    // The pieces are given out once, whole, when the block stops: the same text a whole response gives.
    CHECK(only<tool_call_delta>(d.events) ==
          std::vector<tool_call_delta>{{0, R"({"location":"San Francisco, CA","unit":"fahrenheit"})"}});
    CHECK(only<tool_call_end>(d.events) == std::vector<tool_call_end>{{0}});
    const auto c = assemble(d.events);
    CHECK(c.message.text() == "Okay, let's check the weather for San Francisco, CA:");
    CHECK(c.finish_reason == finish_reason::tool_calls);
    CHECK(c.usage.completion_tokens == 89);
}

TEST_CASE("anthropic stream: a tool without arguments ends as {}", "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-tool-no-args.sse"));
    REQUIRE(d.outcome);
    const auto c = assemble(d.events);
    REQUIRE(c.message.tool_calls.size() == 1);
    CHECK(c.message.tool_calls[0] == tool_call{"toolu_01VfhVwBTBJtHLtfvf3CgNkG", "get_current_time", "{}"});

    // The same without any input_json_delta at all.
    std::string stream = fixture("anthropic/stream-tool-no-args.sse");
    const std::string empty_delta =
        "event: content_block_delta\n"
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
        "\"partial_json\":\"\"}}\n\n";
    const auto at = stream.find(empty_delta);
    REQUIRE(at != std::string::npos);
    stream.erase(at, empty_delta.size());
    auto without = decode(stream);
    REQUIRE(without.outcome);
    CHECK(assemble(without.events).message.tool_calls[0].arguments == "{}");
}

TEST_CASE("anthropic stream: thinking with its signature, a redacted block, multi-byte text", "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-thinking.sse"));
    REQUIRE(d.outcome);
    const auto reasoning = only<reasoning_delta>(d.events);
    REQUIRE(reasoning.size() == 5);  // three thinking deltas, the signature, the redacted block
    CHECK(reasoning[3].signature == "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds/mUz+0j3rY8ZcQo3ffN0EDm");
    CHECK(reasoning[4].redacted_data == "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj");
    const auto c = assemble(d.events);
    REQUIRE(c.message.content.size() == 3);
    const auto& thinking = std::get<thinking_part>(c.message.content[0]);
    CHECK_THAT(thinking.thinking, Catch::EndsWith("12 231 ✓ — проверено"));
    CHECK_FALSE(thinking.signature.empty());
    CHECK(std::get<thinking_part>(c.message.content[1]).thinking.empty());
    CHECK(c.message.text() == "27 × 453 = **12 231** 🧮 (二十七乘以四百五十三)");
    CHECK(c.usage == usage{18 + 2048, 412, 2048, 0, 371});
}

TEST_CASE("anthropic stream: every split of every fixture decodes to the same events", "[anthropic][stream]") {
    for (const char* name : every_stream) {
        INFO(name);
        const auto stream = fixture(name);
        REQUIRE(decode(stream).outcome);
        polyllm_test::check_every_split(stream, decode);
    }
}

TEST_CASE("anthropic stream: unknown events and deltas, comments, CRLF and events after message_stop",
          "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-future-events.sse"));
    REQUIRE(d.outcome);
    const auto c = assemble(d.events);
    CHECK(c.message.text() == "ok");
    CHECK(c.finish_reason == finish_reason::length);
}

TEST_CASE("anthropic stream: a stream cut before message_stop is an error after what arrived", "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-truncated.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::connection);
    CHECK_THAT(d.outcome.error().message,
               Catch::Contains("the stream ended before its terminal event (message_stop)"));
    CHECK(assemble(d.events).message.text() == "The answer is 4");

    const auto stream = fixture("anthropic/stream-text.sse");
    auto cut_inside = decode(stream.substr(0, stream.size() - 10));
    REQUIRE_FALSE(cut_inside.outcome);
    CHECK_THAT(cut_inside.outcome.error().message, Catch::Contains("inside an event"));

    auto nothing = decode("");
    REQUIRE_FALSE(nothing.outcome);
    CHECK(nothing.outcome.error() == errc::connection);
}

TEST_CASE("anthropic stream: an error event mid-stream is a classified error", "[anthropic][stream]") {
    auto d = decode(fixture("anthropic/stream-error-midway.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::service_unavailable);
    CHECK(d.outcome.error().type == "overloaded_error");
    CHECK(d.outcome.error().message == "Overloaded");
    CHECK(assemble(d.events).message.text() == "The answer");
    CHECK(anthropic{}.should_retry(d.outcome.error()));
}

TEST_CASE("anthropic stream: malformed data is an error, not a crash or a silent gap", "[anthropic][stream]") {
    const std::string start =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\"}}\n\n";
    const std::string tool_start =
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        "\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}\n\n";
    for (const std::string& bad : {
             std::string("event: message_start\ndata: {not json}\n\n"),
             std::string("event: message_start\ndata: [1,2]\n\n"),
             std::string("event: message_start\ndata: {\"type\":\"message_start\"}\n\n"),
             start + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":3,"
                     "\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n",
             start + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":\"0\","
                     "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
             start + tool_start +
                 "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                 "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": \"}}\n\n"
                 "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
             start + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},"
                     "\"usage\":{\"output_tokens\":\"lots\"}}\n\n",
         }) {
        INFO(bad);
        auto d = decode(bad);
        REQUIRE_FALSE(d.outcome);
        CHECK(d.outcome.error() == errc::malformed_response);
    }
    // An unknown event type with data that is not JSON is from the future, not malformed.
    auto future = decode("event: new_kind\ndata: <binary>\n\n" + fixture("anthropic/stream-text.sse"));
    CHECK(future.outcome);
}

TEST_CASE("anthropic stream: the consumer can stop decoding", "[anthropic][stream]") {
    anthropic_messages::stream_decoder decoder;
    int seen = 0;
    auto fed = decoder.feed(fixture("anthropic/stream-tool-use.sse"), [&](stream_event&&) { return ++seen < 3; });
    CHECK(fed);
    CHECK(seen == 3);
    CHECK_FALSE(decoder.done());
}

TEST_CASE("stream_accumulator keeps signed and redacted thinking blocks apart", "[anthropic][stream]") {
    stream_accumulator acc;
    for (const stream_event& e : std::vector<stream_event>{
             reasoning_delta{"first ", ""},
             reasoning_delta{"block", ""},
             reasoning_delta{"", "sig-1"},
             reasoning_delta{"second block", ""},  // after a signature: the next block
             reasoning_delta{"", "sig-2"},
             reasoning_delta{{}, {}, "redacted-1"},
             reasoning_delta{{}, {}, "redacted-2"},  // a redacted block is always a block of its own
             reasoning_delta{"third", ""},
             text_delta{"answer"},
         })
        acc.add(e);
    const auto c = acc.take();
    REQUIRE(c.message.content.size() == 6);
    CHECK(std::get<thinking_part>(c.message.content[0]) == thinking_part{"first block", "sig-1", {}});
    CHECK(std::get<thinking_part>(c.message.content[1]) == thinking_part{"second block", "sig-2", {}});
    CHECK(std::get<thinking_part>(c.message.content[2]) == thinking_part{{}, {}, "redacted-1"});
    CHECK(std::get<thinking_part>(c.message.content[3]) == thinking_part{{}, {}, "redacted-2"});
    CHECK(std::get<thinking_part>(c.message.content[4]) == thinking_part{"third", {}, {}});
    CHECK(std::get<text_part>(c.message.content[5]).text == "answer");
}
