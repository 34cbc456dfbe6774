// The router's decisions without I/O: strategies as pure choices over deployment views, cooldowns over a
// deployment's state on a virtual clock, fallback plans by failure kind, and router_state's begin/end steps.
#include <polyllm/router/cooldown.hpp>
#include <polyllm/router/fallback_plan.hpp>
#include <polyllm/router/router_state.hpp>
#include <polyllm/router/store.hpp>
#include <polyllm/router/strategy.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;

// The in-memory state is a routing store; something without the two steps is not.
static_assert(RoutingStore<router_state>);
static_assert(!RoutingStore<cooldown_policy>);

namespace {

// Spread-out 64-bit values, as the router draws them.
std::uint64_t spread(std::uint64_t n) {
    std::uint64_t z = n * 0x9e3779b97f4a7c15 + 1;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

template <std::size_t N>
std::array<int, N> tally(routing_strategy s, const std::array<deployment_view, N>& c, int draws = 4000) {
    std::array<int, N> picks{};
    for (int n = 0; n < draws; ++n) ++picks[choose_deployment(s, c, spread(std::uint64_t(n))).value()];
    return picks;
}

error rate_limited(std::optional<std::chrono::milliseconds> retry_after = std::nullopt) {
    error e{errc::rate_limited, "slow down"};
    e.http_status = 429;
    e.retry_after = retry_after;
    return e;
}

}  // namespace

TEST_CASE("strategies: shuffle follows the weights, and never picks a weight of zero", "[router][strategy]") {
    const std::array<deployment_view, 3> c{{{0, 1.0, 0, {}, {}}, {1, 3.0, 0, {}, {}}, {2, 0.0, 0, {}, {}}}};
    const auto picks = tally(routing_strategy::shuffle, c);
    CHECK(picks[2] == 0);
    const double ratio = double(picks[1]) / double(picks[0]);
    CHECK(ratio > 2.6);
    CHECK(ratio < 3.4);
    CHECK_FALSE(choose_deployment(routing_strategy::shuffle, std::span<const deployment_view>{}, 7).has_value());
}

TEST_CASE("strategies: least_busy takes the fewest in flight and shares ties", "[router][strategy]") {
    const std::array<deployment_view, 3> c{{{0, 1, 4, {}, {}}, {1, 1, 1, {}, {}}, {2, 1, 1, {}, {}}}};
    const auto picks = tally(routing_strategy::least_busy, c, 400);
    CHECK(picks[0] == 0);
    CHECK(picks[1] > 100);
    CHECK(picks[2] > 100);
}

TEST_CASE("strategies: latency tries the unmeasured first, then the fastest", "[router][strategy]") {
    std::array<deployment_view, 3> c{{{0, 1, 0, 900us, {}}, {1, 1, 0, 300us, {}}, {2, 1, 0, {}, {}}}};
    CHECK(choose_deployment(routing_strategy::latency, c, 1) == std::size_t(2));
    c[2].latency = 500us;
    for (std::uint64_t r = 0; r < 16; ++r) CHECK(choose_deployment(routing_strategy::latency, c, r) == std::size_t(1));
}

TEST_CASE("strategies: headroom takes the most remaining, unknown counting as full, then the less busy",
          "[router][strategy]") {
    std::array<deployment_view, 3> c{{{0, 1, 0, {}, 0.10}, {1, 1, 0, {}, 0.80}, {2, 1, 3, {}, 0.35}}};
    for (std::uint64_t r = 0; r < 16; ++r) CHECK(choose_deployment(routing_strategy::headroom, c, r) == std::size_t(1));
    c[0].headroom.reset();  // nothing reported yet: as good as full
    CHECK(choose_deployment(routing_strategy::headroom, c, 5) == std::size_t(0));
    c[1].headroom.reset();
    c[1].in_flight = 2;
    CHECK(choose_deployment(routing_strategy::headroom, c, 5) == std::size_t(0));
}

TEST_CASE("strategies: names as config.toml writes them", "[router][strategy]") {
    for (auto s : {routing_strategy::shuffle, routing_strategy::least_busy, routing_strategy::latency,
                   routing_strategy::headroom})
        CHECK(parse_routing_strategy(to_string(s)).value() == s);
    auto bad = parse_routing_strategy("fastest");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("fastest") != std::string::npos);
}

