#pragma once
/// @file
/// @brief `metrics`: what a connection's calls cost and used — the totals over every response, and a record per recent
/// response (model, cost, latency, response id, timestamp, tokens) in a bounded ring — safe to share between
/// concurrent async calls, and `merge`/`diff`/`copy` for agents that delegate work to other agents.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
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

/// @brief Costs and tokens of a sequence of responses: totals over every response, and the records of the most recent
/// ones (`max_records()` of them, 1000 by default), so that a long-lived client's memory stays flat however many
/// calls it makes. Totals (`size`, `accumulated_cost`, `unknown_costs`, `accumulated_usage`) always cover every
/// response; `records()` and the records behind `diff` cover the recent ones.
class metrics {
public:
    /// The records kept by default: about 0.2 KiB each.
    static constexpr std::size_t default_max_records = 1000;

    metrics() = default;
    /// @brief Keeps the records of the `max_records` most recent responses (0: totals only).
    explicit metrics(std::size_t max_records) : max_records_(max_records) {}
    POLYLLM_DECL metrics(const metrics& other);
    POLYLLM_DECL metrics& operator=(const metrics& other);

    /// @brief Adds a response. A negative, infinite or NaN cost is refused (errc::invalid_config): a bad price
    /// must not silently lower or poison the total.
    POLYLLM_DECL result<void> add(response_record record);

    /// @brief The most recent responses, at most `max_records()`, in the order they were added.
    [[nodiscard]] POLYLLM_DECL std::vector<response_record> records() const;

    /// @brief How many recent records are kept.
    [[nodiscard]] POLYLLM_DECL std::size_t max_records() const;

    /// @brief Every response so far, including those whose records were dropped.
    [[nodiscard]] POLYLLM_DECL std::size_t size() const;

    /// @brief The sum of the known costs (USD) over every response. See `unknown_costs()` for responses that could
    /// not be priced.
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

    /// @brief Adds another connection's responses (a delegate's) to these: its totals, and its recent records.
    POLYLLM_DECL void merge(const metrics& other);

    /// @brief What happened since `baseline`, an earlier copy of these metrics: the totals of the responses added
    /// after it, and those of their records still kept. A baseline that is not such a copy (as far as the records
    /// both still keep tell) is `errc::invalid_config`.
    [[nodiscard]] POLYLLM_DECL result<metrics> diff(const metrics& baseline) const;

private:
    // Sums over every response ever added; a record leaving the ring leaves them unchanged.
    struct totals {
        std::size_t responses = 0;
        std::size_t unknown_costs = 0;
        std::size_t unknown_usage = 0;  // responses that reported no usage at all
        double cost = 0;
        usage tokens;  // each count summed over the responses that reported it
    };

    POLYLLM_DECL static void count(totals& t, const response_record& r);
    POLYLLM_DECL void keep(response_record record);  // into the ring; the oldest leaves when it is full

    mutable std::mutex mutex_;
    std::size_t max_records_ = default_max_records;
    std::deque<response_record> records_;  // the most recent, oldest first
    totals totals_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/metrics.ipp>
#endif
