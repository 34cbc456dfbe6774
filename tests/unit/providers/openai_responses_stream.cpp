#include <polyllm/providers/openai_responses_stream.hpp>
#include <polyllm/providers/openai_responses.hpp>

#include <catch2/catch.hpp>

#include "support/decode_stream.hpp"
#include "support/fixtures.hpp"

#include <string>
#include <string_view>
#include <vector>

// Every split of every fixture: tests/unit/reliability/every_split.cpp, for every provider.

using namespace polyllm;
using polyllm_test::fixture;

namespace {

using polyllm_test::decoded;

// Feeds the stream in pieces cut at `cuts`, then finishes it, as basic_llm would.
decoded decode(std::string_view stream, const std::vector<std::size_t>& cuts = {}) {
    return polyllm_test::decode_with(openai_responses_api::stream_decoder{}, stream, cuts);
}

completion assemble(const std::vector<stream_event>& events) {
    stream_accumulator acc;
    for (const auto& e : events) REQUIRE(acc.add(e));
    return acc.take();
}

completion non_streaming(const char* name) {
    llm_config cfg;
    return openai_responses{}.parse(http_response{200, {}, {}, fixture(name)}, {cfg, {}, false}).value();
}

template <class E>
std::vector<E> only(const std::vector<stream_event>& events) {
    std::vector<E> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
}

}  // namespace

TEST_CASE("openai_responses stream: reasoning summaries and text give the completion a plain call gives",
          "[openai_responses][stream]") {
    const auto d = decode(fixture("openai_responses/stream-reasoning-text.sse"));
    REQUIRE(d.outcome);
    const auto reasoning = only<reasoning_delta>(d.events);
    REQUIRE(reasoning.size() == 5);  // two deltas for each summary part, then the item whole
    CHECK_THAT(reasoning[2].text, Catch::StartsWith("\n\n**Answering**"));  // a new summary part reads apart
    CHECK(reasoning[4].text.empty());
    CHECK_FALSE(reasoning[4].opaque_item.empty());
    CHECK(only<text_delta>(d.events).size() == 3);
    // The same response, parsed whole from the terminal event's object: the same completion, reasoning item included.
    CHECK(assemble(d.events) == non_streaming("openai_responses/response-reasoning-text.json"));
}

TEST_CASE("openai_responses stream: interleaved calls stay apart by output_index", "[openai_responses][stream]") {
    const auto d = decode(fixture("openai_responses/stream-tool-calls-interleaved.sse"));
    REQUIRE(d.outcome);
    const auto starts = only<tool_call_start>(d.events);
    REQUIRE(starts.size() == 2);
    CHECK(starts[0] == tool_call_start{0, "call_Lq3vX8mN2pR5tY7w", "get_weather"});
    CHECK(starts[1] == tool_call_start{1, "call_Bz9kT4sW6hJ1fD3g", "get_weather"});
    CHECK(only<tool_call_delta>(d.events).front() == tool_call_delta{1, R"({"city":)"});  // Tokyo's came first
    CHECK(only<tool_call_end>(d.events).size() == 2);
    const auto c = assemble(d.events);
    CHECK(c == non_streaming("openai_responses/response-reasoning-tool-calls.json"));
    CHECK(c.finish_reason == finish_reason::tool_calls);
}

TEST_CASE("openai_responses stream: a refusal, and an incomplete response ending at the output limit",
          "[openai_responses][stream]") {
    const auto refusal = decode(fixture("openai_responses/stream-refusal.sse"));
    REQUIRE(refusal.outcome);
    CHECK(assemble(refusal.events).message.refusal == "I'm sorry, but I can't help with that.");
    CHECK(assemble(refusal.events) == non_streaming("openai_responses/response-refusal.json"));

    const auto incomplete = decode(fixture("openai_responses/stream-incomplete.sse"));
    REQUIRE(incomplete.outcome);
    const auto c = assemble(incomplete.events);
    CHECK(c.finish_reason == finish_reason::length);
    CHECK(c.message.text() == "The history of the Roman Empire begins");
    CHECK(c.usage.completion_tokens == 16);
}

TEST_CASE("openai_responses stream: response.failed and an error event are classified errors after what arrived",
          "[openai_responses][stream]") {
    const auto failed = decode(fixture("openai_responses/stream-failed.sse"));
    REQUIRE_FALSE(failed.outcome);
    CHECK(failed.outcome.error() == errc::server_error);
    CHECK(failed.outcome.error().message == "The model failed to generate a response.");
    CHECK(assemble(failed.events).message.text() == "Partial");

    const auto error_event = decode(fixture("openai_responses/stream-error.sse"));
    REQUIRE_FALSE(error_event.outcome);
    CHECK(error_event.outcome.error() == errc::rate_limited);
    CHECK_THAT(error_event.outcome.error().message, Catch::Contains("Rate limit reached"));
}

TEST_CASE("openai_responses stream: a stream cut before its terminal event is an error", "[openai_responses][stream]") {
    const auto d = decode(fixture("openai_responses/stream-truncated.sse"));
    REQUIRE_FALSE(d.outcome);
    CHECK(d.outcome.error() == errc::connection);
    CHECK_THAT(d.outcome.error().message, Catch::Contains("response.completed"));
    CHECK(assemble(d.events).message.text() == "The answer is 4");

    const auto nothing = decode("");
    REQUIRE_FALSE(nothing.outcome);
    CHECK(nothing.outcome.error() == errc::connection);
}

TEST_CASE("openai_responses stream: events named only by event:, unknown ones, and arguments given only whole",
          "[openai_responses][stream]") {
    // No `type` in the data: the SSE event name says what it is. The call's arguments arrive only in .done.
    const std::string stream =
        "event: response.created\ndata: {\"response\":{\"id\":\"resp_1\",\"model\":\"gpt-4o\"}}\n\n"
        "event: response.future_thing\ndata: {\"whatever\":true}\n\n"
        "event: response.output_item.added\ndata: {\"output_index\":0,\"item\":{\"type\":\"function_call\","
        "\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}\n\n"
        "event: response.function_call_arguments.done\ndata: {\"item_id\":\"fc_1\",\"arguments\":\"{}\"}\n\n"
        "event: response.output_item.done\ndata: {\"output_index\":0,\"item\":{\"type\":\"function_call\","
        "\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{}\"}}\n\n"
        "event: response.completed\ndata: {\"response\":{\"id\":\"resp_1\",\"status\":\"completed\"}}\n\n";
    const auto d = decode(stream);
    REQUIRE(d.outcome);
    const auto c = assemble(d.events);
    CHECK(c.id == "resp_1");
    REQUIRE(c.message.tool_calls.size() == 1);
    CHECK(c.message.tool_calls[0] == tool_call{"call_1", "f", "{}"});
    CHECK(c.finish_reason == finish_reason::tool_calls);

    const auto malformed = decode("event: response.output_item.added\ndata: {\"item\":{}}\n\n");
    REQUIRE_FALSE(malformed.outcome);
    CHECK(malformed.outcome.error() == errc::malformed_response);
}

TEST_CASE("openai_responses stream: events_of a parsed completion carries the reasoning item back",
          "[openai_responses][stream]") {
    const auto c = non_streaming("openai_responses/response-reasoning-tool-calls.json");
    CHECK(assemble(events_of(c)) == c);
}
