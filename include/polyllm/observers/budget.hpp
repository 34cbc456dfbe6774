#pragma once
/// @file
/// @brief The observer that refuses a call once `llm_config::max_budget` is spent, before anything is sent.

#include <polyllm/error.hpp>
#include <polyllm/metrics.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/version.hpp>

#include <cstdio>

POLYLLM_NAMESPACE_BEGIN

/// @brief Reads what was spent from `spent` at each call, so that metrics merged in from elsewhere (a delegate's)
/// count against the budget too.
struct budget_guard {
    const polyllm::metrics& spent;

    [[nodiscard]] result<void> before_call(const call_info& info) const {
        if (!info.config.max_budget || info.kind == call_kind::count_tokens) return success();  // counting is free
        const double total = spent.accumulated_cost();
        if (total < *info.config.max_budget) return success();
        char text[160];
        std::snprintf(text, sizeof text, "max_budget is spent: $%.6f of $%.6f; nothing was sent", total,
                      *info.config.max_budget);
        return error{errc::budget_exceeded, text};
    }
};

POLYLLM_NAMESPACE_END
