#pragma once
/// @file
/// @brief The definitions of <polyllm/router/strategy.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/strategy.hpp>

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