TEST_CASE("remaining_share: the scarcest of the limits the headers told", "[router]") {
    rate_limits limits;
    CHECK_FALSE(remaining_share(limits).has_value());
    limits.requests = {100, 80, {}};
    limits.tokens = {10000, 2500, {}};
    CHECK(remaining_share(limits).value() == Approx(0.25));
}

TEST_CASE("cooldowns: more than allowed_fails in the window cools for the cooldown", "[router][cooldown]") {
    const cooldown_policy policy{1, 60s, 30s, 10min};
    const router_clock::time_point t0{};
    deployment_state s;
    CHECK_FALSE(record_failure(s, error{errc::server_error, "500"}, t0, policy));
    CHECK(cooled_down(s, t0 + 1s));
    // A failure outside the window is forgotten: the next one is the first again.
    CHECK_FALSE(record_failure(s, error{errc::server_error, "500"}, t0 + 61s, policy));
    CHECK(record_failure(s, error{errc::timeout, "slow"}, t0 + 62s, policy));
    CHECK(s.cooling == cooldown_reason::failures);
    CHECK_FALSE(cooled_down(s, t0 + 91s));
    CHECK(cooled_down(s, t0 + 92s));
    CHECK(s.cooldowns == 1);
    CHECK(s.failures == 3);
}

TEST_CASE("cooldowns: Retry-After cools at once for as long as asked, capped", "[router][cooldown]") {
    const cooldown_policy policy{3, 60s, 30s, 2min};
    deployment_state s;
    const router_clock::time_point t0{};
    CHECK(record_failure(s, rate_limited(45s), t0, policy));
    CHECK(s.cooling == cooldown_reason::retry_after);
    CHECK_FALSE(cooled_down(s, t0 + 44s));
    CHECK(cooled_down(s, t0 + 45s));
    CHECK(record_failure(s, rate_limited(std::chrono::hours(5)), t0 + 50s, policy));
    CHECK(s.cooldown_until == t0 + 50s + 2min);
    // Without a hint, a 429 is one more failure.
    deployment_state other;
    CHECK_FALSE(record_failure(other, rate_limited(), t0, policy));
}

TEST_CASE("cooldowns: authentication errors disable until cleared; request errors do not count",
          "[router][cooldown]") {
    deployment_state s;
    const router_clock::time_point t0{};
    for (auto kind : {errc::bad_request, errc::context_window_exceeded, errc::content_policy, errc::cancelled})
        CHECK_FALSE(record_failure(s, error{kind, "the request's own"}, t0, cooldown_policy{0, 60s, 30s, 10min}));
    CHECK(s.failures == 0);
    CHECK(record_failure(s, error{errc::authentication, "bad key"}, t0, {}));
    CHECK_FALSE(cooled_down(s, t0 + std::chrono::hours(24 * 365)));
    CHECK(describe_state("primary", s, t0).find("until its configuration changes") != std::string::npos);
    clear_cooldown(s);
    CHECK(cooled_down(s, t0));
}

TEST_CASE("fallbacks: each kind of failure takes its own list, else the general one", "[router][fallbacks]") {
    fallback_table table;
    table.general = {{"smart", {"backup", "cheap"}}, {"backup", {"smart", "last"}}};
    table.context_window = {{"smart", {"long"}}};
    CHECK(classify_failure(error{errc::rate_limited, ""}) == failure_kind::general);
    CHECK(classify_failure(error{errc::context_window_exceeded, ""}) == failure_kind::context_window);
    CHECK(classify_failure(error{errc::content_policy, ""}) == failure_kind::content_policy);
    CHECK(classify_failure(error{errc::bad_request, ""}) == failure_kind::final);

    CHECK(table.after("smart", failure_kind::context_window) == std::vector<std::string>{"long"});
    CHECK(table.after("smart", failure_kind::content_policy) == std::vector<std::string>{"backup", "cheap"});
    CHECK(table.after("smart", failure_kind::final).empty());

    fallback_plan plan("smart");
    plan.failed(table, failure_kind::general);
    REQUIRE(plan.current());
    CHECK(*plan.current() == "backup");
    plan.failed(table, failure_kind::general);  // backup's own fallbacks come first, smart is not tried twice
    CHECK(*plan.current() == "last");
    plan.failed(table, failure_kind::general);
    CHECK(*plan.current() == "cheap");
    plan.failed(table, failure_kind::general);
    CHECK(plan.current() == nullptr);
}

