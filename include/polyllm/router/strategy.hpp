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
#include <polyllm/router/impl/strategy.ipp>
#endif
