// Anthropic provider: prepare (an agent turn with cache breakpoints and thinking -> HTTP request), parse (a whole
// message with tool use), and stream decoding (SSE in, normalized events and the assembled completion out), beside
// the floor of nlohmann::json on the same bytes.

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
        call.tool_calls = {{"toolu_" + std::to_string(i), "read_file", R"({"path": "src/file.cpp", "lines": [1, 200]})"}};
        r.messages.push_back(call);
        r.messages.push_back(polyllm::message::tool_result("toolu_" + std::to_string(i), std::string(700, 'x')));
    }
    for (int t = 0; t < 5; ++t)
        r.tools.push_back({"tool_" + std::to_string(t), "Does thing number " + std::to_string(t) + " to the workspace.",
                           nlohmann::json::parse(R"({"type": "object", "properties": {"path": {"type": "string"},
                               "content": {"type": "string"}, "mode": {"type": "string", "enum": ["a", "b"]}},
                               "required": ["path"]})")});
    r.reasoning_effort = polyllm::reasoning_effort::medium;
    return r;
}

polyllm::llm_config config() {
    polyllm::llm_config c;
    c.model = "claude-sonnet-4-5-20250929";
    c.api_key = "sk-ant-bench";
    return c;
}

// The wire body with caching and thinking on, whatever the model tables say.
void anthropic_body(benchmark::State& state) {
    const auto req = agent_request();
    const auto cfg = config();
    const polyllm::anthropic_messages::model_traits traits{true, true, 64000, std::nullopt};
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto body = polyllm::anthropic_messages::body_json(req, cfg, cfg.model, traits, false);
        auto text = body.value().dump();
        bytes = text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * bytes));
    state.counters["body_bytes"] = double(bytes);
}
BENCHMARK(anthropic_body);

void anthropic_prepare(benchmark::State& state) {
    const auto req = agent_request();
    const auto cfg = config();
    const polyllm::anthropic provider;
    for (auto _ : state) benchmark::DoNotOptimize(provider.prepare(req, {cfg, {}, false}));
}
BENCHMARK(anthropic_prepare);

void anthropic_parse(benchmark::State& state) {
    const polyllm::http_response res{200, "OK", {{"request-id", "req_1"}}, read_fixture("anthropic/response-tool-use.json")};
    const auto cfg = config();
    const polyllm::anthropic provider;
    for (auto _ : state) benchmark::DoNotOptimize(provider.parse(res, {cfg, {}, false}));
    state.SetBytesProcessed(std::int64_t(state.iterations() * res.body.size()));
}
BENCHMARK(anthropic_parse);

void json_floor_anthropic_parse(benchmark::State& state) {
    const auto body = read_fixture("anthropic/response-tool-use.json");
    for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(body));
    state.SetBytesProcessed(std::int64_t(state.iterations() * body.size()));
}
BENCHMARK(json_floor_anthropic_parse);

// About 1 MiB of a real-shaped stream: the thinking fixture with its text delta repeated.
const std::string& one_mib_stream() {
    static const std::string stream = [] {
        const auto fixture = read_fixture("anthropic/stream-thinking.sse");
        const std::string marker = "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 2";
        const auto at = fixture.find(marker);
        const auto end = fixture.find("\n\n", at) + 2;
        const auto delta = fixture.substr(at, end - at);
        std::string middle;
        while (middle.size() < (1u << 20)) middle += delta;
        return fixture.substr(0, at) + middle + fixture.substr(at);
    }();
    return stream;
}

void anthropic_stream_decode(benchmark::State& state) {
    const auto& stream = one_mib_stream();
    for (auto _ : state) {
        polyllm::anthropic_messages::stream_decoder decoder;
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
BENCHMARK(anthropic_stream_decode);

void json_floor_anthropic_stream_payloads(benchmark::State& state) {
    const auto& stream = one_mib_stream();
    std::vector<std::string> payloads;
    polyllm::detail::sse_parser parser;
    parser.feed(stream, [&](const polyllm::detail::sse_event& e) { payloads.emplace_back(e.data); });
    for (auto _ : state)
        for (const auto& p : payloads) benchmark::DoNotOptimize(nlohmann::json::parse(p));
    state.SetBytesProcessed(std::int64_t(state.iterations() * stream.size()));
}
BENCHMARK(json_floor_anthropic_stream_payloads);

}  // namespace

BENCHMARK_MAIN();