TEST_CASE("router_state: begin skips the tried, the cooling, the too small and those at their limits",
          "[router][state]") {
    router_clock::time_point now{};
    router_options options;
    options.strategy = routing_strategy::least_busy;
    options.cooldowns = {0, 60s, 30s, 10min};
    options.clock = [&now] { return now; };
    router_state state(options);
    llm_config small_window;
    small_window.model = "m";
    small_window.max_input_tokens = 100;
    REQUIRE(state.add_deployment({"a", {}, 1, 2, {}, {}}));   // two requests a minute
    REQUIRE(state.add_deployment({"b", small_window, 1, {}, {}, {}}));
    REQUIRE(state.add_deployment({"c", {}, 1, {}, {}, 1}));  // one in flight at most
    REQUIRE(state.add_group("g", {"a", "b", "c"}));
    CHECK_FALSE(state.add_group("h", {"a", "nope"}));

    const std::vector<std::optional<std::int64_t>> long_prompt{std::nullopt, 500, std::nullopt};
    auto first = state.begin("g", {}, long_prompt);
    auto second = state.begin("g", {}, long_prompt);
    REQUIRE(first.deployment);
    REQUIRE(second.deployment);
    CHECK(*first.deployment != 1);
    CHECK(*second.deployment != 1);
    CHECK(*first.deployment != *second.deployment);  // least busy: one each
    // a has sent one of its two this minute, c has one in flight: a again, then nobody.
    auto third = state.begin("g", {}, long_prompt);
    CHECK(third.deployment == std::size_t(0));
    auto none = state.begin("g", {}, long_prompt);
    CHECK_FALSE(none.deployment);
    CHECK_FALSE(none.too_small);
    CHECK(none.unavailable.find("a: at its rpm") != std::string::npos);
    CHECK(none.unavailable.find("c: at its rpm") != std::string::npos);
    CHECK(state.metrics().groups.at(0).context_skips == 4);

    // c's call ends with a 429 asking for two minutes: it cools past the next minute.
    const error e = rate_limited(120s);
    CHECK(state.end(2, {&e, {}, nullptr, {}, 0}));
    now += 61s;
    auto later = state.begin("g", {0}, long_prompt);
    CHECK_FALSE(later.deployment);
    CHECK(later.unavailable.find("c: cooling down as the server asked") != std::string::npos);
    CHECK(later.soonest.has_value());
    // Only b left untried, and too small for the prompt.
    auto small = state.begin("g", {0, 2}, long_prompt);
    CHECK(small.too_small);
}

TEST_CASE("router_state: the headroom the headers report steers the next choice", "[router][state]") {
    router_clock::time_point now{};
    router_options options;
    options.strategy = routing_strategy::headroom;
    options.clock = [&now] { return now; };
    router_state state(options);
    REQUIRE(state.add_deployment({"a", {}, 1, {}, {}, {}}));
    REQUIRE(state.add_deployment({"b", {}, 1, {}, {}, {}}));
    REQUIRE(state.add_group("g", {"a", "b"}));
    completion low, high;
    low.rate_limits.requests = {100, 5, 20s};
    high.rate_limits.requests = {100, 60, 20s};
    for (std::size_t i : {0, 1}) {
        auto c = state.begin("g", {i == 0 ? std::size_t(1) : std::size_t(0)});
        REQUIRE(c.deployment == i);
        CHECK_FALSE(state.end(i, {nullptr, 1ms, i == 0 ? &low : &high, {}, 0}));
    }
    for (int n = 0; n < 8; ++n) {
        auto c = state.begin("g", {});
        CHECK(c.deployment == std::size_t(1));
        state.end(*c.deployment, {nullptr, 1ms, &high, {}, 0});
    }
    // Once the window the headers spoke of has passed, what they said is forgotten: both count as full again.
    now += 21s;
    int a = 0;
    for (int n = 0; n < 8; ++n) {
        auto c = state.begin("g", {});
        a += c.deployment == std::size_t(0);
    }
    CHECK(a > 0);
}

TEST_CASE("router_state: hedges stay within their budget of the calls started", "[router][state][hedge]") {
    router_options options;
    options.hedging = {std::chrono::milliseconds(100), 0.5};
    router_state state(options);
    REQUIRE(state.add_deployment({"a", {}, 1, {}, {}, {}}));
    REQUIRE(state.add_group("g", {"a"}));
    state.count_start();
    CHECK_FALSE(state.hedge_allowed());  // one call: half a hedge
    state.count_start();
    CHECK(state.hedge_allowed());
    state.count_hedge("g", false);
    CHECK_FALSE(state.hedge_allowed());
    state.count_start();
    state.count_start();
    CHECK(state.hedge_allowed());
    state.count_hedge("g", true);  // a win is not another request
    CHECK(state.hedge_allowed());
    CHECK(state.metrics().groups.at(0).hedges == 1);
    CHECK(state.metrics().groups.at(0).hedges_won == 1);
}

