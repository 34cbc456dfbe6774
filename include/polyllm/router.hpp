#pragma once
/// @file
/// @brief The router: one call over model groups of deployments, with fallbacks, cooldowns and load balancing
/// (router/router.hpp), cooldowns a fleet shares through Redis (router/redis_store.hpp), and its configuration
/// from config.toml (router/from_config.hpp). See docs/router.md.

#include <polyllm/router/cooldown.hpp>
#include <polyllm/router/deployment_state.hpp>
#include <polyllm/router/fallback_plan.hpp>
#include <polyllm/router/redis_store.hpp>
#include <polyllm/router/resp.hpp>
#include <polyllm/router/router.hpp>
#include <polyllm/router/router_state.hpp>
#include <polyllm/router/shared_cooldowns.hpp>
#include <polyllm/router/store.hpp>
#include <polyllm/router/strategy.hpp>
#include <polyllm/config/router_settings.hpp>
#include <polyllm/router/from_config.hpp>
