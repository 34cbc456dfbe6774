#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <chrono>

using namespace polyllm;
using namespace std::chrono_literals;

namespace {
error server_error() {
    error e{errc::server_error, "boom"};
    e.http_status = 500;
    return e;
}
}  // namespace

TEST_CASE("exponential_backoff defaults to the provider guide's 5, 5, 8, 16 s and then gives up", "[retry]") {
    exponential_backoff policy;
    policy.jitter = 0;
    CHECK(policy.max_attempts() == 5);
    CHECK(policy.next_delay(1, server_error()) == 5000ms);
    CHECK(policy.next_delay(2, server_error()) == 5000ms);
    CHECK(policy.next_delay(3, server_error()) == 8000ms);
    CHECK(policy.next_delay(4, server_error()) == 16000ms);
    CHECK_FALSE(policy.next_delay(5, server_error()));
}

TEST_CASE("exponential_backoff clamps to max_wait and follows the configuration", "[retry]") {
    llm_config cfg;
    cfg.num_retries = 8;
    cfg.retry_min_wait = 1s;
    cfg.retry_max_wait = 10s;
    cfg.retry_multiplier = 1;
    exponential_backoff policy(cfg);
    policy.jitter = 0;
    CHECK(policy.max_attempts() == 9);
    CHECK(policy.backoff(1) == 1s);
    CHECK(policy.backoff(2) == 2s);
    CHECK(policy.backoff(4) == 8s);
    CHECK(policy.backoff(5) == 10s);
    CHECK(policy.backoff(200) == 10s);  // no overflow for absurd attempt counts
    CHECK(policy.next_delay(8, server_error()) == 10s);
    CHECK_FALSE(policy.next_delay(9, server_error()));
}

TEST_CASE("jitter only shortens a wait, by at most its fraction", "[retry]") {
    exponential_backoff policy;  // default jitter: 25%
    bool shortened = false;
    for (int i = 0; i < 200; ++i) {
        auto d = policy.next_delay(4, server_error());
        REQUIRE(d);
        CHECK(*d <= 16000ms);
        CHECK(*d >= 12000ms);
        shortened = shortened || *d < 16000ms;
    }
    CHECK(shortened);
}

TEST_CASE("a server hint within the cap replaces the backoff; above it, give up", "[retry]") {
    exponential_backoff policy;
    auto e = server_error();
    e.retry_after = 1500ms;
    CHECK(policy.next_delay(1, e) == 1500ms);
    e.retry_after = 0ms;
    CHECK(policy.next_delay(1, e) == 0ms);
    e.retry_after = 60s;
    CHECK(policy.next_delay(1, e) == 60s);
    e.retry_after = 61s;
    CHECK_FALSE(policy.next_delay(1, e));
    e.retry_after = -5s;  // a date in the past: the hint is useless, back off as usual
    policy.jitter = 0;
    CHECK(policy.next_delay(1, e) == 5s);
    e.retry_after = 1s;
    CHECK_FALSE(policy.next_delay(5, e));  // a hint does not add attempts
}

TEST_CASE("no_retry never retries", "[retry]") {
    no_retry policy;
    CHECK(policy.max_attempts() == 1);
    CHECK_FALSE(policy.next_delay(1, server_error()));
    static_assert(RetryPolicy<no_retry>);
    static_assert(RetryPolicy<exponential_backoff>);
}

