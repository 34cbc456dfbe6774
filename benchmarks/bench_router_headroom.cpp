// The router end to end over three in-process local servers with different faults, the run issue 27 asks for:
// "limited" answers 60 requests a second and 429s past them (with Retry-After and OpenAI's x-ratelimit headers),
// "dropping" cuts every response halfway, "slow" answers everything after 20 ms. 2,000 requests, 16 in flight,
// through one group of the three, once per strategy. The counters: every request answered exactly once, with its
// own text (answered_not_once must be 0), and how many went into the limited server's 429s: the headroom strategy
// reads the rate-limit headers and should send fewer there than the weighted shuffle. Not a CI test: it takes
// seconds and its numbers depend on the machine.
//
//     cmake --preset bench && cmake --build --preset bench --target bench_router_headroom &&
//     build/bench/benchmarks/bench_router_headroom

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <benchmark/benchmark.h>

#include <asio/io_context.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace polyllm;

struct run_report {
    std::size_t successes = 0, failures = 0, answered_not_once = 0, wrong_answer = 0;
    router_metrics metrics;
};

run_report run(routing_strategy strategy, std::size_t requests, std::size_t in_flight) {
    testing::local_server_options limited, dropping, slow;
    limited.rate_limit = 60;
    limited.rate_limit_window = std::chrono::milliseconds(1000);
    dropping.drop_mid_stream = true;
    slow.stall = std::chrono::milliseconds(20);
    std::vector<std::unique_ptr<testing::local_server_thread>> servers;
    for (auto* o : {&limited, &dropping, &slow}) servers.push_back(testing::local_server_thread::start(*o).value());

    asio::io_context io;
    router_options options;
    options.strategy = strategy;
    options.context_window_check = false;
    options.cooldowns.allowed_fails = 1;
    options.cooldowns.cooldown = std::chrono::seconds(1);
    router r(io.get_executor(), options);
    const char* names[] = {"limited", "dropping", "slow"};
    for (std::size_t i = 0; i < 3; ++i) {
        deployment d;
        d.name = names[i];
        d.config.model = "gpt-4o";
        d.config.api_key = secret("sk-local");
        d.config.base_url = servers[i]->openai_base_url();
        d.config.num_retries = 0;  // the router's fallbacks, not retries, are measured
        (void)r.add_deployment(d, any_provider{openai{}});
    }
    (void)r.add_group("g", {"limited", "dropping", "slow"});

    run_report out;
    std::vector<int> answers(requests, 0);
    std::size_t next = 0;
    std::function<void()> launch = [&] {
        if (next == requests) return;
        const std::size_t id = next++;
        request req;
        req.messages = {message::user("request " + std::to_string(id))};
        r.async_complete_routed("g", std::move(req), [&, id](result<routed<completion>> c) {
            if (c) {
                ++out.successes;
                ++answers[id];
                if (c.value().value.message.text().find("request " + std::to_string(id)) == std::string::npos)
                    ++out.wrong_answer;
            } else {
                ++out.failures;
            }
            launch();
        });
    };
    for (std::size_t k = 0; k < in_flight; ++k) launch();
    io.run();
    for (const int a : answers) out.answered_not_once += a != 1;
    out.metrics = r.metrics();
    return out;
}

void router_headroom(benchmark::State& state) {
    const auto strategy = static_cast<routing_strategy>(state.range(0));
    run_report report;
    for (auto _ : state) report = run(strategy, 2000, 16);
    state.counters["successes"] = double(report.successes);
    state.counters["failures"] = double(report.failures);
    state.counters["answered_not_once"] = double(report.answered_not_once);
    state.counters["wrong_answer"] = double(report.wrong_answer);
    for (const auto& d : report.metrics.deployments) {
        state.counters[d.name + "_calls"] = double(d.calls);
        state.counters[d.name + "_failures"] = double(d.failures);  // for "limited": its 429s
        state.counters[d.name + "_cooldowns"] = double(d.cooldowns);
    }
    state.SetLabel(std::string(to_string(strategy)));
}
BENCHMARK(router_headroom)
    ->Arg(int(routing_strategy::shuffle))
    ->Arg(int(routing_strategy::headroom))
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
