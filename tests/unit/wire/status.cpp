// wire::errc_for_status and wire::retry_rules: an HTTP status as an errc, and the retry tables with the verdict an
// error carries.

#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <catch2/catch.hpp>

using namespace polyllm;

namespace {

error http_error(int status, errc kind) {
    error e{kind, "failed"};
    e.http_status = status;
    return e;
}

}  // namespace

TEST_CASE("errc_for_status reads each status family", "[wire][status]") {
    struct row {
        int status;
        errc kind;
    };
    for (auto [status, kind] : {row{400, errc::bad_request}, row{422, errc::bad_request}, row{401, errc::authentication},
                                row{403, errc::permission_denied}, row{404, errc::not_found}, row{408, errc::timeout},
                                row{504, errc::timeout}, row{409, errc::conflict},
                                row{413, errc::context_window_exceeded}, row{429, errc::rate_limited},
                                row{503, errc::service_unavailable}, row{529, errc::service_unavailable},
                                row{500, errc::server_error}, row{502, errc::server_error}, row{418, errc::bad_request},
                                row{200, errc::server_error}}) {
        INFO(status);
        CHECK(wire::errc_for_status(status) == kind);
    }
    static_assert(wire::errc_for_status(429) == errc::rate_limited);  // usable in constant expressions
    CHECK(wire::is_success(204));
    CHECK_FALSE(wire::is_success(302));
}

TEST_CASE("retry_rules: the statuses listed, every 5xx when asked, connection failures before any response",
          "[wire][retry_rules]") {
    constexpr wire::retry_rules sdk = wire::openai_sdk_retry_rules;
    for (int status : {408, 409, 429, 500, 502, 503, 504}) CHECK(wire::retryable(http_error(status, errc::server_error), sdk));
    for (int status : {400, 404, 501, 529}) CHECK_FALSE(wire::retryable(http_error(status, errc::server_error), sdk));

    constexpr wire::retry_rules every{.statuses = {408, 409, 429}, .every_5xx = true};
    CHECK(wire::retryable(http_error(529, errc::service_unavailable), every));
    CHECK(wire::retryable(http_error(501, errc::server_error), every));
    CHECK_FALSE(wire::retryable(http_error(400, errc::bad_request), every));

    CHECK(wire::retryable(http_error(0, errc::connection), sdk));
    CHECK(wire::retryable(http_error(0, errc::timeout), sdk));
    CHECK_FALSE(wire::retryable(http_error(0, errc::malformed_response), sdk));
    constexpr wire::retry_rules no_network{.before_response = false};
    CHECK_FALSE(wire::retryable(http_error(0, errc::connection), no_network));
}

TEST_CASE("retry_rules: a kind never retried wins over the status, a kind always retried over the table",
          "[wire][retry_rules]") {
    constexpr wire::retry_rules rules{.statuses = {429},
                                      .never = {errc::quota_exceeded, errc::content_policy},
                                      .always = {errc::service_unavailable}};
    CHECK_FALSE(wire::retryable(http_error(429, errc::quota_exceeded), rules));  // a spent credit, sent as a 429
    CHECK(wire::retryable(http_error(429, errc::rate_limited), rules));
    CHECK(wire::retryable(http_error(200, errc::service_unavailable), rules));  // overloaded, as a stream's event
    CHECK_FALSE(wire::retryable(http_error(500, errc::content_policy), rules));
    // The default never-list: retrying cannot succeed or costs the user.
    for (auto kind : {errc::quota_exceeded, errc::cancelled, errc::context_window_exceeded, errc::authentication})
        CHECK_FALSE(wire::retryable(http_error(429, kind), wire::openai_sdk_retry_rules));
}

TEST_CASE("should_retry reads the verdict the error was made with, and the table only without one",
          "[wire][retry_rules]") {
    const auto rules = wire::openai_sdk_retry_rules;
    auto e = http_error(400, errc::bad_request);
    CHECK(wire::verdict_for(e, rules) == retry_verdict::no);
    CHECK_FALSE(wire::should_retry(e, rules));
    e.verdict = retry_verdict::yes;  // e.g. a provider that knows this 400 is transient
    CHECK(wire::should_retry(e, rules));

    auto busy = http_error(503, errc::service_unavailable);
    CHECK(wire::verdict_for(busy, rules) == retry_verdict::yes);
    busy.verdict = retry_verdict::no;  // e.g. the transport knows it cannot succeed
    CHECK_FALSE(wire::should_retry(busy, rules));
}
