#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;

namespace {

response_record record(std::string id, std::optional<double> cost, std::int64_t prompt = 100,
                       std::int64_t completion = 10) {
    response_record r;
    r.model = "gpt-4o";
    r.response_id = std::move(id);
    r.cost = cost;
    r.latency = 250ms;
    r.usage.prompt_tokens = prompt;
    r.usage.completion_tokens = completion;
    r.usage.cache_read_tokens = prompt / 2;
    return r;
}

}  // namespace

TEST_CASE("metrics accumulate cost and tokens per response", "[metrics]") {
    metrics m;
    REQUIRE(m.add(record("a", 0.25)));
    REQUIRE(m.add(record("b", std::nullopt, 300, 30)));
    REQUIRE(m.add(record("c", 0.5)));
    CHECK(m.size() == 3);
    CHECK(m.accumulated_cost() == Approx(0.75));
    CHECK(m.unknown_costs() == 1);
    const auto total = m.accumulated_usage();
    CHECK(total.prompt_tokens == 500);
    CHECK(total.completion_tokens == 50);
    CHECK(total.cache_read_tokens == 250);
    REQUIRE(m.last());
    CHECK(m.last()->response_id == "c");
}

TEST_CASE("metrics refuse negative, infinite and NaN costs", "[metrics]") {
    metrics m;
    CHECK(m.add(record("neg", -0.01)).error().kind() == errc::invalid_config);
    CHECK_FALSE(m.add(record("nan", std::numeric_limits<double>::quiet_NaN())));
    CHECK_FALSE(m.add(record("inf", std::numeric_limits<double>::infinity())));
    CHECK(m.size() == 0);
    CHECK(m.accumulated_cost() == 0);
}

TEST_CASE("metrics copy, merge and diff for delegating agents", "[metrics]") {
    metrics parent;
    REQUIRE(parent.add(record("p1", 1.0)));
    const metrics baseline = parent.copy();
    REQUIRE(parent.add(record("p2", 2.0)));
    CHECK(baseline.size() == 1);  // a copy, not a view

    metrics delegate;
    REQUIRE(delegate.add(record("d1", 4.0)));
    parent.merge(delegate);
    CHECK(parent.accumulated_cost() == Approx(7.0));

    auto since = parent.diff(baseline);
    REQUIRE(since);
    CHECK(since.value().size() == 2);
    CHECK(since.value().accumulated_cost() == Approx(6.0));

    metrics unrelated;
    REQUIRE(unrelated.add(record("x", 1.0)));
    CHECK(parent.diff(unrelated).error().kind() == errc::invalid_config);
    parent.merge(parent);  // merging itself is a no-op, not a doubling
    CHECK(parent.size() == 3);
}

TEST_CASE("metrics are safe under concurrent adds and reads", "[metrics]") {
    metrics m;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&m, t] {
            for (int i = 0; i < 500; ++i) {
                (void)m.add(record(std::to_string(t) + "-" + std::to_string(i), 0.001));
                (void)m.accumulated_cost();
            }
        });
    for (auto& t : threads) t.join();
    CHECK(m.size() == 2000);
    CHECK(m.accumulated_cost() == Approx(2.0));
}

TEST_CASE("metrics keep totals over every response and the records of the recent ones", "[metrics]") {
    CHECK(metrics{}.max_records() == metrics::default_max_records);
    metrics m(3);
    for (int i = 0; i < 10; ++i) REQUIRE(m.add(record("r" + std::to_string(i), i % 2 ? std::nullopt : std::optional(1.0))));
    CHECK(m.size() == 10);
    CHECK(m.accumulated_cost() == Approx(5.0));
    CHECK(m.unknown_costs() == 5);
    CHECK(m.accumulated_usage().prompt_tokens == 1000);
    const auto kept = m.records();
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].response_id == "r7");
    CHECK(kept[2].response_id == "r9");
    CHECK(m.last()->response_id == "r9");

    metrics totals_only(0);
    REQUIRE(totals_only.add(record("a", 2.0)));
    CHECK(totals_only.records().empty());
    CHECK(totals_only.size() == 1);
    CHECK(totals_only.accumulated_cost() == Approx(2.0));
}

TEST_CASE("metrics hold flat memory for a long-lived client", "[metrics]") {
    // 50,000 responses: the records kept stay at the bound (before the ring, every one was kept).
    metrics m;
    for (int i = 0; i < 50000; ++i) REQUIRE(m.add(record("r" + std::to_string(i), 0.001)));
    CHECK(m.size() == 50000);
    CHECK(m.records().size() == metrics::default_max_records);
    CHECK(m.accumulated_cost() == Approx(50.0));
    CHECK(m.records().back().response_id == "r49999");
}

TEST_CASE("metrics diff and merge keep their meaning once records have left the ring", "[metrics]") {
    metrics parent(4);
    for (int i = 0; i < 6; ++i) REQUIRE(parent.add(record("p" + std::to_string(i), 1.0)));
    const metrics baseline = parent.copy();
    CHECK(baseline.max_records() == 4);  // a copy keeps the bound
    for (int i = 0; i < 3; ++i) REQUIRE(parent.add(record("q" + std::to_string(i), 2.0)));

    auto since = parent.diff(baseline);
    REQUIRE(since);
    CHECK(since.value().size() == 3);
    CHECK(since.value().accumulated_cost() == Approx(6.0));
    CHECK(since.value().records().size() == 3);
    CHECK(since.value().records().front().response_id == "q0");

    for (int i = 3; i < 10; ++i) REQUIRE(parent.add(record("q" + std::to_string(i), 2.0)));
    since = parent.diff(baseline);  // the baseline's records have all left: totals still subtract
    REQUIRE(since);
    CHECK(since.value().size() == 10);
    CHECK(since.value().accumulated_cost() == Approx(20.0));
    CHECK(since.value().accumulated_usage().prompt_tokens == 1000);
    CHECK(since.value().records().size() == 4);

    metrics unrelated(4);
    for (int i = 0; i < 20; ++i) REQUIRE(unrelated.add(record("x", 1.0)));
    CHECK_FALSE(parent.diff(unrelated));  // more responses than these metrics ever had

    metrics delegate(2);
    for (int i = 0; i < 5; ++i) REQUIRE(delegate.add(record("d" + std::to_string(i), 0.5, 10, 1)));
    metrics merged(8);
    REQUIRE(merged.add(record("m", 1.0)));
    merged.merge(delegate);
    CHECK(merged.size() == 6);
    CHECK(merged.accumulated_cost() == Approx(3.5));
    CHECK(merged.accumulated_usage().prompt_tokens == 150);
    CHECK(merged.records().size() == 3);  // ours and the two the delegate still kept
}
