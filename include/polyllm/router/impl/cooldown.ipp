#pragma once
/// @file
/// @brief The definitions of <polyllm/router/cooldown.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/cooldown.hpp>

#include <cstdio>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL bool counts_against_deployment(const error& e) noexcept {
    switch (e.kind()) {
        case errc::success:
        case errc::bad_request:
        case errc::context_window_exceeded:
        case errc::content_policy:
        case errc::budget_exceeded:
        case errc::unsupported:
        case errc::cancelled: return false;
        default: return true;
    }
}

POLYLLM_DECL bool record_failure(deployment_state& s, const error& e, router_clock::time_point now,
                                 const cooldown_policy& policy) {
    s.last_error = std::string(to_string(e.kind()));
    if (e.http_status != 0) s.last_error += " (HTTP " + std::to_string(e.http_status) + ")";
    if (!counts_against_deployment(e)) return false;
    ++s.failures;
    (void)cooled_down(s, now);  // a cooldown that ran out is over before this failure is weighed
    auto enter = [&](cooldown_reason why, router_clock::time_point until) {
        const bool started = s.cooling == cooldown_reason::none;
        // A running cooldown is only ever lengthened; a configuration one never ends by time.
        if (s.cooling == cooldown_reason::configuration) return false;
        s.cooling = why;
        s.cooling_from_fleet = false;  // this process's own now
        s.cooldown_until = started ? until : std::max(s.cooldown_until, until);
        if (started) ++s.cooldowns;
        return started;
    };
    const auto kind = e.kind();
    if (kind == errc::authentication || kind == errc::permission_denied || kind == errc::invalid_config)
        return enter(cooldown_reason::configuration, router_clock::time_point::max());
    if ((kind == errc::rate_limited || kind == errc::service_unavailable) && e.retry_after &&
        e.retry_after->count() > 0)
        return enter(cooldown_reason::retry_after, now + std::min(*e.retry_after, policy.max_retry_after));
    while (!s.recent_failures.empty() && s.recent_failures.front() + policy.window <= now)
        s.recent_failures.pop_front();
    s.recent_failures.push_back(now);
    if (std::int64_t(s.recent_failures.size()) > std::int64_t(policy.allowed_fails))
        return enter(cooldown_reason::failures, now + policy.cooldown);
    return false;
}

POLYLLM_DECL bool cooled_down(deployment_state& s, router_clock::time_point now) noexcept {
    if (s.cooling == cooldown_reason::none) return true;
    // A configuration cooldown adopted from the fleet is shared for a time only (redis_store.hpp): it ends then.
    if ((s.cooling == cooldown_reason::configuration && !s.cooling_from_fleet) || now < s.cooldown_until) return false;
    s.cooling = cooldown_reason::none;
    s.cooling_from_fleet = false;
    s.recent_failures.clear();
    return true;
}

POLYLLM_DECL void clear_cooldown(deployment_state& s) noexcept {
    s.cooling = cooldown_reason::none;
    s.cooling_from_fleet = false;
    s.cooldown_until = {};
    s.recent_failures.clear();
}

POLYLLM_DECL std::string describe_state(const std::string& name, const deployment_state& s,
                                        router_clock::time_point now) {
    std::string out = name + ": " + std::string(to_string(s.cooling));
    if (s.cooling == cooldown_reason::failures || s.cooling == cooldown_reason::retry_after) {
        const auto left = std::chrono::duration<double>(s.cooldown_until - now).count();
        char text[40];
        std::snprintf(text, sizeof text, ", %.3g s left", left > 0 ? left : 0.0);
        out += text;
    }
    if (!s.last_error.empty()) out += " (last error: " + s.last_error + ")";
    return out;
}

POLYLLM_NAMESPACE_END
