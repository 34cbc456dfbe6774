#pragma once
/// @file
/// @brief Cooldowns: when a deployment stops being sent to and when it is tried again. A deployment that fails more
/// than `allowed_fails` times within `window` cools for `cooldown`; a server that answers with `Retry-After` cools
/// it for as long as it asked; an authentication or configuration error disables it until its configuration is
/// replaced. Pure functions over `deployment_state`, on whatever clock the router runs.

#include <polyllm/error.hpp>
#include <polyllm/router/deployment_state.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <string>

POLYLLM_NAMESPACE_BEGIN

/// @brief When failures cool a deployment down, and for how long.
struct cooldown_policy {
    int allowed_fails = 3;                                  ///< failures tolerated within `window`
    std::chrono::milliseconds window = std::chrono::seconds(60);
    std::chrono::milliseconds cooldown = std::chrono::seconds(30);
    /// The longest pause a server's `Retry-After` can impose, so that a wild hint cannot exile a deployment.
    std::chrono::milliseconds max_retry_after = std::chrono::minutes(10);
};

/// @brief Whether `e` says something about the deployment rather than about the request: a request that is too long,
/// refused by a content filter, malformed or cancelled would fail (or not) the same anywhere, so it neither counts
/// as a failure nor cools the deployment.
[[nodiscard]] POLYLLM_DECL bool counts_against_deployment(const error& e) noexcept;

/// @brief Records a failure of the deployment at `now`, cooling it down when the policy says so; true when this
/// failure started a cooldown.
POLYLLM_DECL bool record_failure(deployment_state& s, const error& e, router_clock::time_point now,
                                 const cooldown_policy& policy);

/// @brief Whether the deployment may be sent to at `now`; a cooldown that has run out ends here (its failures are
/// forgotten, so that one more failure does not cool it again at once).
POLYLLM_DECL bool cooled_down(deployment_state& s, router_clock::time_point now) noexcept;

/// @brief Ends any cooldown, the configuration one included: for a deployment whose configuration was replaced.
POLYLLM_DECL void clear_cooldown(deployment_state& s) noexcept;

/// @brief One line on the state of `name` at `now`, for the error of a group with nothing available:
/// "primary: cooling down as the server asked, 42 s left (last error: rate_limited (HTTP 429))".
[[nodiscard]] POLYLLM_DECL std::string describe_state(const std::string& name, const deployment_state& s,
                                                      router_clock::time_point now);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/router/impl/cooldown.ipp>
#endif
