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
    return polyllm_test::decode_with(openai_chat::stream_decoder{}, stream, cuts);
}

completion assemble(const std::vector<stream_event>& events) {
    stream_accumulator acc;
    for (const auto& e : events) acc.add(e);
    return acc.take();
}

completion non_streaming(const char* name) {
    llm_config cfg;
    return openai{}.parse(http_response{200, {}, {}, fixture(name)}, {cfg, {}, false}).value();
}

template <class E>
std::vector<E> only(const std::vector<stream_event>& events) {
    std::vector<E> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
}

}  // namespace

TEST_CASE("openai stream: text deltas, finish and the usage-only chunk", "[openai][stream]") {
    auto d = decode(fixture("openai/stream-text.sse"));
    REQUIRE(d.outcome);
    CHECK(std::get<message_start>(d.events.front()) ==
          message_start{"chatcmpl-AyPjQ1q4W8LPAOE6VWX7OoXbDyBq5", "gpt-4o-2024-08-06"});
    auto texts = only<text_delta>(d.events);
    REQUIRE(texts.size() == 10);  // the first delta's empty content is not an event
    CHECK(texts.front().text == "Hello");
    CHECK(texts.back().text == "☀️");
    CHECK(only<finish>(d.events) == std::vector<finish>{{finish_reason::stop, "stop"}});
    CHECK(only<usage_update>(d.events) == std::vector<usage_update>{{{19, 10, 0, std::nullopt, 0}}});
    CHECK(std::holds_alternative<usage_update>(d.events.back()));
}

TEST_CASE("openai stream: the assembled completion equals the non-streaming one", "[openai][stream]") {
    for (auto [stream, response] : {std::pair{"openai/stream-text.sse", "openai/response-stream-text.json"},
                                    std::pair{"openai/stream-tool-calls.sse", "openai/response-stream-tool-calls.json"}}) {
        INFO(stream);
        auto d = decode(fixture(stream));
        REQUIRE(d.outcome);
        CHECK(assemble(d.events) == non_streaming(response));
    }
}

TEST_CASE("openai stream: tool calls by index, arguments in pieces, a late empty name ignored", "[openai][stream]") {
    auto d = decode(fixture("openai/stream-tool-calls.sse"));
    REQUIRE(d.outcome);
    CHECK(only<tool_call_start>(d.events) ==
          std::vector<tool_call_start>{{0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"},
                                       {1, "call_ABXkmPAz7LwLcHb1EbGg0cE9", "get_weather"}});
    CHECK(only<tool_call_end>(d.events) == std::vector<tool_call_end>{{0}, {1}});
    CHECK(only<tool_call_delta>(d.events).size() > 10);
    const auto c = assemble(d.events);
    REQUIRE(c.message.tool_calls.size() == 2);
    CHECK(c.message.tool_calls[1].arguments == R"({"location": "Bogotá, Colombia"})");
    CHECK(c.usage.cache_read_tokens == 64);
    CHECK(c.finish_reason == finish_reason::tool_calls);
}

// Every split of every fixture: tests/unit/reliability/every_split.cpp, for every provider.

TEST_CASE("openai stream: refusals, comments, CRLF framing and unknown fields", "[openai][stream]") {
    auto refusal = decode(fixture("openai/stream-refusal.sse"));
    REQUIRE(refusal.outcome);
    CHECK(assemble(refusal.events).message.refusal == "I'm sorry, I can't help with that.");

    auto odd = decode(fixture("openai/stream-odd-framing.sse"));
    REQUIRE(odd.outcome);
    const auto c = assemble(odd.events);
    CHECK(c.message.text() == "ok");
    CHECK(c.finish_reason == finish_reason::length);
}

TEST_CASE("openai stream: a stream without [DONE] is an error after what arrived", "[openai][stream]") {
    auto d = decode(fixture("openai/stream-truncated.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::connection);
    CHECK_THAT(d.outcome.error().message, Catch::Contains("[DONE]"));
    CHECK(assemble(d.events).message.text() == "The answer is 4");

    const auto stream = fixture("openai/stream-text.sse");
    auto cut_inside = decode(stream.substr(0, stream.size() - 20));
    REQUIRE_FALSE(cut_inside.outcome);
    CHECK_THAT(cut_inside.outcome.error().message, Catch::Contains("inside an event"));
}

TEST_CASE("openai stream: an error event mid-stream is a classified error", "[openai][stream]") {
    auto d = decode(fixture("openai/stream-error-midway.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::server_error);
    CHECK_THAT(d.outcome.error().message, Catch::Contains("The server had an error"));
    CHECK(assemble(d.events).message.text() == "The answer");
}

TEST_CASE("openai stream: malformed data is an error, not a crash or a silent gap", "[openai][stream]") {
    for (const char* bad : {"data: {not json}\n\n", "data: [1,2]\n\n",
                            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":7}}]}\n\n",
                            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":\"x\"}]}}]}\n\n"}) {
        INFO(bad);
        auto d = decode(bad);
        REQUIRE_FALSE(d.outcome);
        CHECK(d.outcome.error() == errc::malformed_response);
    }
}

TEST_CASE("openai stream: the consumer can stop decoding", "[openai][stream]") {
    openai_chat::stream_decoder decoder;
    int seen = 0;
    auto fed = decoder.feed(fixture("openai/stream-text.sse"), [&](stream_event&&) { return ++seen < 3; });
    CHECK(fed);
    CHECK(seen == 3);
}