TEST_CASE("retry hints come from retry-after-ms, retry-after seconds and HTTP dates", "[retry][hints]") {
    const auto now = std::chrono::sys_days{std::chrono::year{2024} / 11 / 21} + 12h;
    CHECK(retry_after_from({{"retry-after-ms", "1234"}}, now) == 1234ms);
    CHECK(retry_after_from({{"Retry-After-Ms", "250.6"}}, now) == 251ms);
    CHECK(retry_after_from({{"retry-after", "2"}}, now) == 2000ms);
    CHECK(retry_after_from({{"retry-after", "1.5"}}, now) == 1500ms);
    CHECK(retry_after_from({{"retry-after-ms", "100"}, {"retry-after", "9"}}, now) == 100ms);
    CHECK(retry_after_from({{"retry-after", "Thu, 21 Nov 2024 12:00:30 GMT"}}, now) == 30s);
    CHECK(retry_after_from({{"retry-after", "Thursday, 21-Nov-24 12:01:00 GMT"}}, now) == 60s);
    CHECK(retry_after_from({{"retry-after", "Thu Nov 21 12:00:05 2024"}}, now) == 5s);
    CHECK(retry_after_from({{"retry-after", "Thu Nov  7 12:00:00 2024"}}, now) == -std::chrono::hours(24 * 14));
    CHECK(retry_after_from({{"retry-after", "Thu, 21 Nov 2024 11:59:00 GMT"}}, now) == -60s);
    for (const char* junk : {"", "soon", "-1", "1e3", "0x10", "2 s", "Thu, 32 Nov 2024 12:00:00 GMT",
                             "Thu, 21 Nov 2024 25:00:00 GMT", "Thu, 21 Foo 2024 12:00:00 GMT"})
        CHECK_FALSE(retry_after_from({{"retry-after", junk}}, now));
    CHECK_FALSE(retry_after_from({}, now));
}

TEST_CASE("a retry hint too large for any clock is the ceiling, never ignored", "[retry][hints]") {
    const auto now = std::chrono::sys_days{std::chrono::year{2024} / 11 / 21} + 12h;
    const std::string nines(400, '9');  // beyond a double: from_chars says out of range
    for (auto [name, value] : {std::pair{"retry-after", "99999999999999999999999"}, std::pair{"retry-after", "10000000000"},
                               std::pair{"retry-after", nines.c_str()},
                               std::pair{"retry-after-ms", "1e308"}, std::pair{"retry-after-ms", "1e999"},
                               std::pair{"retry-after-ms", "99999999999999999999999"},
                               std::pair{"retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"}}) {
        INFO(name << ": " << value);
        CHECK(retry_after_from({{name, value}}, now) == retry_hint_ceiling);
    }
    CHECK(retry_after_from({{"retry-after-ms", "1.5e3"}}, now) == 1500ms);
    CHECK(retry_after_from({{"retry-after-ms", "1e-999"}}, now) == 0ms);
    CHECK_FALSE(retry_after_from({{"retry-after-ms", "inf"}}, now));
    CHECK_FALSE(retry_after_from({{"retry-after-ms", "nan"}}, now));

    exponential_backoff policy;
    error e = server_error();
    e.retry_after = retry_hint_ceiling;
    CHECK_FALSE(policy.next_delay(1, e));  // beyond max_server_wait: give up
}

TEST_CASE("exponential_backoff can refuse to resend a request the server may have received", "[retry]") {
    exponential_backoff policy;
    policy.jitter = 0;
    error sent{errc::connection, "reset after the request was written"};
    sent.request_sent = true;
    CHECK(policy.next_delay(1, sent) == 5000ms);  // by default counted and retried like any connection failure
    policy.resend_sent_requests = false;
    CHECK_FALSE(policy.next_delay(1, sent));
    error unsent{errc::connection, "connection refused"};
    CHECK(policy.next_delay(1, unsent) == 5000ms);
}

TEST_CASE("x-should-retry is read as true, false or absent", "[retry][hints]") {
    CHECK(should_retry_from({{"x-should-retry", "true"}}) == true);
    CHECK(should_retry_from({{"X-Should-Retry", "FALSE"}}) == false);
    CHECK_FALSE(should_retry_from({{"x-should-retry", "maybe"}}));
    CHECK_FALSE(should_retry_from({}));
}

TEST_CASE("an HTTP date hint is measured from the server's Date header when it sent one", "[retry][hints]") {
    error e;
    const auto local_now = std::chrono::sys_days{std::chrono::year{2024} / 11 / 21} + 12h + 5min;  // 5 min fast
    apply_retry_hints(e,
                      {{"date", "Thu, 21 Nov 2024 12:00:00 GMT"}, {"retry-after", "Thu, 21 Nov 2024 12:00:10 GMT"},
                       {"x-should-retry", "false"}},
                      local_now);
    CHECK(e.retry_after == 10s);
    CHECK(e.should_retry == false);
}
