// The full load-with-faults run of docs/reliability.md: 10,000 requests, 64 in flight over keep-alive, 5% of the
// replies faulty (mixed kinds), against the loopback server. The counters are the invariants: calls_not_once and
// resent_after_response_began must be 0, fd_delta 0. The CI-sized run is tests/unit/reliability/load.cpp.
//
//     cmake --preset bench && cmake --build --preset bench --target bench_load_faults
//     build/bench/benchmarks/bench_load_faults

#include "support/load_with_faults.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>

static void load_with_faults(benchmark::State& state) {
    polyllm_test::load_settings settings;
    settings.requests = static_cast<std::size_t>(state.range(0));
    settings.concurrency = static_cast<std::size_t>(state.range(1));
    polyllm_test::load_report report;
    for (auto _ : state) report = polyllm_test::run_load_with_faults(settings);
    std::size_t faults = 0;
    for (const auto& [kind, count] : report.faults_served)
        if (kind != polyllm_test::fault::none) faults += count;
    state.counters["requests"] = double(settings.requests);
    state.counters["successes"] = double(report.successes);
    state.counters["errors"] = double(report.completions - report.successes);
    state.counters["faults_served"] = double(faults);
    state.counters["receptions"] = double(report.receptions);
    state.counters["retry_waits"] = double(report.retry_waits);
    state.counters["calls_not_once"] = double(std::count_if(report.calls_per_request.begin(),
                                                            report.calls_per_request.end(),
                                                            [](std::size_t calls) { return calls != 1; }));
    state.counters["resent_after_response_began"] = double(report.resent_after_response_began);
    state.counters["fd_delta"] = double(report.fds_after) - double(report.fds_before);
    state.counters["requests_per_s"] =
        benchmark::Counter(double(settings.requests), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(load_with_faults)->Args({10000, 64})->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
