// Per provider: prepare (request -> HTTP request with its serialized body) of a typical agent turn, and parse
// (HTTP response -> completion) of a typical answer, each beside the floor of the JSON library itself:
// nlohmann::json dumping that provider's body, and parsing that provider's response. Target: at most 1.5x the floor.
//
//     cmake --preset bench && cmake --build --preset bench -j2 --target bench_providers &&
//     build/bench/benchmarks/bench_providers --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include "bench_fixtures.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

template <class Provider>
void prepare(benchmark::State& state, std::string model) {
    const auto req = bench::agent_request();
    const auto cfg = bench::config(std::move(model));
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

// The floor: the body the provider prepared, already a JSON value, dumped.
template <class Provider>
void floor_dump(benchmark::State& state, std::string model) {
    const auto cfg = bench::config(std::move(model));
    const auto body = nlohmann::json::parse(Provider{}.prepare(bench::agent_request(), {cfg, {}, false}).value().body);
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto text = body.dump();
        bytes = text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * bytes));
}

template <class Provider>
void parse(benchmark::State& state, std::string model, const char* fixture) {
    const polyllm::http_response res{200, "OK", {{"x-request-id", "req_1"}}, bench::read_fixture(fixture)};
    const auto cfg = bench::config(std::move(model));
    const Provider provider;
    for (auto _ : state) benchmark::DoNotOptimize(provider.parse(res, {cfg, {}, false}));
    state.SetBytesProcessed(std::int64_t(state.iterations() * res.body.size()));
}

void floor_parse(benchmark::State& state, const char* fixture) {
    const auto body = bench::read_fixture(fixture);
    for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(body));
    state.SetBytesProcessed(std::int64_t(state.iterations() * body.size()));
}

template <class Provider>
void add(const std::string& name, const std::string& model, const char* response) {
    benchmark::RegisterBenchmark(("prepare/" + name).c_str(), prepare<Provider>, model);
    benchmark::RegisterBenchmark(("prepare/" + name + "/floor").c_str(), floor_dump<Provider>, model);
    if (!response) return;
    benchmark::RegisterBenchmark(("parse/" + name).c_str(), parse<Provider>, model, response);
    benchmark::RegisterBenchmark(("parse/" + name + "/floor").c_str(), floor_parse, response);
}

[[maybe_unused]] const bool registered = [] {
    add<polyllm::openai>("openai", "gpt-4o", "bench/openai-response.json");
    add<polyllm::azure>("azure", "azure/gpt-4o", nullptr);
    add<polyllm::mistral>("mistral", "mistral-large-latest", nullptr);
    add<polyllm::anthropic>("anthropic", "claude-sonnet-4-5-20250929", "bench/anthropic-response.json");
    add<polyllm::gemini>("gemini", "gemini-2.5-pro", "bench/gemini-response.json");
    add<polyllm::openai_responses>("openai_responses", "openai_responses/o4-mini",
                                   "openai_responses/response-reasoning-text.json");
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
