#pragma once
/// @file
/// @brief `router_state`: the groups and the state of every deployment, under one lock, with the two steps of a
/// routed attempt: `begin` (pick a deployment and count it in flight) and `end` (record how it went). No I/O
/// happens inside: the router sends between the two steps, with the lock released. It is the in-memory store of
/// routing state; a store shared by a fleet (Redis) would offer the same two steps.

#include <polyllm/error.hpp>
#include <polyllm/router/cooldown.hpp>
#include <polyllm/router/deployment_state.hpp>
#include <polyllm/router/fallback_plan.hpp>
#include <polyllm/router/shared_cooldowns.hpp>
#include <polyllm/router/strategy.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief Hedged requests: when the first deployment of a chat completion has not answered after a delay, the same
/// request goes to a second deployment of the group, the first answer wins and the other is cancelled. At most one
/// hedge per call, and hedges stay within `budget` of the calls (about: two threads may pass the check at once).
/// Never for streams (their content reaches the caller as it arrives), embeddings, or a request marked
/// `idempotent = false`.
///
/// The delay is `after`, or with `at_p95` the group's measured p95 of the time its chat completions took to answer
/// (the first byte of a completion that is not streamed is its whole answer): a hedge then goes out only for the
/// slowest twentieth of calls, whatever the model's usual pace. `after` stands in until `min_samples` answers are
/// measured; `floor` and `cap` bound the measured delay, so that a very fast group does not hedge at every hiccup
/// and a slow one does not wait forever.
struct hedge_policy {
    std::optional<std::chrono::milliseconds> after;  ///< empty: no hedging
    double budget = 0.05;                            ///< extra requests as a share of routed calls
    bool at_p95 = false;                             ///< the delay is the group's measured p95
    std::size_t min_samples = 20;                    ///< answers measured before the p95 replaces `after`
    std::optional<std::chrono::milliseconds> floor{};  ///< with `at_p95`: the shortest delay
    std::optional<std::chrono::milliseconds> cap{};    ///< with `at_p95`: the longest delay
};

/// @brief The last answer times of a group, in a fixed ring: the p95 the hedge delay follows. 64 samples keep the
/// percentile current (a group that slows down is followed within a few dozen calls) and cost nothing to sort.
class answer_times {
public:
    static constexpr std::size_t capacity = 64;
    void add(std::chrono::microseconds sample) noexcept {
        samples_[next_] = sample;
        next_ = (next_ + 1) % capacity;
        if (count_ < capacity) ++count_;
    }
    [[nodiscard]] std::size_t size() const noexcept { return count_; }
    /// @brief The 95th percentile of the samples held (nearest rank), or empty when there are none.
    [[nodiscard]] POLYLLM_DECL std::optional<std::chrono::microseconds> p95() const noexcept;

private:
    std::array<std::chrono::microseconds, capacity> samples_{};
    std::size_t next_ = 0, count_ = 0;
};

/// @brief How a router routes: the strategy, cooldowns, fallbacks, hedging, whether prompts are checked against
/// context windows before they are sent, and whether cooldowns are shared with a fleet.
struct router_options {
    routing_strategy strategy = routing_strategy::shuffle;
    cooldown_policy cooldowns;
    fallback_table fallbacks;
    bool context_window_check = true;
    hedge_policy hedging;
    /// "Now" for cooldowns and rate windows; empty means the steady clock. Tests pass a virtual clock.
    std::function<router_clock::time_point()> clock;
    std::uint64_t seed = 0x9e3779b97f4a7c15;  ///< of the random numbers the strategies draw
    /// Cooldowns shared with the other routers of a fleet (`redis_cooldowns`); empty: this process's own only.
    std::shared_ptr<shared_cooldowns> shared{};
};

/// @brief Counters of one deployment, as `router::metrics()` reports them.
struct deployment_metrics {
    std::string name;
    std::uint64_t calls = 0, failures = 0, cooldowns = 0;
    std::int64_t in_flight = 0;
    std::optional<std::chrono::microseconds> latency;  ///< the moving average strategies use
    cooldown_reason cooling = cooldown_reason::none;
    double cost = 0;  ///< USD of the answers whose cost was known
};

/// @brief Counters of one model group.
struct group_metrics {
    std::string name;
    std::uint64_t calls = 0;           ///< calls that asked for this group
    std::uint64_t failures = 0;        ///< of those, calls that failed in the end
    std::uint64_t fallbacks = 0;       ///< times this group failed and a call went on to a fallback group
    std::uint64_t unavailable = 0;     ///< times every deployment was cooling or at its limits
    std::uint64_t context_skips = 0;   ///< deployments skipped because the prompt exceeded their window
    std::uint64_t hedges = 0;          ///< hedged requests sent
    std::uint64_t hedges_won = 0;      ///< of those, ones that answered first
};

struct router_metrics {
    std::vector<deployment_metrics> deployments;
    std::vector<group_metrics> groups;
};

