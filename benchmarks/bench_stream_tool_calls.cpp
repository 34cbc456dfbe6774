// Streamed tool calls: decoding and assembling a stream of N tool calls (OpenAI and Anthropic shapes), the way
// basic_llm does it (decoder -> stream_accumulator). The cost per call must not grow with N: a stream of many calls
// was quadratic (each delta looked its call up by walking all the calls before it). `Complexity` reports the fit.
// Up to 8192 calls: the default max_tool_calls (10,000) refuses more.
//
//     cmake --preset bench && cmake --build --preset bench -j2 --target bench_stream_tool_calls &&
//     nice build/bench/benchmarks/bench_stream_tool_calls

#include <polyllm/polyllm.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

// N calls, each as OpenAI streams one: a first delta with id, name and the start of the arguments, then two more
// argument pieces; then the finish reason and [DONE].
std::string openai_stream(std::size_t calls) {
    std::string out = R"(data: {"id":"chatcmpl-1","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant"}}]})"
                      "\n\n";
    for (std::size_t i = 0; i < calls; ++i) {
        const auto index = std::to_string(i);
        out += R"(data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":)" + index +
               R"(,"id":"call_)" + index +
               R"(","type":"function","function":{"name":"get_weather","arguments":"{\"ci"}}]}}]})"
               "\n\n";
        out += R"(data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":)" + index +
               R"(,"function":{"arguments":"ty\": \"Par"}}]}}]})"
               "\n\n";
        out += R"(data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"tool_calls":[{"index":)" + index +
               R"(,"function":{"arguments":"is\"}"}}]}}]})"
               "\n\n";
    }
    out += R"(data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"
           "\n\ndata: [DONE]\n\n";
    return out;
}

// N tool_use blocks, each as Anthropic streams one: start, two input_json_delta pieces, stop.
std::string anthropic_stream(std::size_t calls) {
    std::string out =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":"
        "\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n";
    for (std::size_t i = 0; i < calls; ++i) {
        const auto index = std::to_string(i);
        out += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index +
               ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_" + index +
               "\",\"name\":\"get_weather\",\"input\":{}}}\n\n";
        out += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index +
               ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}\n\n";
        out += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index +
               ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}\n\n";
        out += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n\n";
    }
    out += "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
           "\"usage\":{\"output_tokens\":100}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    return out;
}

template <class Decoder>
void decode_calls(benchmark::State& state, std::string (*make)(std::size_t)) {
    const auto calls = std::size_t(state.range(0));
    const auto stream = make(calls);
    for (auto _ : state) {
        Decoder decoder;
        polyllm::stream_accumulator accumulator;
        for (std::size_t i = 0; i < stream.size(); i += 16 * 1024)
            (void)decoder.feed(std::string_view(stream).substr(i, 16 * 1024), [&](polyllm::stream_event&& e) {
                accumulator.add(e);
                return true;
            });
        if (!decoder.finish()) state.SkipWithError("the stream did not decode");
        auto c = accumulator.take();
        if (c.message.tool_calls.size() != calls) state.SkipWithError("calls were lost");
        benchmark::DoNotOptimize(c);
    }
    state.SetComplexityN(std::int64_t(calls));
    state.SetItemsProcessed(std::int64_t(state.iterations() * calls));
}

[[maybe_unused]] const bool registered = [] {
    benchmark::RegisterBenchmark("tool_calls/openai", decode_calls<polyllm::openai_chat::stream_decoder>, openai_stream)
        ->RangeMultiplier(2)
        ->Range(1 << 10, 1 << 13)
        ->Unit(benchmark::kMillisecond)
        ->Complexity();
    benchmark::RegisterBenchmark("tool_calls/anthropic", decode_calls<polyllm::anthropic_messages::stream_decoder>,
                                 anthropic_stream)
        ->RangeMultiplier(2)
        ->Range(1 << 10, 1 << 13)
        ->Unit(benchmark::kMillisecond)
        ->Complexity();
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
