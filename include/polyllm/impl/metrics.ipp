#pragma once
/// @file
/// @brief The definitions of <polyllm/metrics.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/metrics.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL metrics::metrics(const metrics& other) {
    std::lock_guard lock(other.mutex_);
    max_records_ = other.max_records_;
    records_ = other.records_;
    totals_ = other.totals_;
}

POLYLLM_DECL metrics& metrics::operator=(const metrics& other) {
    if (this != &other) {
        metrics copied(other);
        std::lock_guard lock(mutex_);
        max_records_ = copied.max_records_;
        records_ = std::move(copied.records_);
        totals_ = copied.totals_;
    }
    return *this;
}

POLYLLM_DECL void metrics::count(totals& t, const response_record& r) {
    ++t.responses;
    t.cost += r.cost.value_or(0.0);
    t.unknown_costs += !r.cost;
    t.unknown_usage += !r.usage.reported();
    detail::add_usage(t.tokens, r.usage);
}

POLYLLM_DECL void metrics::keep(response_record record) {
    if (max_records_ == 0) return;
    if (records_.size() == max_records_) records_.pop_front();
    records_.push_back(std::move(record));
}

POLYLLM_DECL result<void> metrics::add(response_record record) {
    if (record.cost && !(std::isfinite(*record.cost) && *record.cost >= 0))
        return error{errc::invalid_config, "a response's cost must be a finite number >= 0"};
    std::lock_guard lock(mutex_);
    count(totals_, record);
    keep(std::move(record));
    return success();
}

POLYLLM_DECL std::vector<response_record> metrics::records() const {
    std::lock_guard lock(mutex_);
    return {records_.begin(), records_.end()};
}

POLYLLM_DECL std::size_t metrics::max_records() const {
    std::lock_guard lock(mutex_);
    return max_records_;
}

POLYLLM_DECL std::size_t metrics::size() const {
    std::lock_guard lock(mutex_);
    return totals_.responses;
}

POLYLLM_DECL double metrics::accumulated_cost() const {
    std::lock_guard lock(mutex_);
    return totals_.cost;
}

POLYLLM_DECL std::size_t metrics::unknown_costs() const {
    std::lock_guard lock(mutex_);
    return totals_.unknown_costs;
}

POLYLLM_DECL std::size_t metrics::unknown_usage() const {
    std::lock_guard lock(mutex_);
    return totals_.unknown_usage;
}

POLYLLM_DECL usage metrics::accumulated_usage() const {
    std::lock_guard lock(mutex_);
    return totals_.tokens;
}

POLYLLM_DECL std::optional<response_record> metrics::last() const {
    std::lock_guard lock(mutex_);
    if (records_.empty()) return std::nullopt;
    return records_.back();
}

POLYLLM_DECL void metrics::merge(const metrics& other) {
    if (&other == this) return;
    const metrics theirs(other);
    std::lock_guard lock(mutex_);
    if (theirs.records_.size() == theirs.totals_.responses) {
        // Every one of theirs is at hand: added one by one, the totals are exactly those of adding them here.
        for (const auto& r : theirs.records_) count(totals_, r);
    } else {
        totals_.responses += theirs.totals_.responses;
        totals_.unknown_costs += theirs.totals_.unknown_costs;
        totals_.unknown_usage += theirs.totals_.unknown_usage;
        totals_.cost += theirs.totals_.cost;
        detail::add_usage(totals_.tokens, theirs.totals_.tokens);
    }
    for (const auto& r : theirs.records_) keep(r);
}

POLYLLM_DECL result<metrics> metrics::diff(const metrics& baseline) const {
    const metrics before(baseline);
    const metrics now(*this);
    const auto refuse = [] {
        return error{errc::invalid_config, "metrics::diff: the baseline is not an earlier copy of these metrics"};
    };
    const std::size_t total_before = before.totals_.responses, total_now = now.totals_.responses;
    if (total_before > total_now) return refuse();
    // Response number n (0-based) is at position n - first in a ring that starts at response number `first`.
    const std::size_t first_before = total_before - before.records_.size();
    const std::size_t first_now = total_now - now.records_.size();
    for (std::size_t n = std::max(first_before, first_now); n < total_before; ++n)
        if (!(before.records_[n - first_before] == now.records_[n - first_now])) return refuse();
    metrics out(now.max_records_);
    const std::size_t added = total_now - total_before;
    const std::size_t kept_from = std::max(total_before, first_now);
    for (std::size_t n = kept_from; n < total_now; ++n) out.keep(now.records_[n - first_now]);
    if (out.records_.size() == added) {
        for (const auto& r : out.records_) count(out.totals_, r);  // exactly as if added one by one
    } else {
        // Some records of the difference have left the ring: the totals are the difference of the totals.
        const auto& a = now.totals_;
        const auto& b = before.totals_;
        out.totals_.responses = added;
        out.totals_.unknown_costs = a.unknown_costs - b.unknown_costs;
        out.totals_.unknown_usage = a.unknown_usage - b.unknown_usage;
        out.totals_.cost = a.cost - b.cost;
        out.totals_.tokens = detail::usage_difference(a.tokens, b.tokens);
    }
    return out;
}

POLYLLM_NAMESPACE_END
