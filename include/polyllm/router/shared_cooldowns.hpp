#pragma once
/// @file
/// @brief `shared_cooldowns`: where the routers of a fleet tell each other that a deployment is cooling down, so
/// that a deployment one process found down (or rate-limited with `Retry-After`) is skipped by all of them at
/// their next choice. `router_state` asks it before taking its lock and tells it after releasing the lock; an
/// implementation that cannot reach its store says so, and routing goes on with the process's own state.
/// `redis_cooldowns` (router/redis_store.hpp) keeps them in Redis.

#include <polyllm/router/deployment_state.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief A cooldown as the fleet shares it: why, and for how long from now (each process's clock is its own).
struct fleet_cooldown {
    cooldown_reason why = cooldown_reason::failures;
    std::chrono::milliseconds left{0};
};

/// @brief The fleet's cooldowns. Called from any thread the router runs on; never with the router's lock held.
class shared_cooldowns {
public:
    virtual ~shared_cooldowns() = default;
    /// @brief Fills `out[k]` with the cooldown the fleet knows of deployment `names[k]`, or leaves it empty when
    /// there is none. False when the fleet could not be asked (then `out` means nothing).
    virtual bool cooling(std::span<const std::string_view> names, std::span<std::optional<fleet_cooldown>> out) = 0;
    /// @brief Tells the fleet that deployment `name` cools down.
    virtual void cooled(std::string_view name, const fleet_cooldown& cooldown) = 0;
    /// @brief Tells the fleet that deployment `name`'s cooldown was ended by hand (its configuration was fixed).
    virtual void cleared(std::string_view name) = 0;
};

POLYLLM_NAMESPACE_END
