#pragma once
/// @file
/// @brief What a router knows of one deployment: its fixed description (`deployment`: a name, a full `llm_config`,
/// weight and local limits) and its changing state (`deployment_state`: calls in flight, measured latency, the
/// headroom the last rate-limit headers reported, failures and cooldown). Strategies and cooldowns read and write
/// these values only, never a connection, so both are tested without I/O.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

POLYLLM_NAMESPACE_BEGIN

/// @brief The clock routing decisions are made on. A router takes a function returning its "now", so tests run
/// cooldowns and rate windows on a virtual clock.
using router_clock = std::chrono::steady_clock;

/// @brief One deployment of a model group: a complete connection configuration and how much it may take.
struct deployment {
    std::string name{};                      ///< unique in the router: the `[llm.<name>]` section it came from
    llm_config config{};                     ///< provider/model, key, base URL, region, retries ...
    double weight = 1.0;                     ///< share under shuffle; 0: a standby, used when no other can be
    std::optional<std::int64_t> rpm{};       ///< requests per minute this router sends at most
    std::optional<std::int64_t> tpm{};       ///< tokens per minute (prompt + completion, as reported) at most
    std::optional<std::int64_t> max_parallel_requests{};  ///< calls in flight at most
};

/// @brief Why a deployment is not being sent to.
enum class cooldown_reason : unsigned char {
    none,           ///< available
    failures,       ///< more than `allowed_fails` failures in the window
    retry_after,    ///< the server asked for a pause (429/503 with `Retry-After`)
    configuration,  ///< an authentication or configuration error: until the configuration changes
};

[[nodiscard]] constexpr std::string_view to_string(cooldown_reason r) noexcept {
    switch (r) {
        case cooldown_reason::none: return "available";
        case cooldown_reason::failures: return "cooling down after failures";
        case cooldown_reason::retry_after: return "cooling down as the server asked";
        case cooldown_reason::configuration: return "disabled until its configuration changes";
    }
    return "unknown";
}

/// @brief The headroom the last response's rate-limit headers reported, valid until their window resets.
struct reported_headroom {
    std::optional<double> fraction;  ///< the smallest remaining/limit of requests and tokens; empty when unknown
    std::optional<std::int64_t> request_limit;  ///< to deduct the calls sent since, which the headers cannot know
    router_clock::time_point valid_until{};
};

/// @brief The changing state of one deployment. The router keeps one per deployment under its lock.
struct deployment_state {
    std::int64_t in_flight = 0;
    /// Moving average of time to first token (streams) or of the whole call (others); empty before the first.
    std::optional<std::chrono::microseconds> latency;
    reported_headroom headroom;
    std::deque<router_clock::time_point> recent_failures;  ///< within the failure window, oldest first
    cooldown_reason cooling = cooldown_reason::none;
    router_clock::time_point cooldown_until{};
    std::string last_error;  ///< "rate_limited (HTTP 429)": told when the whole group is unavailable
    bool cooling_from_fleet = false;  ///< the cooldown was another router's (shared_cooldowns): ends when the fleet's does
    // The local rpm/tpm budget, counted over fixed one-minute windows.
    router_clock::time_point minute_began{};
    std::int64_t requests_this_minute = 0;
    std::int64_t tokens_this_minute = 0;
    // Counters for metrics.
    std::uint64_t calls = 0;
    std::uint64_t failures = 0;
    std::uint64_t cooldowns = 0;
    double cost = 0;
};

/// @brief What a strategy sees of one candidate: enough to choose, nothing to change.
struct deployment_view {
    std::size_t index = 0;  ///< the deployment's position in its group
    double weight = 1.0;
    std::int64_t in_flight = 0;
    std::optional<std::chrono::microseconds> latency;
    std::optional<double> headroom;  ///< remaining share by the last headers, in flight deducted; empty when unknown
};

/// @brief The remaining share of a deployment's rate limits by `limits`: the scarcest of requests and tokens, in
/// [0, 1]; empty when the headers told neither a limit nor a remaining count.
[[nodiscard]] POLYLLM_DECL std::optional<double> remaining_share(const rate_limits& limits) noexcept;

/// @brief How the latency average moves: each new sample counts for a fifth, so a deployment that slows down is
/// noticed within a few calls, and one slow call does not exile it.
[[nodiscard]] constexpr std::chrono::microseconds moving_average(std::optional<std::chrono::microseconds> average,
                                                                 std::chrono::microseconds sample) noexcept {
    if (!average) return sample;
    return *average + (sample - *average) / 5;
}

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/router/impl/deployment_state.ipp>
#endif
