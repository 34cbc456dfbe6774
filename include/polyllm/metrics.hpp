#pragma once
/// @file
/// @brief `metrics`: what a connection's calls cost and used — a record per response (model, cost, latency,
/// response id, timestamp, tokens) and the totals — safe to share between concurrent async calls, and
/// `merge`/`diff`/`copy` for agents that delegate work to other agents.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief One response.
struct response_record {
    std::string model;
    std::string response_id;
    std::optional<double> cost;  ///< USD; empty when a price was unknown (never a silent zero)
    std::chrono::milliseconds latency{0};
    std::chrono::system_clock::time_point timestamp{};
    polyllm::usage usage;
    std::optional<std::int64_t> context_window;  ///< the model's input limit, for "how full was the context"

    friend bool operator==(const response_record&, const response_record&) = default;
};

/// @brief Costs and tokens of a sequence of responses.
class metrics {
public:
    metrics() = default;
    POLYLLM_DECL metrics(const metrics& other);
    POLYLLM_DECL metrics& operator=(const metrics& other);

    /// @brief Adds a response. A negative, infinite or NaN cost is refused (errc::invalid_config): a bad price
    /// must not silently lower or poison the total.
    POLYLLM_DECL result<void> add(response_record record);

    /// @brief Every response so far, in the order they were added.
    [[nodiscard]] POLYLLM_DECL std::vector<response_record> records() const;

    [[nodiscard]] POLYLLM_DECL std::size_t size() const;

    /// @brief The sum of the known costs (USD). See `unknown_costs()` for responses that could not be priced.
    [[nodiscard]] POLYLLM_DECL double accumulated_cost() const;

    /// @brief How many responses had no known price.
    [[nodiscard]] POLYLLM_DECL std::size_t unknown_costs() const;
    /// @brief How many responses reported no usage (no prompt and no completion count): their tokens are in no sum.
    [[nodiscard]] POLYLLM_DECL std::size_t unknown_usage() const;

    /// @brief Tokens summed over every response.
    [[nodiscard]] POLYLLM_DECL usage accumulated_usage() const;

    /// @brief The latest response's record, if any: its prompt tokens against its context window tell how full the
    /// context was on the last turn.
    [[nodiscard]] POLYLLM_DECL std::optional<response_record> last() const;

    /// @brief A snapshot, for taking a baseline before delegating.
    [[nodiscard]] metrics copy() const { return *this; }

    /// @brief Adds another connection's responses (a delegate's) to these.
    POLYLLM_DECL void merge(const metrics& other);

    /// @brief What happened since `baseline`, an earlier copy of these metrics: the responses added after it. A
    /// baseline that is not such a copy is `errc::invalid_config`.
    [[nodiscard]] POLYLLM_DECL result<metrics> diff(const metrics& baseline) const;

private:
    mutable std::mutex mutex_;
    std::vector<response_record> records_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL metrics::metrics(const metrics& other) : records_(other.records()) {}

POLYLLM_DECL metrics& metrics::operator=(const metrics& other) {
    if (this != &other) {
        auto copied = other.records();
        std::lock_guard lock(mutex_);
        records_ = std::move(copied);
    }
    return *this;
}

POLYLLM_DECL result<void> metrics::add(response_record record) {
    if (record.cost && !(std::isfinite(*record.cost) && *record.cost >= 0))
        return error{errc::invalid_config, "a response's cost must be a finite number >= 0"};
    std::lock_guard lock(mutex_);
    records_.push_back(std::move(record));
    return success();
}

POLYLLM_DECL std::vector<response_record> metrics::records() const {
    std::lock_guard lock(mutex_);
    return records_;
}

POLYLLM_DECL std::size_t metrics::size() const {
    std::lock_guard lock(mutex_);
    return records_.size();
}

POLYLLM_DECL double metrics::accumulated_cost() const {
    std::lock_guard lock(mutex_);
    double total = 0;
    for (const auto& r : records_) total += r.cost.value_or(0.0);
    return total;
}

POLYLLM_DECL std::size_t metrics::unknown_costs() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& r : records_) n += !r.cost;
    return n;
}

POLYLLM_DECL std::size_t metrics::unknown_usage() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& r : records_) n += !r.usage.reported();
    return n;
}

POLYLLM_DECL usage metrics::accumulated_usage() const {
    std::lock_guard lock(mutex_);
    usage total;
    for (const auto& r : records_) {
        detail::add_count(total.prompt_tokens, r.usage.prompt_tokens);
        detail::add_count(total.completion_tokens, r.usage.completion_tokens);
        detail::add_count(total.cache_read_tokens, r.usage.cache_read_tokens);
        detail::add_count(total.cache_write_tokens, r.usage.cache_write_tokens);
        detail::add_count(total.cache_write_1h_tokens, r.usage.cache_write_1h_tokens);
        detail::add_count(total.reasoning_tokens, r.usage.reasoning_tokens);
    }
    return total;
}

POLYLLM_DECL std::optional<response_record> metrics::last() const {
    std::lock_guard lock(mutex_);
    if (records_.empty()) return std::nullopt;
    return records_.back();
}

POLYLLM_DECL void metrics::merge(const metrics& other) {
    if (&other == this) return;
    auto theirs = other.records();
    std::lock_guard lock(mutex_);
    records_.insert(records_.end(), std::make_move_iterator(theirs.begin()), std::make_move_iterator(theirs.end()));
}

POLYLLM_DECL result<metrics> metrics::diff(const metrics& baseline) const {
    auto before = baseline.records();
    auto now = records();
    if (before.size() > now.size() || !std::equal(before.begin(), before.end(), now.begin()))
        return error{errc::invalid_config, "metrics::diff: the baseline is not an earlier copy of these metrics"};
    metrics out;
    out.records_.assign(std::make_move_iterator(now.begin() + std::ptrdiff_t(before.size())),
                        std::make_move_iterator(now.end()));
    return out;
}

POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