/// @brief What `router_state::begin` decided.
struct route_choice {
    std::optional<std::size_t> deployment;  ///< the index to send to; empty when none can take the call
    bool too_small = false;                 ///< every deployment not yet tried had a window below the prompt
    std::string unavailable;                ///< when empty-handed: each deployment's state, one per "; "
    std::optional<std::chrono::milliseconds> soonest;  ///< when empty-handed: the shortest cooldown left
};

/// @brief How an attempt ended, for `router_state::end`.
struct attempt_outcome {
    const error* failure = nullptr;  ///< null on success
    std::optional<std::chrono::microseconds> latency;
    const completion* answer = nullptr;  ///< its rate-limit headers, usage and cost
    std::optional<double> cost;  ///< embeddings' cost (no completion)
    std::int64_t tokens = 0;     ///< embeddings' tokens
};

class router_state {
public:
    POLYLLM_DECL explicit router_state(router_options options);

    /// @brief Adds a deployment; its index is the count before. Before the first call only.
    POLYLLM_DECL result<std::size_t> add_deployment(deployment d);
    /// @brief Adds a group of deployments, by name. Before the first call only.
    POLYLLM_DECL result<void> add_group(std::string name, const std::vector<std::string>& deployment_names);

    [[nodiscard]] std::size_t size() const noexcept { return slots_.size(); }
    [[nodiscard]] const deployment& spec(std::size_t i) const noexcept { return slots_[i].spec; }
    [[nodiscard]] POLYLLM_DECL std::optional<std::size_t> find(std::string_view deployment_name) const noexcept;
    /// @brief The members of `group`, or null when there is no such group.
    [[nodiscard]] POLYLLM_DECL const std::vector<std::size_t>* members(std::string_view group) const noexcept;
    [[nodiscard]] const router_options& options() const noexcept { return options_; }
    [[nodiscard]] router_clock::time_point now() const {
        return options_.clock ? options_.clock() : router_clock::now();
    }

    /// @brief The context window of deployment `i` (its max_input_tokens), when known. Fixed once added.
    [[nodiscard]] std::optional<std::int64_t> window(std::size_t i) const noexcept { return slots_[i].window; }

    /// @brief Picks a deployment of `group` that is not in `tried`, whose window holds its prompt (`prompts[i]`
    /// tokens for deployment `i`, where counted), that is not cooling and is under its limits, and counts it in
    /// flight. Takes the lock for a scan of the group; no I/O.
    POLYLLM_DECL route_choice begin(std::string_view group, const std::vector<std::size_t>& tried,
                                    std::span<const std::optional<std::int64_t>> prompts = {});
    /// @brief Records how an attempt on deployment `i` went; true when a failure started a cooldown.
    POLYLLM_DECL bool end(std::size_t i, const attempt_outcome& outcome);

    /// @brief Counts a call asking for `group`, and how it ended.
    POLYLLM_DECL void count_call(std::string_view group, bool failed);
    /// @brief Counts a fallback away from `group`.
    POLYLLM_DECL void count_fallback(std::string_view group);
    /// @brief Counts a routed call as it starts (the base of the hedging budget).
    POLYLLM_DECL void count_start() noexcept;
    /// @brief Whether one more hedge stays within the budget.
    [[nodiscard]] POLYLLM_DECL bool hedge_allowed() const noexcept;
    /// @brief Counts a hedge sent for `group`, and whether it won.
    POLYLLM_DECL void count_hedge(std::string_view group, bool won);
    /// @brief Records how long a chat completion of `group` took to answer (with `hedging.at_p95` only).
    POLYLLM_DECL void record_answer_time(std::string_view group, std::chrono::microseconds took);
    /// @brief How long a call of `group` waits before it is hedged, by the hedge policy; empty without hedging.
    [[nodiscard]] POLYLLM_DECL std::optional<std::chrono::milliseconds> hedge_delay(std::string_view group) const;

    /// @brief Ends the cooldown of deployment `i`, a configuration one included.
    POLYLLM_DECL void clear_cooldown(std::size_t i);
    [[nodiscard]] POLYLLM_DECL router_metrics metrics() const;

private:
    struct slot {
        deployment spec;
        std::optional<std::int64_t> window;  // max input tokens, from the config and the model tables
        deployment_state state;
    };
    struct group {
        std::vector<std::size_t> members;
        group_metrics counters;
        answer_times answered;
    };
    [[nodiscard]] POLYLLM_DECL std::uint64_t next_random() noexcept;
    // Asks the fleet about `members` with no lock held, then adopts what it says under the lock.
    POLYLLM_DECL void adopt_fleet_cooldowns(const std::vector<std::size_t>& members, router_clock::time_point now);

    router_options options_;
    std::vector<slot> slots_;
    std::map<std::string, group, std::less<>> groups_;
    std::vector<deployment_view> views_;  // reused by begin(), under the lock
    std::uint64_t random_;
    std::atomic<std::uint64_t> started_ = 0, hedges_ = 0;  // the hedging budget: counted on every call, lock-free
    mutable std::mutex mutex_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/router/impl/router_state.ipp>
#endif
