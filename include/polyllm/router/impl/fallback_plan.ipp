#pragma once
/// @file
/// @brief The definitions of <polyllm/router/fallback_plan.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/fallback_plan.hpp>

#include <algorithm>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL failure_kind classify_failure(const error& e) noexcept {
    switch (e.kind()) {
        case errc::success:
        case errc::bad_request:
        case errc::budget_exceeded:
        case errc::cancelled: return failure_kind::final;
        case errc::context_window_exceeded: return failure_kind::context_window;
        case errc::content_policy: return failure_kind::content_policy;
        default: return failure_kind::general;
    }
}

POLYLLM_DECL const std::vector<std::string>& fallback_table::after(std::string_view group, failure_kind kind) const {
    static const std::vector<std::string> none;
    auto in = [&](const lists& l) -> const std::vector<std::string>* {
        auto it = l.find(group);
        return it == l.end() ? nullptr : &it->second;
    };
    if (kind == failure_kind::final) return none;
    if (kind == failure_kind::context_window)
        if (const auto* own = in(context_window)) return *own;
    if (kind == failure_kind::content_policy)
        if (const auto* own = in(content_policy)) return *own;
    const auto* general_list = in(general);
    return general_list ? *general_list : none;
}

POLYLLM_DECL void fallback_plan::failed(const fallback_table& table, failure_kind kind) {
    const std::string* failing = current();
    if (!failing) return;
    // Fallbacks come before the groups already queued: the failing group's own list is the most specific advice.
    const std::string failed_group = *failing;
    auto planned = [&](const std::string& g) {
        return g == first_ || std::find(fallbacks_.begin(), fallbacks_.end(), g) != fallbacks_.end();
    };
    std::vector<std::string> fresh;
    for (const auto& g : table.after(failed_group, kind))
        if (!planned(g) && std::find(fresh.begin(), fresh.end(), g) == fresh.end()) fresh.push_back(g);
    ++next_;
    // The groups after the current one start at fallbacks_[next_ - 1].
    fallbacks_.insert(fallbacks_.begin() + std::ptrdiff_t(next_ - 1), fresh.begin(), fresh.end());
}

POLYLLM_NAMESPACE_END
