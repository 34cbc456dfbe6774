// OpenAI-format providers: prepare (request -> HTTP request with its serialized body) and parse (HTTP response ->
// completion) of a typical agent turn, beside the floor of the JSON library itself: nlohmann::json dumping and
// parsing the same bodies. Target: polyllm at most 1.5x the floor.
//
//     cmake --preset bench && cmake --build --preset bench -j2 --target bench_openai &&
//     build/bench/benchmarks/bench_openai --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "bench_fixtures.hpp"

#include <benchmark/benchmark.h>

namespace {

template <class Provider>
void prepare(benchmark::State& state, const char* model) {
    const auto req = bench::agent_request();
    const auto cfg = bench::config(model);
    const Provider provider;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto http = provider.prepare(req, {cfg, {}, false});
        bytes = http.value().body.size();
        benchmark::DoNotOptimize(http);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * bytes));
    state.counters["body_bytes"] = double(bytes);
}
[[maybe_unused]] const bool prepare_registered = [] {
    benchmark::RegisterBenchmark("prepare/openai", prepare<polyllm::openai>, "gpt-4o");
    benchmark::RegisterBenchmark("prepare/azure", prepare<polyllm::azure>, "azure/gpt-4o");
    // Mistral changes its body after it is built (adjust_body), so its body goes through a JSON tree.
    benchmark::RegisterBenchmark("prepare/mistral", prepare<polyllm::mistral>, "mistral-large-latest");
    return true;
}();

// The floor: the same body, already a JSON value, dumped.
void floor_dump(benchmark::State& state) {
    const auto cfg = bench::config("gpt-4o");
    const auto body = nlohmann::json::parse(polyllm::openai{}.prepare(bench::agent_request(), {cfg, {}, false}).value().body);
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto text = body.dump();
        bytes = text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * bytes));
}

template <class Provider>
void parse(benchmark::State& state, const char* fixture) {
    const polyllm::http_response res{200, "OK", {{"x-request-id", "req_1"}}, bench::read_fixture(fixture)};
    const auto cfg = bench::config("gpt-4o");
    const Provider provider;
    for (auto _ : state) benchmark::DoNotOptimize(provider.parse(res, {cfg, {}, false}));
    state.SetBytesProcessed(std::int64_t(state.iterations() * res.body.size()));
}
void floor_parse(benchmark::State& state, const char* fixture) {
    const auto body = bench::read_fixture(fixture);
    for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(body));
    state.SetBytesProcessed(std::int64_t(state.iterations() * body.size()));
}

[[maybe_unused]] const bool parse_registered = [] {
    benchmark::RegisterBenchmark("prepare/floor_dump", floor_dump);
    benchmark::RegisterBenchmark("parse/openai", parse<polyllm::openai>, "bench/openai-response.json");
    benchmark::RegisterBenchmark("parse/floor_parse", floor_parse, "bench/openai-response.json");
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
