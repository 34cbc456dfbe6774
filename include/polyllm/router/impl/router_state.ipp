#pragma once
/// @file
/// @brief The definitions of <polyllm/router/router_state.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/router_state.hpp>

#include <polyllm/models.hpp>

#include <algorithm>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL router_state::router_state(router_options options)
    : options_(std::move(options)), random_(options_.seed) {}

POLYLLM_DECL result<std::size_t> router_state::add_deployment(deployment d) {
    if (d.name.empty()) return error{errc::invalid_config, "a deployment needs a name"};
    if (find(d.name)) return error{errc::invalid_config, "two deployments are named \"" + d.name + "\""};
    if (!(d.weight >= 0)) return error{errc::invalid_config, "deployment \"" + d.name + "\": weight must be >= 0"};
    const auto window = effective_model_info(d.config).max_input_tokens;
    slots_.push_back(slot{std::move(d), window, {}});
    return slots_.size() - 1;
}

POLYLLM_DECL result<void> router_state::add_group(std::string name, const std::vector<std::string>& names) {
    if (name.empty()) return error{errc::invalid_config, "a model group needs a name"};
    if (names.empty()) return error{errc::invalid_config, "model group \"" + name + "\" has no deployments"};
    group g;
    g.counters.name = name;
    for (const auto& n : names) {
        const auto i = find(n);
        if (!i) return error{errc::invalid_config, "model group \"" + name + "\" names deployment \"" + n +
                                                       "\", which is not defined (no [llm." + n + "] section)"};
        g.members.push_back(*i);
    }
    groups_.insert_or_assign(std::move(name), std::move(g));
    return success();
}

POLYLLM_DECL std::optional<std::size_t> router_state::find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < slots_.size(); ++i)
        if (slots_[i].spec.name == name) return i;
    return std::nullopt;
}

POLYLLM_DECL const std::vector<std::size_t>* router_state::members(std::string_view name) const noexcept {
    auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : &it->second.members;
}

