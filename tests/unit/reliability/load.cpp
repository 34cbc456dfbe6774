// Load with faults, small enough for CI: 500 requests, 16 in flight over keep-alive, 5% of the replies faulty (resets
// before the status line and mid-body, retried and final 5xx, stalls). The full 10,000 x 64 run is
// benchmarks/load_with_faults.cpp. Memory: LeakSanitizer checks the whole suite in the ci preset.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/load_with_faults.hpp"

#include <algorithm>

TEST_CASE("load with faults: one outcome per request, nothing resent after its response began, no descriptor left",
          "[reliability][load]") {
    polyllm_test::load_settings settings;
    const auto report = polyllm_test::run_load_with_faults(settings);

    CHECK(report.completions == settings.requests);
    CHECK(std::all_of(report.calls_per_request.begin(), report.calls_per_request.end(),
                      [](std::size_t calls) { return calls == 1; }));
    CHECK(report.resent_after_response_began == 0);
    CHECK(report.fds_after == report.fds_before);
    // Every failure is classified, and only as one of the faults injected.
    for (const auto& [kind, count] : report.errors) {
        INFO(polyllm::to_string(kind) << ": " << count);
        CHECK((kind == polyllm::errc::connection || kind == polyllm::errc::server_error ||
               kind == polyllm::errc::timeout || kind == polyllm::errc::service_unavailable));
    }
    // The faults were served and most requests still succeeded (retries absorb the retryable ones).
    std::size_t faults = 0;
    for (const auto& [kind, count] : report.faults_served)
        if (kind != polyllm_test::fault::none) faults += count;
    CHECK(faults >= settings.requests * 2 / 100);
    CHECK(report.successes >= settings.requests * 90 / 100);
    CHECK(report.retry_waits > 0);
}
