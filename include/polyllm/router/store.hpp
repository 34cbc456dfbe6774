#pragma once
/// @file
/// @brief `RoutingStore`: what a router needs of the place its routing state lives — the two steps of an attempt
/// (`begin`: choose a deployment and count it in flight; `end`: record how it went), the call and fallback counters,
/// ending a cooldown, and a snapshot for `metrics()`. `router_state` (in process memory, under one lock) is its one
/// model today. A store shared by a fleet (Redis: cooldowns, failure counts and rpm/tpm budgets in keys, each step
/// one atomic script so that it stays one round trip) would be a second model; the router does not take the store
/// as a parameter yet.

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