POLYLLM_DECL std::uint64_t router_state::next_random() noexcept {
    // splitmix64: cheap, and good enough to spread load.
    std::uint64_t z = (random_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

POLYLLM_DECL route_choice router_state::begin(std::string_view group_name, const std::vector<std::size_t>& tried,
                                              std::span<const std::optional<std::int64_t>> prompts) {
    const auto now = this->now();  // outside the lock: a user's clock may take its own
    route_choice out;
    auto g = groups_.find(group_name);  // groups are fixed after setup: found without the lock
    if (g == groups_.end()) return out;
    if (options_.shared) adopt_fleet_cooldowns(g->second.members, now);
    std::lock_guard lock(mutex_);
    views_.clear();
    std::size_t untried = 0, too_small = 0;
    for (const auto i : g->second.members) {
        if (std::find(tried.begin(), tried.end(), i) != tried.end()) continue;
        ++untried;
        auto& s = slots_[i];
        auto& st = s.state;
        if (options_.context_window_check && i < prompts.size() && prompts[i] && s.window && *prompts[i] > *s.window) {
            ++too_small;
            ++g->second.counters.context_skips;
            continue;
        }
        if (now - st.minute_began >= std::chrono::minutes(1)) {
            st.minute_began = now;
            st.requests_this_minute = st.tokens_this_minute = 0;
        }
        const bool cool = cooled_down(st, now);
        const bool limited = (s.spec.rpm && st.requests_this_minute >= *s.spec.rpm) ||
                             (s.spec.tpm && st.tokens_this_minute >= *s.spec.tpm) ||
                             (s.spec.max_parallel_requests && st.in_flight >= *s.spec.max_parallel_requests);
        if (!cool || limited) {
            out.unavailable += (out.unavailable.empty() ? "" : "; ");
            if (!cool) {
                out.unavailable += describe_state(s.spec.name, st, now);
                if (st.cooling != cooldown_reason::configuration) {
                    const auto left = std::chrono::ceil<std::chrono::milliseconds>(st.cooldown_until - now);
                    out.soonest = out.soonest ? std::min(*out.soonest, left) : left;
                }
            } else {
                out.unavailable += s.spec.name + ": at its rpm, tpm or max_parallel_requests limit";
                // The rpm/tpm window's end; a deployment full of calls in flight frees up at no time one can tell.
                const auto left =
                    std::chrono::ceil<std::chrono::milliseconds>(st.minute_began + std::chrono::minutes(1) - now);
                if (!st.in_flight || !s.spec.max_parallel_requests)
                    out.soonest = out.soonest ? std::min(*out.soonest, left) : left;
            }
            continue;
        }
        std::optional<double> headroom;
        if (st.headroom.fraction && now < st.headroom.valid_until) {
            headroom = *st.headroom.fraction;
            if (st.headroom.request_limit && *st.headroom.request_limit > 0)
                *headroom -= double(st.in_flight) / double(*st.headroom.request_limit);
        }
        views_.push_back({i, s.spec.weight, st.in_flight, st.latency, headroom});
    }
    out.too_small = untried > 0 && too_small == untried;
    const auto pick = choose_deployment(options_.strategy, views_, next_random());
    if (!pick) {
        if (untried > too_small) ++g->second.counters.unavailable;
        return out;
    }
    const auto i = views_[*pick].index;
    auto& st = slots_[i].state;
    ++st.in_flight;
    ++st.calls;
    ++st.requests_this_minute;
    out.deployment = i;
    out.unavailable.clear();
    out.soonest.reset();
    return out;
}

POLYLLM_DECL void router_state::adopt_fleet_cooldowns(const std::vector<std::size_t>& members,
                                                     router_clock::time_point now) {
    std::vector<std::string_view> names;  // names are fixed after setup: read without the lock
    names.reserve(members.size());
    for (const auto i : members) names.push_back(slots_[i].spec.name);
    std::vector<std::optional<fleet_cooldown>> found(members.size());
    if (!options_.shared->cooling(names, found)) return;  // the fleet is out of reach: this process's state only
    std::lock_guard lock(mutex_);
    for (std::size_t k = 0; k < members.size(); ++k) {
        auto& st = slots_[members[k]].state;
        if (!found[k] || found[k]->left <= std::chrono::milliseconds(0)) {
            if (st.cooling_from_fleet) polyllm::clear_cooldown(st);  // the fleet's cooldown was ended by hand
            continue;
        }
        const auto until = now + found[k]->left;
        if (st.cooling == cooldown_reason::none) {
            st.cooling = found[k]->why;
            st.cooling_from_fleet = true;
            st.cooldown_until = until;
            if (st.last_error.empty()) st.last_error = "reported by another router";
        } else if (st.cooling != cooldown_reason::configuration && st.cooldown_until < until) {
            st.cooldown_until = until;
        }
    }
}

POLYLLM_DECL bool router_state::end(std::size_t i, const attempt_outcome& o) {
    const auto now = this->now();
    std::unique_lock lock(mutex_);
    auto& st = slots_[i].state;
    --st.in_flight;
    if (o.failure) {
        if (!record_failure(st, *o.failure, now, options_.cooldowns)) return false;
        if (options_.shared) {
            // A configuration cooldown is this process's until its configuration changes, but the fleet's only for
            // a cooldown's time: another process may have the fixed key, and would otherwise never be told.
            const fleet_cooldown shared{st.cooling, st.cooling == cooldown_reason::configuration
                                                        ? options_.cooldowns.cooldown
                                                        : std::chrono::ceil<std::chrono::milliseconds>(
                                                              st.cooldown_until - now)};
            lock.unlock();
            options_.shared->cooled(slots_[i].spec.name, shared);
        }
        return true;
    }
    if (o.latency) st.latency = moving_average(st.latency, *o.latency);
    std::int64_t tokens = o.tokens;
    std::optional<double> cost = o.cost;
    if (o.answer) {
        const auto& limits = o.answer->rate_limits;
        if (auto share = remaining_share(limits)) {
            auto reset = std::max(limits.requests.reset_after.value_or(std::chrono::milliseconds(0)),
                                  limits.tokens.reset_after.value_or(std::chrono::milliseconds(0)));
            if (reset <= std::chrono::milliseconds(0)) reset = std::chrono::minutes(1);
            st.headroom = {share, limits.requests.limit, now + reset};
        }
        tokens = o.answer->usage.total_tokens().value_or(o.answer->usage.prompt_tokens.value_or(0));
        cost = o.answer->cost;
    }
    st.tokens_this_minute += tokens;
    if (cost) st.cost += *cost;
    return false;
}

POLYLLM_DECL void router_state::count_call(std::string_view name, bool failed) {
    std::lock_guard lock(mutex_);
    if (auto g = groups_.find(name); g != groups_.end()) {
        ++g->second.counters.calls;
        if (failed) ++g->second.counters.failures;
    }
}

POLYLLM_DECL void router_state::count_fallback(std::string_view name) {
    std::lock_guard lock(mutex_);
    if (auto g = groups_.find(name); g != groups_.end()) ++g->second.counters.fallbacks;
}

POLYLLM_DECL void router_state::count_start() noexcept {
    if (options_.hedging.after) started_.fetch_add(1, std::memory_order_relaxed);
}

POLYLLM_DECL bool router_state::hedge_allowed() const noexcept {
    return double(hedges_.load(std::memory_order_relaxed) + 1) <=
           options_.hedging.budget * double(started_.load(std::memory_order_relaxed));
}

POLYLLM_DECL void router_state::count_hedge(std::string_view name, bool won) {
    if (!won) hedges_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    auto g = groups_.find(name);
    if (g == groups_.end()) return;
    ++(won ? g->second.counters.hedges_won : g->second.counters.hedges);
}

POLYLLM_DECL std::optional<std::chrono::microseconds> answer_times::p95() const noexcept {
    if (count_ == 0) return std::nullopt;
    auto sorted = samples_;
    const auto end = sorted.begin() + std::ptrdiff_t(count_);
    // Nearest rank: the smallest sample at or above 95% of them.
    const auto rank = (count_ * 95 + 99) / 100;
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(rank - 1), end);
    return sorted[rank - 1];
}

POLYLLM_DECL void router_state::record_answer_time(std::string_view name, std::chrono::microseconds took) {
    std::lock_guard lock(mutex_);
    if (auto g = groups_.find(name); g != groups_.end()) g->second.answered.add(took);
}

POLYLLM_DECL std::optional<std::chrono::milliseconds> router_state::hedge_delay(std::string_view name) const {
    const auto& policy = options_.hedging;
    if (!policy.after) return std::nullopt;
    if (!policy.at_p95) return policy.after;
    std::optional<std::chrono::microseconds> p95;
    {
        std::lock_guard lock(mutex_);
        auto g = groups_.find(name);
        if (g != groups_.end() && g->second.answered.size() >= std::max<std::size_t>(policy.min_samples, 1))
            p95 = g->second.answered.p95();
    }
    if (!p95) return policy.after;
    auto delay = std::chrono::ceil<std::chrono::milliseconds>(*p95);
    if (policy.floor) delay = std::max(delay, *policy.floor);
    if (policy.cap) delay = std::min(delay, *policy.cap);
    return delay;
}

POLYLLM_DECL void router_state::clear_cooldown(std::size_t i) {
    {
        std::lock_guard lock(mutex_);
        polyllm::clear_cooldown(slots_[i].state);
    }
    if (options_.shared) options_.shared->cleared(slots_[i].spec.name);
}

POLYLLM_DECL router_metrics router_state::metrics() const {
    std::lock_guard lock(mutex_);
    router_metrics out;
    for (const auto& s : slots_)
        out.deployments.push_back({s.spec.name, s.state.calls, s.state.failures, s.state.cooldowns, s.state.in_flight,
                                   s.state.latency, s.state.cooling, s.state.cost});
    for (const auto& [name, g] : groups_) out.groups.push_back(g.counters);
    return out;
}

POLYLLM_NAMESPACE_END
