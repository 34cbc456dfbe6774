// The router's overhead per call. The decision: router_state's begin (scan a group of 16 deployments, filter,
// choose by the strategy, count it in flight) and end (record latency, headroom and tokens), under the lock, for each
// strategy, from one thread and from two. The whole call: a one-deployment group routed over the scripted transport,
// beside the same connection called directly, so the difference is what routing adds (the operation's state, one
// more post). Target: under 2 µs per call with 16 deployments.
//
//     cmake --preset bench && cmake --build --preset bench -j2 --target bench_router &&
//     build/bench/benchmarks/bench_router --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

// GCC 12 at -O2 sees Boost.Outcome's moves of an http_response inside the scripted transport as reading
// uninitialized members (a false positive, not in polyllm's code paths): quiet here, where -Werror would stop CI.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include "support/fixtures.hpp"

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using namespace polyllm;

std::unique_ptr<router_state> sixteen(routing_strategy strategy) {
    router_options options;
    options.strategy = strategy;
    auto state = std::make_unique<router_state>(options);
    std::vector<std::string> names;
    for (int i = 0; i < 16; ++i) {
        deployment d;
        d.name = "deployment-" + std::to_string(i);
        d.config.model = "gpt-4o";
        d.weight = 1 + i % 3;
        d.rpm = 1'000'000'000;  // counted, never reached
        (void)state->add_deployment(d);
        names.push_back(d.name);
    }
    (void)state->add_group("smart", names);
    return state;
}

// One routed decision and its record, as each call makes them.
void route_decision(benchmark::State& state) {
    static std::unique_ptr<router_state> shared;
    if (state.thread_index() == 0) shared = sixteen(static_cast<routing_strategy>(state.range(0)));
    completion answer;
    answer.rate_limits.requests = {10'000, 9'000, std::chrono::seconds(20)};
    answer.usage.prompt_tokens = 100;
    answer.usage.completion_tokens = 20;
    const std::vector<std::size_t> tried;
    for (auto _ : state) {
        auto choice = shared->begin("smart", tried);
        answer.rate_limits.requests.remaining = 9'000 - std::int64_t(*choice.deployment) * 10;
        shared->end(*choice.deployment, {nullptr, std::chrono::microseconds(800), &answer, {}, 0});
        benchmark::DoNotOptimize(choice);
    }
    state.SetLabel(std::string(to_string(static_cast<routing_strategy>(state.range(0)))));
}
BENCHMARK(route_decision)->DenseRange(0, 3)->Threads(1)->Threads(2)->UseRealTime();

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

llm_config config() {
    llm_config c;
    c.model = "gpt-4o";
    c.api_key = secret("sk-bench");
    c.num_retries = 0;
    return c;
}

// The whole call through a one-deployment group, and the same connection called directly. Arg 1: with the
// context-window pre-check (a short prompt: bounded by its bytes, never tokenized), 0: without.
void routed_call(benchmark::State& state) {
    router_options options;
    options.context_window_check = state.range(0) != 0;
    basic_router<scripted_transport> r(options);
    (void)r.add_deployment({"only", config()}, any_provider{openai{}});
    (void)r.add_group("g", {"only"});
    const auto body = polyllm_test::fixture("openai/response-text.json");
    auto& wire = r.connection("only")->transport();
    const auto req = hello();
    for (auto _ : state) {
        wire.respond(200, body);
        auto c = r.complete("g", req);
        benchmark::DoNotOptimize(c);
    }
}
BENCHMARK(routed_call)->Arg(0)->Arg(1);

void direct_call(benchmark::State& state) {
    basic_llm<any_provider, scripted_transport> llm{any_provider{openai{}}, config()};
    const auto body = polyllm_test::fixture("openai/response-text.json");
    const auto req = hello();
    for (auto _ : state) {
        llm.transport().respond(200, body);
        auto c = llm.complete(req);
        benchmark::DoNotOptimize(c);
    }
}
BENCHMARK(direct_call);

}  // namespace

BENCHMARK_MAIN();