TEST_CASE("router_state: begin and end from several threads keep the counts whole", "[router][state]") {
    router_options options;
    options.strategy = routing_strategy::least_busy;
    router_state state(options);
    std::vector<std::string> names;
    for (int i = 0; i < 16; ++i) {
        names.push_back("d" + std::to_string(i));
        REQUIRE(state.add_deployment({names.back(), {}, 1, {}, {}, {}}));
    }
    REQUIRE(state.add_group("g", names));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&state] {
            for (int n = 0; n < 500; ++n) {
                auto c = state.begin("g", {});
                if (c.deployment) state.end(*c.deployment, {nullptr, std::chrono::microseconds(n), nullptr, {}, 1});
            }
        });
    for (auto& t : threads) t.join();
    std::uint64_t calls = 0;
    for (const auto& d : state.metrics().deployments) {
        CHECK(d.in_flight == 0);
        calls += d.calls;
    }
    CHECK(calls == 2000);
}

TEST_CASE("router_state: the hedge delay follows the group's p95 once enough answers are measured",
          "[router][state][hedge]") {
    router_options options;
    options.hedging.after = 300ms;
    options.hedging.at_p95 = true;
    options.hedging.min_samples = 20;
    router_state state(options);
    deployment d;
    d.name = "a";
    REQUIRE(state.add_deployment(d));
    REQUIRE(state.add_group("g", {"a"}));
    REQUIRE(state.add_group("h", {"a"}));

    // 19 answers: too few to trust, the set delay stands in.
    for (int n = 1; n <= 19; ++n) state.record_answer_time("g", std::chrono::milliseconds(n * 10));
    CHECK(state.hedge_delay("g") == 300ms);
    // 100 answers of 10..1000 ms, of which the window holds the last 64 (370..1000 ms): nearest rank 61 of them.
    for (int n = 20; n <= 100; ++n) state.record_answer_time("g", std::chrono::milliseconds(n * 10));
    CHECK(state.hedge_delay("g") == 970ms);
    CHECK(state.hedge_delay("h") == 300ms);  // each group its own window

    // The floor and the cap bound the measured delay, not the stand-in.
    options.hedging.floor = 1s;
    options.hedging.cap = 2s;
    router_state bounded(options);
    REQUIRE(bounded.add_deployment(d));
    REQUIRE(bounded.add_group("g", {"a"}));
    CHECK(bounded.hedge_delay("g") == 300ms);
    for (int n = 0; n < 20; ++n) bounded.record_answer_time("g", 40ms);
    CHECK(bounded.hedge_delay("g") == 1s);
    for (int n = 0; n < 64; ++n) bounded.record_answer_time("g", 9s);
    CHECK(bounded.hedge_delay("g") == 2s);

    options.hedging.at_p95 = false;  // a fixed delay ignores what was measured
    router_state fixed(options);
    REQUIRE(fixed.add_deployment(d));
    REQUIRE(fixed.add_group("g", {"a"}));
    for (int n = 0; n < 64; ++n) fixed.record_answer_time("g", 9s);
    CHECK(fixed.hedge_delay("g") == 300ms);
    options.hedging.after.reset();  // no hedging at all
    CHECK_FALSE(router_state(options).hedge_delay("g"));
}

TEST_CASE("answer_times: the p95 by nearest rank over the last 64 samples", "[router][state][hedge]") {
    answer_times t;
    CHECK_FALSE(t.p95());
    t.add(5ms);
    CHECK(t.p95() == 5ms);
    // 1..20 ms in scrambled order: rank ceil(0.95 * 20) = 19.
    for (int n : {7, 3, 20, 1, 15, 9, 2, 18, 11, 4, 19, 6, 13, 8, 17, 10, 16, 12, 14}) t.add(std::chrono::milliseconds(n));
    REQUIRE(t.size() == 20);
    CHECK(t.p95() == 19ms);
    for (int n = 0; n < 64; ++n) t.add(1ms);  // the old samples roll out
    CHECK(t.size() == answer_times::capacity);
    CHECK(t.p95() == 1ms);
}
