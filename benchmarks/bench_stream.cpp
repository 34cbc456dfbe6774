// Streaming: SSE framing throughput, and each provider's stream decoding (SSE, or Bedrock's binary frames, in, normalized events and the
// assembled completion out) in MB/s, beside the floor of parsing the same JSON payloads with nlohmann::json alone.
//
//     cmake --preset bench && cmake --build --preset bench -j2 --target bench_stream &&
//     build/bench/benchmarks/bench_stream --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "bench_fixtures.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

// About 1 MiB of a real-shaped stream: the bytes [begin, end) of a fixture (one or more delta events) repeated
// between the fixture's head and tail, so that the stream still starts and ends as the provider's does.
std::string one_mib_of(const std::string& fixture, std::size_t begin, std::size_t end) {
    const auto middle = fixture.substr(begin, end - begin);
    std::string out = fixture.substr(0, begin);
    while (out.size() < (1u << 20)) out += middle;
    return out + fixture.substr(begin);
}

const std::string& openai_stream() {
    static const std::string stream = [] {
        const auto fixture = bench::read_fixture("openai/stream-text.sse");
        const auto end = fixture.find("data: [DONE]");
        const auto second = fixture.find("data: ", fixture.find("\n\n") + 2);  // after the role-only first chunk
        return one_mib_of(fixture, second, fixture.rfind("data: ", end - 3));
    }();
    return stream;
}

const std::string& anthropic_stream() {
    static const std::string stream = [] {
        const auto fixture = bench::read_fixture("anthropic/stream-thinking.sse");
        const std::string marker = "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 2";
        const auto at = fixture.find(marker);
        return one_mib_of(fixture, at, fixture.find("\n\n", at) + 2);
    }();
    return stream;
}

const std::string& gemini_stream() {
    static const std::string stream = [] {
        const auto fixture = bench::read_fixture("gemini/stream-text.sse");
        const auto first_end = fixture.find("\r\n\r\n") + 4;
        return one_mib_of(fixture, first_end, fixture.find("\r\n\r\n", first_end) + 4);
    }();
    return stream;
}

// The text deltas of a reasoning model's answer, between its reasoning item and its terminal event.
const std::string& openai_responses_stream() {
    static const std::string stream = [] {
        const auto fixture = bench::read_fixture("openai_responses/stream-reasoning-text.sse");
        const auto at = fixture.find("event: response.output_text.delta\n");
        return one_mib_of(fixture, at, fixture.find("\n\n", at) + 2);
    }();
    return stream;
}

// Bedrock's binary event stream: the fixture's events framed as Bedrock frames them, a text delta repeated.
const std::string& bedrock_stream() {
    static const std::string stream = [] {
        const auto events = nlohmann::json::parse(bench::read_fixture("bedrock/converse_stream.json"));
        auto frame = [](const nlohmann::json& e) {
            auto header = [](std::string name, std::string value) {
                return polyllm::wire::event_stream_header{std::move(name), polyllm::wire::event_stream_type::string,
                                                          0, std::move(value)};
            };
            return polyllm::wire::encode_event_stream_message(
                {{header(":event-type", e["event"]), header(":content-type", "application/json"),
                  header(":message-type", "event")},
                 e["payload"].dump()});
        };
        std::string head, middle, tail;
        for (std::size_t i = 0; i < events.size(); ++i) (i < 4 ? head : tail) += frame(events[i]);
        middle = frame(events[4]);  // contentBlockDelta with text
        return one_mib_of(head + middle + tail, head.size(), head.size() + middle.size());
    }();
    return stream;
}

// The floor for Bedrock: the same JSON payloads, already framed, parsed by nlohmann::json alone.
void floor_bedrock(benchmark::State& state) {
    const auto& stream = bedrock_stream();
    std::vector<std::string> payloads;
    polyllm::wire::event_stream_parser parser;
    (void)parser.feed(stream,
                      [&](const polyllm::wire::event_stream_message_view& m) { payloads.emplace_back(m.payload); });
    for (auto _ : state)
        for (const auto& p : payloads) benchmark::DoNotOptimize(nlohmann::json::parse(p));
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}

// The stream as reads would deliver it.
template <class Feed>
void in_reads(const std::string& stream, std::size_t read_size, Feed&& feed) {
    for (std::size_t i = 0; i < stream.size(); i += read_size) feed(std::string_view(stream).substr(i, read_size));
}

void sse_framing(benchmark::State& state) {
    const auto& stream = openai_stream();
    const auto read_size = std::size_t(state.range(0));
    std::size_t events = 0;
    for (auto _ : state) {
        polyllm::detail::sse_parser parser;
        in_reads(stream, read_size, [&](std::string_view bytes) {
            parser.feed(bytes, [&](const polyllm::detail::sse_event& e) { events += e.data.size() > 0; });
        });
    }
    benchmark::DoNotOptimize(events);
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}
BENCHMARK(sse_framing)->Arg(16 * 1024)->Arg(1024)->Arg(64);

template <class Decoder>
void decode(benchmark::State& state, const std::string& (*stream_of)()) {
    const auto& stream = stream_of();
    for (auto _ : state) {
        Decoder decoder;
        polyllm::stream_accumulator accumulator;
        in_reads(stream, 16 * 1024, [&](std::string_view bytes) {
            (void)decoder.feed(bytes, [&](polyllm::stream_event&& e) {
                accumulator.add(e);
                return true;
            });
        });
        if (!decoder.finish()) state.SkipWithError("the stream did not decode");
        benchmark::DoNotOptimize(accumulator.take());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}

// The floor: the same JSON payloads, already framed, parsed by nlohmann::json and nothing else.
void floor_payloads(benchmark::State& state, const std::string& (*stream_of)()) {
    const auto& stream = stream_of();
    std::vector<std::string> payloads;
    polyllm::detail::sse_parser parser;
    parser.feed(stream, [&](const polyllm::detail::sse_event& e) {
        if (e.data != "[DONE]") payloads.emplace_back(e.data);
    });
    for (auto _ : state)
        for (const auto& p : payloads) benchmark::DoNotOptimize(nlohmann::json::parse(p));
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}

[[maybe_unused]] const bool registered = [] {
    benchmark::RegisterBenchmark("decode/openai", decode<polyllm::openai_chat::stream_decoder>, openai_stream);
    benchmark::RegisterBenchmark("decode/openai/floor", floor_payloads, openai_stream);
    benchmark::RegisterBenchmark("decode/anthropic", decode<polyllm::anthropic_messages::stream_decoder>,
                                 anthropic_stream);
    benchmark::RegisterBenchmark("decode/anthropic/floor", floor_payloads, anthropic_stream);
    benchmark::RegisterBenchmark("decode/gemini", decode<polyllm::gemini_content::stream_decoder>, gemini_stream);
    benchmark::RegisterBenchmark("decode/gemini/floor", floor_payloads, gemini_stream);
    benchmark::RegisterBenchmark("decode/openai_responses", decode<polyllm::openai_responses_api::stream_decoder>,
                                 openai_responses_stream);
    benchmark::RegisterBenchmark("decode/openai_responses/floor", floor_payloads, openai_responses_stream);
    benchmark::RegisterBenchmark("decode/bedrock", decode<polyllm::bedrock_converse::stream_decoder>, bedrock_stream);
    benchmark::RegisterBenchmark("decode/bedrock/floor", floor_bedrock);
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
