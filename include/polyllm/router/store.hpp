#pragma once
/// @file
/// @brief `RoutingStore`: what a router needs of the place its routing state lives — the two steps of an attempt
/// (`begin`: choose a deployment and count it in flight; `end`: record how it went), the call and fallback counters,
/// ending a cooldown, and a snapshot for `metrics()`. `router_state` (in process memory, under one lock) is its
/// model. A fleet shares its cooldowns through `router_options::shared` (router/shared_cooldowns.hpp; Redis in
/// router/redis_store.hpp), which `router_state` asks before its lock and tells after it: the same store, whose
/// cooldowns other processes see, so the router needs no second model and is not parametrized on one.

#include <polyllm/router/router_state.hpp>
#include <polyllm/version.hpp>

#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

template <class S>
concept RoutingStore = requires(S& store, const S& view, std::string_view group, const std::vector<std::size_t>& tried,
                                std::span<const std::optional<std::int64_t>> prompts, std::size_t deployment,
                                const attempt_outcome& outcome) {
    { store.begin(group, tried, prompts) } -> std::same_as<route_choice>;
    { store.end(deployment, outcome) } -> std::same_as<bool>;
    store.count_call(group, true);
    store.count_fallback(group);
    store.clear_cooldown(deployment);
    { view.metrics() } -> std::same_as<router_metrics>;
};

static_assert(RoutingStore<router_state>);

POLYLLM_NAMESPACE_END
