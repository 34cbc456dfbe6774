// The built-in providers on wire/: each error is classified once, where it is made, with a retry verdict that agrees
// with the provider's should_retry, whether it came as a response body or as an error event inside a 200 stream.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

struct row {
    int status;
    const char* fixture;
    retry_verdict verdict;
};

template <class P>
void check_bodies(const std::vector<row>& rows) {
    const llm_config cfg;
    const typename P::options options;
    for (const auto& [status, name, verdict] : rows) {
        INFO(name);
        auto parsed = P{}.parse(http_response{status, {}, {}, fixture(name)}, {cfg, options});
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().verdict == verdict);
        auto without = parsed.error();
        without.verdict = retry_verdict::unspecified;  // the table alone says the same
        CHECK(P{}.should_retry(without) == (verdict == retry_verdict::yes));
    }
}

// The error a provider's stream decoder makes of its stream-error-midway.sse fixture.
template <class P>
error stream_error(const std::string& sse) {
    const llm_config cfg;
    const typename P::options options;
    auto decoder = P{}.make_stream_decoder({cfg, options, true});
    auto fed = decoder.feed(sse, [](stream_event&&) { return true; });
    REQUIRE_FALSE(fed);
    return fed.error();
}

}  // namespace

TEST_CASE("anthropic's errors carry their verdict from where they are made", "[wire][verdict][anthropic]") {
    check_bodies<anthropic>({{529, "anthropic/error-overloaded.json", retry_verdict::yes},
                             {429, "anthropic/error-rate-limit.json", retry_verdict::yes},
                             {400, "anthropic/error-prompt-too-long.json", retry_verdict::no},
                             {400, "anthropic/error-credit-balance.json", retry_verdict::no},
                             {401, "anthropic/error-authentication.json", retry_verdict::no},
                             {502, "anthropic/error-gateway.html", retry_verdict::yes}});
    const auto e = stream_error<anthropic>(fixture("anthropic/stream-error-midway.sse"));
    CHECK(e.http_status == 200);
    CHECK(e.verdict == (anthropic{}.should_retry(e) ? retry_verdict::yes : retry_verdict::no));
    CHECK(e.verdict != retry_verdict::unspecified);
}

TEST_CASE("gemini's errors carry their verdict from where they are made", "[wire][verdict][gemini]") {
    check_bodies<gemini>({{503, "gemini/error-unavailable.json", retry_verdict::yes},
                          {429, "gemini/error-resource-exhausted.json", retry_verdict::yes},
                          {400, "gemini/error-context-window.json", retry_verdict::no},
                          {400, "gemini/error-api-key-invalid.json", retry_verdict::no},
                          {502, "gemini/error-gateway.html", retry_verdict::yes}});
    const auto e = stream_error<gemini>(fixture("gemini/stream-error-midway.sse"));
    CHECK(e.verdict != retry_verdict::unspecified);
}

TEST_CASE("openai's errors carry their verdict from where they are made", "[wire][verdict][openai]") {
    check_bodies<openai>({{429, "openai/error-rate-limit.json", retry_verdict::yes},
                          {429, "openai/error-insufficient-quota.json", retry_verdict::no},
                          {400, "openai/error-context-length.json", retry_verdict::no},
                          {401, "openai/error-invalid-api-key.json", retry_verdict::no},
                          {500, "openai/error-server.json", retry_verdict::yes},
                          {502, "openai/error-gateway.html", retry_verdict::yes}});
    const auto e = stream_error<openai>(fixture("openai/stream-error-midway.sse"));
    CHECK(e.verdict != retry_verdict::unspecified);
}
