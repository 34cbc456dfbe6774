// The error and retry rules, one row per source of a verdict or a hint: a provider's classification of a status and
// body, the retry-after-ms / retry-after (seconds, HTTP date) / x-should-retry headers, a body's retry delay
// (Gemini's RetryInfo), the transport's facts (a permanent failure, a request the server may have received), and
// the policy's own limits. Each row runs a whole call through basic_llm on the virtual clock and checks what was
// sent and how long each wait was, so a hint lost between the provider and the policy fails its row.

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

namespace {

// What one failed first attempt looks like: a response, or a transport failure.
struct first_attempt {
    int status = 0;  // 0: the transport fails with `failure`
    std::string body_fixture;
    http_headers headers;
    std::optional<error> failure;
};

struct row {
    const char* name;
    first_attempt first;
    std::vector<std::chrono::milliseconds> waits;  // empty: not retried
    bool resend_sent_requests = true;
};

template <class Provider>
llm_config config_for() {
    llm_config cfg;
    cfg.api_key = "test-key-0123456789";
    if constexpr (std::is_same_v<Provider, anthropic>) cfg.model = "claude-sonnet-4-5-20250929";
    else if constexpr (std::is_same_v<Provider, gemini>) cfg.model = "gemini-2.5-pro";
    else cfg.model = "gpt-4o";
    cfg.num_retries = 1;  // one retry is enough to see whether and how long
    return cfg;
}

template <class Provider>
std::string success_fixture() {
    if constexpr (std::is_same_v<Provider, anthropic>) return fixture("anthropic/response-text.json");
    else if constexpr (std::is_same_v<Provider, gemini>) return fixture("gemini/response-text.json");
    else return fixture("openai/response-text.json");
}

template <class Provider>
void run(const row& r) {
    INFO(r.name);
    basic_llm<Provider, scripted_transport> llm{config_for<Provider>()};
    llm.retry_policy().jitter = 0;
    llm.retry_policy().resend_sent_requests = r.resend_sent_requests;
    if (r.first.status == 0) llm.transport().fail(*r.first.failure);
    else llm.transport().respond({r.first.status, {}, r.first.headers, fixture(r.first.body_fixture)});
    llm.transport().respond(200, success_fixture<Provider>());

    request req;
    req.messages = {message::user("Hello!")};
    auto reply = llm.complete(req);
    CHECK(llm.transport().waits() == r.waits);
    CHECK(llm.transport().requests().size() == (r.waits.empty() ? 1u : 2u));
    CHECK(bool(reply) == !r.waits.empty());
}

error sent_then_reset() {
    error e{errc::connection, "connection reset after the request was written"};
    e.request_sent = true;
    return e;
}

error certificate_failure() {
    error e{errc::connection, "TLS handshake: certificate verify failed"};
    e.verdict = retry_verdict::no;  // what the transport says of a failure that cannot succeed on retry
    return e;
}

}  // namespace

