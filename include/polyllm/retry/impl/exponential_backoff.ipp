#pragma once
/// @file
/// @brief The definitions of <polyllm/retry/exponential_backoff.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/retry/exponential_backoff.hpp>

#include <random>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::optional<std::chrono::milliseconds> exponential_backoff::next_delay(int attempts_made,
                                                                                      const error& e) const {
    if (attempts_made > max_retries || !retryable(e)) return std::nullopt;
    if (e.request_sent && !resend_sent_requests) return std::nullopt;
    if (e.retry_after && e.retry_after->count() >= 0) {
        if (*e.retry_after > max_server_wait) return std::nullopt;  // the server asks for longer than we wait
        return *e.retry_after;
    }
    auto wait = backoff(attempts_made);
    if (jitter > 0) {
        // Per-thread generator: the policy stays stateless and safe to share between threads.
        thread_local std::minstd_rand generator{std::random_device{}()};
        std::uniform_real_distribution<double> shorten(0.0, std::min(jitter, 1.0));
        wait = std::chrono::milliseconds(std::llround(double(wait.count()) * (1.0 - shorten(generator))));
    }
    return wait;
}

POLYLLM_NAMESPACE_END
