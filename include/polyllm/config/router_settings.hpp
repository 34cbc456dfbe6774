#pragma once
/// @file
/// @brief The `[router]` section of a config.toml: the strategy, cooldowns, model groups, fallbacks and per-deployment
/// limits. Its deployments are the file's `[llm.<name>]` sections, read as usual (config_loader.hpp); this reads only
/// what routes between them, and checks every key, with the file's line in each message.
///
///     [router]
///     strategy = "headroom"          # shuffle | least_busy | latency | headroom
///     cooldown_seconds = 60          # also: allowed_fails, failure_window_seconds, context_window_check,
///                                    # hedge_after_seconds, hedge_budget, hedge_at_p95, hedge_min_samples,
///                                    # hedge_floor_seconds, hedge_cap_seconds
///     redis_url = "redis://127.0.0.1:6379/0"  # optional: cooldowns shared by every router using this Redis;
///                                    # also redis_key_prefix
///     [router.groups]
///     smart = ["primary"]
///     [router.fallbacks]             # also [router.context_window_fallbacks], [router.content_policy_fallbacks]
///     smart = ["backup"]
///     [router.deployments.primary]   # optional: weight, rpm, tpm, max_parallel_requests
///     rpm = 500

#include <polyllm/config/toml_reader.hpp>
#include <polyllm/error.hpp>
#include <polyllm/router/resp.hpp>
#include <polyllm/router/router_state.hpp>
#include <polyllm/version.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief A deployment's share and limits, from `[router.deployments.<name>]`.
struct deployment_limits {
    double weight = 1.0;
    std::optional<std::int64_t> rpm, tpm, max_parallel_requests;
};

/// @brief What `[router]` says.
struct router_settings {
    router_options options;  ///< strategy, cooldowns, fallbacks, context_window_check
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;  ///< by name
    std::map<std::string, deployment_limits, std::less<>> limits;
    std::optional<redis_address> redis;  ///< `redis_url`: where the fleet's cooldowns are shared
    std::string redis_key_prefix;        ///< empty: redis_options' default
};

/// @brief The `[router]` section of a parsed config.toml, or empty when it has none. Unknown keys, wrong types and
/// fallbacks naming no group are `errc::invalid_config` naming the file and line.
[[nodiscard]] POLYLLM_DECL result<std::optional<router_settings>> read_router_settings(const toml::table& root,
                                                                                       std::string_view source);

/// @brief `read_router_settings` over a config.toml's text.
[[nodiscard]] POLYLLM_DECL result<std::optional<router_settings>> parse_router_toml(std::string_view text,
                                                                                    std::string_view source);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/config/impl/router_settings.ipp>
#endif
