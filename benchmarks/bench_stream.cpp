// Streaming: SSE framing throughput, and OpenAI stream decoding (SSE in, normalized events out) beside the floor
// of parsing the same JSON payloads with nlohmann::json alone.

#include <polyllm/polyllm.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_fixture(const char* name) {
    std::ifstream in(std::string(POLYLLM_FIXTURES_DIR) + "/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// About 1 MiB of a real-shaped text stream: the fixture's chunks repeated, [DONE] once at the end.
const std::string& one_mib_stream() {
    static const std::string stream = [] {
        const auto fixture = read_fixture("openai/stream-text.sse");
        const auto body = fixture.substr(0, fixture.find("data: [DONE]"));
        std::string out;
        while (out.size() < (1u << 20)) out += body;
        return out + "data: [DONE]\n\n";
    }();
    return stream;
}

// The stream as reads would deliver it.
template <class Feed>
void in_reads(const std::string& stream, std::size_t read_size, Feed&& feed) {
    for (std::size_t i = 0; i < stream.size(); i += read_size)
        feed(std::string_view(stream).substr(i, read_size));
}

void sse_framing(benchmark::State& state) {
    const auto& stream = one_mib_stream();
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

void openai_stream_decode(benchmark::State& state) {
    const auto& stream = one_mib_stream();
    for (auto _ : state) {
        polyllm::openai_chat::stream_decoder decoder;
        polyllm::stream_accumulator accumulator;
        in_reads(stream, 16 * 1024, [&](std::string_view bytes) {
            (void)decoder.feed(bytes, [&](polyllm::stream_event&& e) {
                accumulator.add(e);
                return true;
            });
        });
        benchmark::DoNotOptimize(decoder.finish());
        benchmark::DoNotOptimize(accumulator.take());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}
BENCHMARK(openai_stream_decode);

// The floor: the same JSON payloads, already framed, parsed by nlohmann::json and nothing else.
void json_floor_stream_payloads(benchmark::State& state) {
    const auto& stream = one_mib_stream();
    std::vector<std::string> payloads;
    polyllm::detail::sse_parser parser;
    parser.feed(stream, [&](const polyllm::detail::sse_event& e) {
        if (e.data != "[DONE]") payloads.emplace_back(e.data);
    });
    for (auto _ : state)
        for (const auto& p : payloads) benchmark::DoNotOptimize(nlohmann::json::parse(p));
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}
BENCHMARK(json_floor_stream_payloads);

}  // namespace

BENCHMARK_MAIN();
