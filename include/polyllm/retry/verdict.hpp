#pragma once
/// @file
/// @brief Whether an error is worth another attempt: the one rule every retry policy starts from.
///
/// An error is classified once, where it is made: the provider reads the status, body and headers and sets
/// `error::verdict`; the transport does for a failure of its own (a certificate that cannot verify is `no`);
/// polyllm's own checks do for theirs (a tool call the model got wrong is `no`). The server's word comes on top: an
/// `x-should-retry` header overrides the classification, as the official SDKs let it. What is left for a retry
/// policy is the wait, from its backoff and the server's hints (`error::retry_after`).

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief The verdict for an error nobody classified, from its kind alone: a rate limit, a timeout, a connection
/// failure, an overloaded or failing server and a conflict are worth another attempt; the rest are not.
[[nodiscard]] constexpr retry_verdict verdict_for(errc kind) noexcept {
    switch (kind) {
        case errc::rate_limited:
        case errc::timeout:
        case errc::connection:
        case errc::service_unavailable:
        case errc::server_error:
        case errc::conflict:
            return retry_verdict::yes;
        default:
            return retry_verdict::no;
    }
}

/// @brief Whether `e` may be retried at all: never a cancelled call; otherwise the server's `x-should-retry` when it
/// sent one, then the classifier's verdict, then the kind's. (Whether a request the server may have received is
/// sent again, and how long to wait, are the policy's: see exponential_backoff.)
[[nodiscard]] inline bool retryable(const error& e) noexcept {
    if (e.kind() == errc::cancelled) return false;
    if (e.should_retry) return *e.should_retry;
    const retry_verdict v = e.verdict == retry_verdict::unspecified ? verdict_for(e.kind()) : e.verdict;
    return v == retry_verdict::yes;
}

POLYLLM_NAMESPACE_END
