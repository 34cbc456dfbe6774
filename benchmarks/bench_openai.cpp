// OpenAI provider: prepare (request -> HTTP request with serialized body) and parse (HTTP response -> completion),
// beside the floor of the JSON library itself on the same bodies.

#include <polyllm/polyllm.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

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
        call.tool_calls = {{"call_" + std::to_string(i), "read_file", R"({"path": "src/file.cpp", "lines": [1, 200]})"}};
        r.messages.push_back(call);
        r.messages.push_back(polyllm::message::tool_result("call_" + std::to_string(i), std::string(700, 'x')));
    }
    for (int t = 0; t < 5; ++t)
        r.tools.push_back({"tool_" + std::to_string(t), "Does thing number " + std::to_string(t) + " to the workspace.",
                           nlohmann::json::parse(R"({"type": "object", "properties": {"path": {"type": "string"},
                               "content": {"type": "string"}, "mode": {"type": "string", "enum": ["a", "b"]}},
                               "required": ["path"]})")});
    return r;
}

polyllm::llm_config config() {
    polyllm::llm_config c;
    c.model = "gpt-4o";
    c.api_key = "sk-bench";
    return c;
}

void openai_prepare(benchmark::State& state) {
    const auto req = agent_request();
    const auto cfg = config();
    const polyllm::openai provider;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto http = provider.prepare(req, {cfg, {}, false});
        bytes = http.value().body.size();
        benchmark::DoNotOptimize(http);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * bytes));
    state.counters["body_bytes"] = double(bytes);
}
BENCHMARK(openai_prepare);

void json_floor_dump(benchmark::State& state) {
    const auto cfg = config();
    const auto body = nlohmann::json::parse(polyllm::openai{}.prepare(agent_request(), {cfg, {}, false}).value().body);
    for (auto _ : state) benchmark::DoNotOptimize(body.dump());
}
BENCHMARK(json_floor_dump);

void openai_parse(benchmark::State& state) {
    const polyllm::http_response res{200, "OK", {{"x-request-id", "req_1"}}, read_fixture("openai/response-tool-calls.json")};
    const auto cfg = config();
    const polyllm::openai provider;
    for (auto _ : state) benchmark::DoNotOptimize(provider.parse(res, {cfg, {}, false}));
    state.SetBytesProcessed(std::int64_t(state.iterations() * res.body.size()));
}
BENCHMARK(openai_parse);

void json_floor_parse(benchmark::State& state) {
    const auto body = read_fixture("openai/response-tool-calls.json");
    for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(body));
    state.SetBytesProcessed(std::int64_t(state.iterations() * body.size()));
}
BENCHMARK(json_floor_parse);

}  // namespace

BENCHMARK_MAIN();
