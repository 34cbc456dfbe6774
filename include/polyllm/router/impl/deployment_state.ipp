#pragma once
/// @file
/// @brief The definitions of <polyllm/router/deployment_state.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/deployment_state.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::optional<double> remaining_share(const rate_limits& limits) noexcept {
    std::optional<double> share;
    auto consider = [&share](const rate_limit& r) {
        if (!r.limit || !r.remaining || *r.limit <= 0) return;
        const double s = std::clamp(double(*r.remaining) / double(*r.limit), 0.0, 1.0);
        share = share ? std::min(*share, s) : s;
    };
    consider(limits.requests);
    consider(limits.tokens);
    consider(limits.input_tokens);
    consider(limits.output_tokens);
    return share;
}

POLYLLM_NAMESPACE_END
