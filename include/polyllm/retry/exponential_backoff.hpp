#pragma once
/// @file
/// @brief `exponential_backoff`, the default retry policy: the provider guide's defaults (4 retries, waits
/// clamp(2 s * 2^(n-1), 5 s, 30 s), so 5, 5, 8, 16 s), jitter that only shortens a wait, and the server's
/// `retry-after` hints honoured up to a cap.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/retry/verdict.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

POLYLLM_NAMESPACE_BEGIN

struct exponential_backoff {
    int max_retries = 4;                             ///< retries after the first attempt
    std::chrono::milliseconds min_wait{5000};
    std::chrono::milliseconds max_wait{30000};
    double multiplier = 2.0;                         ///< seconds; the n-th retry waits multiplier * 2^(n-1) s, clamped
    double jitter = 0.25;                            ///< a wait is shortened by up to this fraction; 0: exact waits
    std::chrono::milliseconds max_server_wait{60000};  ///< a server hint above this gives up instead of waiting
    /// false: at most once. A failure after the request was written (`error::request_sent`: the server may have
    /// done and billed it) is not retried; only failures the server cannot have seen are.
    bool resend_sent_requests = true;

    exponential_backoff() = default;

    /// @brief The retry settings of a configuration (num_retries, retry_min_wait, retry_max_wait, retry_multiplier).
    explicit exponential_backoff(const llm_config& cfg)
        : max_retries(cfg.num_retries),
          min_wait(cfg.retry_min_wait),
          max_wait(cfg.retry_max_wait),
          multiplier(cfg.retry_multiplier) {}

    [[nodiscard]] int max_attempts() const noexcept { return max_retries + 1; }

    /// @brief The wait before retry number `retry` (1-based) without jitter or hints.
    [[nodiscard]] std::chrono::milliseconds backoff(int retry) const noexcept {
        const double seconds = multiplier * std::exp2(std::min(retry - 1, 62));
        const double ms = std::clamp(seconds * 1000.0, double(min_wait.count()), double(max_wait.count()));
        return std::chrono::milliseconds(std::llround(ms));
    }

    /// @brief After `attempts_made` failed attempts: the wait before the next, or nothing to give up. Nothing for
    /// an error that is not `retryable`; otherwise the server's `retry_after` when it asked for a wait (up to
    /// `max_server_wait`), else the backoff.
    [[nodiscard]] POLYLLM_DECL std::optional<std::chrono::milliseconds> next_delay(int attempts_made,
                                                                                   const error& e) const;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/retry/impl/exponential_backoff.ipp>
#endif