TEST_CASE("every source of a retry verdict or hint reaches the policy, and hints merge", "[retry][verdict]") {
    const http_headers server_date{{"date", "Thu, 21 Nov 2024 12:00:00 GMT"},
                                   {"retry-after", "Thu, 21 Nov 2024 12:00:30 GMT"}};

    const row openai_rows[] = {
        {"a 429 with retry-after-ms", {429, "openai/error-rate-limit.json", {{"retry-after-ms", "1500"}}, {}}, {1500ms}},
        {"a 429 with retry-after seconds", {429, "openai/error-rate-limit.json", {{"retry-after", "2"}}, {}}, {2000ms}},
        {"retry-after-ms wins over retry-after", {429, "openai/error-rate-limit.json",
                                                  {{"retry-after", "9"}, {"retry-after-ms", "100"}}, {}}, {100ms}},
        {"a 503 with an HTTP date, measured from the server's Date", {503, "openai/error-overloaded.json",
                                                                       server_date, {}}, {30s}},
        {"a retry-after date in the past: the backoff", {500, "openai/error-server.json",
                                                         {{"date", "Thu, 21 Nov 2024 12:00:00 GMT"},
                                                          {"retry-after", "Thu, 21 Nov 2024 11:59:00 GMT"}}, {}},
         {5000ms}},
        {"a hint past max_server_wait: given up", {429, "openai/error-rate-limit.json", {{"retry-after", "61"}}, {}}, {}},
        {"a 500 without hints: the backoff", {500, "openai/error-server.json", {}, {}}, {5000ms}},
        {"x-should-retry: false vetoes a retryable 500", {500, "openai/error-server.json",
                                                          {{"x-should-retry", "false"}}, {}}, {}},
        {"x-should-retry: true retries a 400", {400, "openai/error-invalid-request.json",
                                                {{"x-should-retry", "true"}}, {}}, {5000ms}},
        {"x-should-retry: true with a hint waits the hint", {400, "openai/error-invalid-request.json",
                                                             {{"x-should-retry", "true"}, {"retry-after", "3"}}, {}},
         {3000ms}},
        {"an exhausted quota is not retried, even with a hint", {429, "openai/error-insufficient-quota.json",
                                                                 {{"retry-after", "1"}}, {}}, {}},
        {"a rejected key", {401, "openai/error-invalid-api-key.json", {}, {}}, {}},
        {"a prompt too long", {400, "openai/error-context-length.json", {}, {}}, {}},
        {"a connection refused", {0, "", {}, error{errc::connection, "connection refused"}}, {5000ms}},
        {"a timeout before any response", {0, "", {}, error{errc::timeout, "timed out connecting"}}, {5000ms}},
        {"a certificate that cannot verify", {0, "", {}, certificate_failure()}, {}},
        {"a request the server may have received: resent by default", {0, "", {}, sent_then_reset()}, {5000ms}},
        {"... and not when the policy must not risk doing it twice", {0, "", {}, sent_then_reset()}, {}, false},
    };
    for (const auto& r : openai_rows) run<openai>(r);

    const row gemini_rows[] = {
        {"RetryInfo in the body, no header", {429, "gemini/error-resource-exhausted.json", {}, {}}, {17s}},
        {"RetryInfo longer than retry-after: the longest", {429, "gemini/error-resource-exhausted.json",
                                                            {{"retry-after", "3"}}, {}}, {17s}},
        {"retry-after longer than RetryInfo: the longest", {429, "gemini/error-resource-exhausted.json",
                                                            {{"retry-after", "40"}}, {}}, {40s}},
        {"RetryInfo and x-should-retry: false", {429, "gemini/error-resource-exhausted.json",
                                                 {{"x-should-retry", "false"}}, {}}, {}},
        {"an unavailable model: the backoff", {503, "gemini/error-unavailable.json", {}, {}}, {5000ms}},
        {"an invalid argument", {400, "gemini/error-invalid-argument.json", {}, {}}, {}},
    };
    for (const auto& r : gemini_rows) run<gemini>(r);

    const row anthropic_rows[] = {
        {"529 overloaded with retry-after", {529, "anthropic/error-overloaded.json", {{"retry-after", "4"}}, {}}, {4s}},
        {"429 with x-should-retry: false", {429, "anthropic/error-rate-limit.json", {{"x-should-retry", "false"}}, {}},
         {}},
        {"a spent credit balance", {400, "anthropic/error-credit-balance.json", {}, {}}, {}},
    };
    for (const auto& r : anthropic_rows) run<anthropic>(r);
}

TEST_CASE("retryable: the server's word, then the classifier's, then the kind's", "[retry][verdict]") {
    error e{errc::bad_request, "rejected"};
    CHECK_FALSE(retryable(e));                  // unclassified: by its kind
    e.verdict = retry_verdict::yes;
    CHECK(retryable(e));                        // the classifier's verdict
    e.should_retry = false;
    CHECK_FALSE(retryable(e));                  // the server's word on top
    e.should_retry = true;
    e.verdict = retry_verdict::no;
    CHECK(retryable(e));
    error cancelled{errc::cancelled, "cancelled"};
    cancelled.should_retry = true;
    CHECK_FALSE(retryable(cancelled));          // nothing revives a cancelled call
    for (auto kind : {errc::rate_limited, errc::timeout, errc::connection, errc::service_unavailable,
                      errc::server_error, errc::conflict})
        CHECK(verdict_for(kind) == retry_verdict::yes);
    for (auto kind : {errc::authentication, errc::quota_exceeded, errc::context_window_exceeded,
                      errc::malformed_response, errc::invalid_config})
        CHECK(verdict_for(kind) == retry_verdict::no);
}

TEST_CASE("hints merge into an error, never erase", "[retry][hints]") {
    const auto now = std::chrono::sys_days{std::chrono::year{2024} / 11 / 21} + 12h;
    error e{errc::rate_limited, "slow down"};
    e.retry_after = 17s;  // read from the body by the provider
    e.should_retry = false;
    apply_retry_hints(e, {}, now);
    CHECK(e.retry_after == 17s);
    CHECK(e.should_retry == false);
    apply_retry_hints(e, {{"retry-after", "3"}}, now);
    CHECK(e.retry_after == 17s);
    apply_retry_hints(e, {{"retry-after-ms", "20000"}, {"x-should-retry", "true"}}, now);
    CHECK(e.retry_after == 20s);
    CHECK(e.should_retry == true);
}
