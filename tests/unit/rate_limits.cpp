#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

using namespace polyllm;
using namespace std::chrono_literals;

TEST_CASE("rate limits from OpenAI's x-ratelimit-* headers", "[rate_limits]") {
    const http_headers h{{"x-ratelimit-limit-requests", "10000"},   {"x-ratelimit-limit-tokens", "30000000"},
                         {"x-ratelimit-remaining-requests", "9999"}, {"x-ratelimit-remaining-tokens", "29999980"},
                         {"x-ratelimit-reset-requests", "6ms"},     {"x-ratelimit-reset-tokens", "1m30.5s"}};
    const auto r = rate_limits_from(h, std::chrono::system_clock::now());
    CHECK(r.requests == rate_limit{10000, 9999, 6ms});
    CHECK(r.tokens == rate_limit{30000000, 29999980, 90500ms});
    CHECK_FALSE(r.input_tokens.known());
    CHECK(r.known());
}

TEST_CASE("rate limits from Anthropic's anthropic-ratelimit-* headers", "[rate_limits]") {
    const auto now = std::chrono::sys_days{std::chrono::year{2024} / 11 / 21} + 12h;
    const http_headers h{{"anthropic-ratelimit-requests-limit", "4000"},
                         {"anthropic-ratelimit-requests-remaining", "3999"},
                         {"anthropic-ratelimit-requests-reset", "2024-11-21T12:00:01Z"},
                         {"anthropic-ratelimit-input-tokens-limit", "400000"},
                         {"anthropic-ratelimit-input-tokens-remaining", "399000"},
                         {"anthropic-ratelimit-input-tokens-reset", "2024-11-21T12:00:00.250Z"},
                         {"anthropic-ratelimit-output-tokens-reset", "2024-11-21T13:00:30+01:00"},
                         {"anthropic-ratelimit-tokens-remaining", "479000"}};
    const auto r = rate_limits_from(h, now);
    CHECK(r.requests == rate_limit{4000, 3999, 1000ms});
    CHECK(r.input_tokens == rate_limit{400000, 399000, 250ms});
    CHECK(r.output_tokens.reset_after == 30000ms);
    CHECK(r.tokens.remaining == 479000);
}

TEST_CASE("rate limit headers that do not parse are left unknown", "[rate_limits]") {
    const http_headers h{{"x-ratelimit-limit-requests", "lots"},
                         {"x-ratelimit-reset-requests", "soon"},
                         {"x-ratelimit-reset-tokens", "5x"},
                         {"anthropic-ratelimit-requests-reset", "2024-13-01T00:00:00Z"}};
    const auto r = rate_limits_from(h, std::chrono::system_clock::now());
    CHECK_FALSE(r.known());
    CHECK_FALSE(rate_limits_from({}, std::chrono::system_clock::now()).known());
}

TEST_CASE("a completion carries the rate limits, request id and headers of its response", "[rate_limits][basic_llm]") {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-x";
    basic_llm<openai, scripted_transport> llm{cfg};
    llm.transport().respond(200, polyllm_test::fixture("openai/response-text.json"),
                            {{"x-request-id", "req_abc"},
                             {"openai-processing-ms", "412"},
                             {"x-ratelimit-remaining-requests", "42"},
                             {"x-ratelimit-reset-requests", "2s"}});
    request req;
    req.messages = {message::user("hi")};
    auto c = llm.complete(req);
    REQUIRE(c);
    CHECK(c.value().request_id == "req_abc");
    CHECK(c.value().headers.find("openai-processing-ms") == "412");
    CHECK(c.value().rate_limits.requests.remaining == 42);
    CHECK(c.value().rate_limits.requests.reset_after == 2000ms);
}
