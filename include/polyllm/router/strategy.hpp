#pragma once
/// @file
/// @brief Routing strategies: pure choice functions over the views of a group's available deployments. The router
/// filters out what may not be sent to (cooling, over its rpm/tpm or parallel limit, too small for the prompt)
/// and passes a random number; a strategy only picks among the rest.

#include <polyllm/error.hpp>
#include <polyllm/router/deployment_state.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief How a router picks one of a group's available deployments.
enum class routing_strategy : unsigned char {
    shuffle,     ///< at random, in proportion to the weights
    least_busy,  ///< the fewest calls in flight
    latency,     ///< the lowest moving average of latency (time to first token for streams); unmeasured ones first
    headroom,    ///< the most remaining requests/tokens by the last rate-limit headers; unknown counts as full
};

[[nodiscard]] constexpr std::string_view to_string(routing_strategy s) noexcept {
    switch (s) {
        case routing_strategy::shuffle: return "shuffle";
        case routing_strategy::least_busy: return "least_busy";
        case routing_strategy::latency: return "latency";
        case routing_strategy::headroom: return "headroom";
    }
    return "shuffle";
}

/// @brief The strategy named `name` (as in config.toml's `[router] strategy`); anything else is
/// `errc::invalid_config` listing the names.
[[nodiscard]] POLYLLM_DECL result<routing_strategy> parse_routing_strategy(std::string_view name);

/// @brief The position in `candidates` of the deployment `strategy` picks, or empty when there are none.
/// `random` is uniformly distributed over 64 bits: the shuffle's draw, and how the other strategies break ties,
/// so that equal deployments share the load instead of the first one taking it all.
[[nodiscard]] POLYLLM_DECL std::optional<std::size_t> choose_deployment(routing_strategy strategy,
                                                                        std::span<const deployment_view> candidates,
                                                                        std::uint64_t random) noexcept;

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL result<routing_strategy> parse_routing_strategy(std::string_view name) {
    for (auto s : {routing_strategy::shuffle, routing_strategy::least_busy, routing_strategy::latency,
                   routing_strategy::headroom})
        if (to_string(s) == name) return s;
    return error{errc::invalid_config, "unknown routing strategy \"" + std::string(name) +
                                           "\"; the strategies are: shuffle, least_busy, latency, headroom"};
}

namespace detail {

// The best candidate by `better(a, b)` (a strictly better than b); among equals, the one `random` lands on.
template <class Better>
[[nodiscard]] std::size_t best_of(std::span<const deployment_view> c, std::uint64_t random, Better better) noexcept {
    std::size_t best = 0, ties = 1, pick = 0;
    for (std::size_t i = 1; i < c.size(); ++i) {
        if (better(c[i], c[best])) best = i, ties = 1;
        else if (!better(c[best], c[i])) ++ties;
    }
    // The (random % ties)-th of the equals to the best, in order.
    std::size_t wanted = std::size_t(random % ties);
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (better(c[best], c[i]) || better(c[i], c[best])) continue;
        if (wanted-- == 0) { pick = i; break; }
    }
    return pick;
}

}  // namespace detail

POLYLLM_DECL std::optional<std::size_t> choose_deployment(routing_strategy strategy,
                                                          std::span<const deployment_view> c,
                                                          std::uint64_t random) noexcept {
    if (c.empty()) return std::nullopt;
    switch (strategy) {
        case routing_strategy::shuffle: {
            double total = 0;
            for (const auto& d : c) total += d.weight > 0 ? d.weight : 0;
            if (total <= 0) return std::size_t(random % c.size());
            // 53 random bits as a fraction of the total weight.
            double point = double(random >> 11) * 0x1.0p-53 * total;
            for (std::size_t i = 0; i < c.size(); ++i) {
                const double w = c[i].weight > 0 ? c[i].weight : 0;
                if (point < w) return i;
                point -= w;
            }
            for (std::size_t i = c.size(); i-- > 0;)  // rounding at the very end: the last with any weight
                if (c[i].weight > 0) return i;
            return c.size() - 1;
        }
        case routing_strategy::least_busy:
            return detail::best_of(c, random, [](const auto& a, const auto& b) { return a.in_flight < b.in_flight; });
        case routing_strategy::latency:
            return detail::best_of(c, random, [](const auto& a, const auto& b) {
                if (!a.latency || !b.latency) return !a.latency && b.latency.has_value();  // unmeasured: try it
                return *a.latency < *b.latency;
            });
        case routing_strategy::headroom:
            return detail::best_of(c, random, [](const auto& a, const auto& b) {
                const double x = a.headroom.value_or(1.0), y = b.headroom.value_or(1.0);
                if (x != y) return x > y;
                return a.in_flight < b.in_flight;  // equal headroom (often: both unknown): the less busy
            });
    }
    return std::nullopt;
}

POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
