#pragma once
/// @file
/// @brief Which failures are worth another attempt, as a table a provider states instead of a function it writes:
/// the statuses its official SDK retries, the kinds it never retries (a spent credit, a rejected key, a prompt too
/// long), the kinds it always retries (overloaded, also as an error event inside a 200 stream). The error readers
/// (wire/error_body.hpp) apply the table when they make an error, setting `error::verdict`, so an error is classified
/// once where it is made; `should_retry` reads that verdict, and applies the table only to errors made elsewhere (a
/// connection failure, a malformed response).
///
///     static constexpr wire::retry_rules retry{.statuses = {408, 409, 429}, .every_5xx = true};
///     bool should_retry(const polyllm::error& e) const noexcept { return wire::should_retry(e, retry); }

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <array>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief A provider's retry table. Unused entries of the lists are 0 and `errc::success`.
struct retry_rules {
    std::array<int, 8> statuses{};  ///< HTTP statuses retried
    bool every_5xx = false;         ///< also every status from 500 to 599
    /// Kinds never retried, whatever the status: retrying cannot succeed, or costs the user.
    std::array<errc, 8> never{errc::quota_exceeded, errc::cancelled, errc::context_window_exceeded,
                              errc::authentication};
    std::array<errc, 4> always{};   ///< kinds always retried, whatever the status (e.g. `service_unavailable`)
    bool before_response = true;    ///< a connection failure or timeout before any response is retried
};

/// @brief What the official OpenAI SDKs retry: 408, 409, 429 and the 5xx gateway and overload statuses.
inline constexpr retry_rules openai_sdk_retry_rules{.statuses = {408, 409, 429, 500, 502, 503, 504}};

/// @brief The table's answer for `e`, ignoring any verdict already on it.
[[nodiscard]] POLYLLM_DECL bool retryable(const error& e, const retry_rules& rules) noexcept;

/// @brief The verdict the table gives `e` (yes or no), for the code that makes the error.
[[nodiscard]] inline retry_verdict verdict_for(const error& e, const retry_rules& rules) noexcept {
    return retryable(e, rules) ? retry_verdict::yes : retry_verdict::no;
}

/// @brief `e.verdict` when the code that made `e` gave one, else the table's answer.
[[nodiscard]] inline bool should_retry(const error& e, const retry_rules& rules) noexcept {
    if (e.verdict != retry_verdict::unspecified) return e.verdict == retry_verdict::yes;
    return retryable(e, rules);
}

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/retry_rules.ipp>
#endif
