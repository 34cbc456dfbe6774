// Gemini provider: prepare (an agent turn with tools, their schemas cleaned -> HTTP request), parse (a response with
// function calls), and stream decoding, beside the floor of nlohmann::json on the same bytes.

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

// A typical agent turn: a system prompt, 19 turns of history with tool calls and results, 5 tools; about 8 KB.
polyllm::request agent_request() {
    polyllm::request r;
    r.messages.push_back(polyllm::message::system(std::string(1500, 's')));
    for (int i = 0; i < 6; ++i) {
        r.messages.push_back(polyllm::message::user("Please look at file number " + std::to_string(i) + " and fix it."));
        polyllm::message call = polyllm::message::assistant("I will read the file first.");
        call.tool_calls = {{"call_r_" + std::to_string(i), "read_file", R"({"path": "src/file.cpp", "lines": [1, 200]})"}};
        r.messages.push_back(call);
        r.messages.push_back(polyllm::message::tool_result("call_r_" + std::to_string(i), std::string(700, 'x')));
    }
    for (int t = 0; t < 5; ++t)
        r.tools.push_back({"tool_" + std::to_string(t), "Does thing number " + std::to_string(t) + " to the workspace.",
                           nlohmann::json::parse(R"({"type": "object", "properties": {"path": {"type": "string",
                               "format": "uri", "default": "."}, "content": {"type": "string"}, "mode": {"type": "string",
                               "enum": ["a", "b"]}}, "required": ["path"], "additionalProperties": false})")});
    return r;
}

polyllm::llm_config config() {
    polyllm::llm_config c;
    c.model = "gemini-2.5-pro";
    c.api_key = "AIza-bench";
    return c;
}

void gemini_prepare(benchmark::State& state) {
    const auto req = agent_request();
    const auto cfg = config();
    const polyllm::gemini provider;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto http = provider.prepare(req, {cfg, {}, false});
        bytes = http.value().body.size();
        benchmark::DoNotOptimize(http);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * bytes));
    state.counters["body_bytes"] = double(bytes);
}
BENCHMARK(gemini_prepare);

void gemini_parse(benchmark::State& state) {
    const polyllm::http_response res{200, "OK", {}, read_fixture("gemini/response-function-calls.json")};
    const auto cfg = config();
    const polyllm::gemini provider;
    for (auto _ : state) benchmark::DoNotOptimize(provider.parse(res, {cfg, {}, false}));
    state.SetBytesProcessed(std::int64_t(state.iterations() * res.body.size()));
}
BENCHMARK(gemini_parse);

void json_floor_gemini_parse(benchmark::State& state) {
    const auto body = read_fixture("gemini/response-function-calls.json");
    for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(body));
    state.SetBytesProcessed(std::int64_t(state.iterations() * body.size()));
}
BENCHMARK(json_floor_gemini_parse);

// About 1 MiB of a real-shaped stream: the text fixture's middle chunk repeated before the final one.
const std::string& one_mib_stream() {
    static const std::string stream = [] {
        const auto fixture = read_fixture("gemini/stream-text.sse");
        const auto first_end = fixture.find("\r\n\r\n") + 4;
        const auto second_end = fixture.find("\r\n\r\n", first_end) + 4;
        const auto chunk = fixture.substr(first_end, second_end - first_end);
        std::string middle;
        while (middle.size() < (1u << 20)) middle += chunk;
        return fixture.substr(0, first_end) + middle + fixture.substr(second_end);
    }();
    return stream;
}

void gemini_stream_decode(benchmark::State& state) {
    const auto& stream = one_mib_stream();
    for (auto _ : state) {
        polyllm::gemini_content::stream_decoder decoder;
        polyllm::stream_accumulator accumulator;
        for (std::size_t i = 0; i < stream.size(); i += 16 * 1024)
            (void)decoder.feed(std::string_view(stream).substr(i, 16 * 1024), [&](polyllm::stream_event&& e) {
                accumulator.add(e);
                return true;
            });
        benchmark::DoNotOptimize(decoder.finish());
        benchmark::DoNotOptimize(accumulator.take());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}
BENCHMARK(gemini_stream_decode);

void json_floor_gemini_stream_payloads(benchmark::State& state) {
    const auto& stream = one_mib_stream();
    std::vector<std::string> payloads;
    polyllm::detail::sse_parser parser;
    parser.feed(stream, [&](const polyllm::detail::sse_event& e) { payloads.emplace_back(e.data); });
    for (auto _ : state)
        for (const auto& p : payloads) benchmark::DoNotOptimize(nlohmann::json::parse(p));
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}
BENCHMARK(json_floor_gemini_stream_payloads);

}  // namespace

BENCHMARK_MAIN();
