#pragma once
/// @file
/// @brief One routed call: pick a deployment of the current group (router_state::begin), send to it with no lock
/// held, record how it went (router_state::end), and on a failure go on to another deployment of the group or to the
/// group's fallbacks by the failure's kind, until one answers or the plan is spent.

#include <polyllm/router/router.hpp>
#include <polyllm/tokenize/chat.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

template <class T, class R>
template <class V>
struct basic_router<T, R>::route_op : std::enable_shared_from_this<route_op<V>> {
    static constexpr bool embedding = std::is_same_v<V, embeddings>;

    route_op(basic_router& r, mode m, std::string group, routed_handler<V> handler)
        : router(r), how(m), plan(std::move(group)), done(std::move(handler)) {}

    basic_router& router;
    mode how;
    fallback_plan plan;
    std::optional<request> owned;  // an async call's request; a sync call's stays the caller's
    const request* req = nullptr;
    std::vector<std::string> texts;
    detail::stream_callback on_event;
    routed_handler<V> done;

    std::vector<std::size_t> tried;
    std::vector<std::optional<std::int64_t>> prompts;  // by deployment: the prompt's tokens by its model's count
    bool estimated = false;
    std::optional<std::int64_t> upper_bound;  // of the prompt's tokens, by its bytes
    std::optional<error> deployment_error;  // the last error a deployment returned
    std::optional<error> group_error;       // ... in the group being tried
    std::optional<error> precheck_error;    // a group whose every deployment was too small for the prompt
    std::string unavailable, attempts_log;
    std::optional<std::chrono::milliseconds> soonest;
    int attempts = 0;

    // Every attempt sent; with hedging two may be in flight at once, each cancellable on its own.
    struct flight {
        std::size_t deployment = 0;
        router_clock::time_point sent{};
        std::shared_ptr<asio::cancellation_signal> cancel;
        bool done = false;
        bool hedge = false;
    };
    std::vector<flight> flights;
    std::shared_ptr<asio::cancellation_signal> hedge_timer;
    bool hedged = false, finished = false;

    // The stream attempt in flight (streams are never hedged: one at a time).
    router_clock::time_point sent{};
    std::optional<std::chrono::microseconds> first_content;
    std::vector<stream_event> held;  // events before the first content: not the caller's until content comes
    bool content_delivered = false;
    bool stopped = false;

    router_state& state() { return router.state_; }
    const router_state& state() const { return router.state_; }

    void next() {
        while (const std::string* group = plan.current()) {
            const auto* members = state().members(*group);
            if (!members) {  // a fallback naming no group: make_router refuses it; a hand-built router skips it
                plan.failed(state().options().fallbacks, failure_kind::final);
                continue;
            }
            if constexpr (!embedding)
                if (state().options().context_window_check) count_prompts(*members);
            auto choice = state().begin(*group, tried, prompts);
            if (choice.deployment) return send(*choice.deployment);
            auto kind = failure_kind::general;
            if (group_error) kind = classify_failure(*group_error);
            else if (choice.too_small) {
                kind = failure_kind::context_window;
                if (!precheck_error) precheck_error = too_long(*group, *members);
            }
            if (!choice.unavailable.empty()) {
                unavailable += (unavailable.empty() ? "group \"" : "; group \"") + *group + "\": " + choice.unavailable;
                if (choice.soonest) soonest = soonest ? std::min(*soonest, *choice.soonest) : *choice.soonest;
            }
            leave_group(kind);
        }
        finish(final_error());
    }

    void leave_group(failure_kind kind) {
        const std::string failed = *plan.current();
        plan.failed(state().options().fallbacks, kind);
        group_error.reset();
        if (plan.current()) state().count_fallback(failed);
    }

    // Each model counts with its own tokenizer (exact where polyllm has it); a model counted once is not again.
    // A prompt whose bytes bound its tokens below every window is not counted at all: the usual case costs nothing.
    void count_prompts(const std::vector<std::size_t>& members) {
        if (!upper_bound) upper_bound = token_upper_bound(*req);
        for (const auto i : members) {
            if ((i < prompts.size() && prompts[i]) || !state().window(i)) continue;
            if (*upper_bound >= 0 && *upper_bound <= *state().window(i)) continue;
            prompts.resize(state().size());  // the first count to keep: the usual call never gets here
            const auto& config = state().spec(i).config;
            // A deployment of the same model has been counted: the same count.
            for (std::size_t j = 0; j < prompts.size() && !prompts[i]; ++j)
                if (prompts[j] && state().spec(j).config.model == config.model) prompts[i] = prompts[j];
            if (prompts[i]) continue;
            const auto counted = count_tokens(*req, config);
            estimated = estimated || !counted.exact;
            prompts[i] = std::int64_t(counted.tokens);
        }
    }

    // No more tokens than bytes (every BPE token covers at least one) plus the framing of each message; -1 when
    // the request has what no byte count bounds (images, tools, a schema, thinking).
    static std::int64_t token_upper_bound(const request& r) {
        if (!r.tools.empty() || (r.response_format && r.response_format->type == response_format::kind::json_schema))
            return -1;
        std::int64_t bound = 16;
        for (const auto& m : r.messages) {
            bound += 16 + std::int64_t(m.name.size() + m.tool_call_id.size() + m.refusal.size());
            for (const auto& call : m.tool_calls) bound += 16 + std::int64_t(call.name.size() + call.arguments.size());
            for (const auto& part : m.content) {
                const auto* text = std::get_if<text_part>(&part);
                if (!text) return -1;
                bound += std::int64_t(text->text.size());
            }
        }
        return bound;
    }

    error too_long(const std::string& group, const std::vector<std::size_t>& members) const {
        std::string windows;
        std::int64_t tokens = 0;
        for (const auto i : members) {
            if (!state().window(i)) continue;
            windows += (windows.empty() ? "" : ", ") + state().spec(i).name + " " +
                       std::to_string(*state().window(i));
            if (i < prompts.size() && prompts[i]) tokens = std::max(tokens, *prompts[i]);
        }
        error e{errc::context_window_exceeded,
                "the prompt (" + std::string(estimated ? "about " : "") + std::to_string(tokens) +
                    " tokens) exceeds the context window of every deployment of group \"" + group + "\" (" + windows +
                    "); nothing was sent"};
        e.verdict = retry_verdict::no;
        return e;
    }

    [[nodiscard]] bool hedging() const {
        return !embedding && how == mode::complete && req->idempotent && state().options().hedging.after.has_value();
    }

    void send(std::size_t i, bool hedge = false) {
        tried.push_back(i);
        ++attempts;
        const std::size_t index = flights.size();
        sent = state().now();
        flights.push_back({i, sent, nullptr, false, hedge});
        first_content.reset();
        held.clear();
        content_delivered = false;
        auto& llm = *router.llms_[i];
        auto self = this->shared_from_this();
        auto then = [self, index](result<V> r) { self->attempt_done(index, std::move(r)); };
        auto go = [&](auto handler) {
            if constexpr (embedding) llm.async_embed(texts, std::move(handler));
            else if (how == mode::stream)
                llm.async_stream(*req, [self](const stream_event& e) { return self->deliver(e); }, std::move(handler));
            else llm.async_complete(*req, std::move(handler));
        };
        if (hedging()) {
            // Each attempt has its own signal, so that the loser of a race can be cancelled; the caller's
            // cancellation reaches every attempt in flight.
            flights.back().cancel = std::make_shared<asio::cancellation_signal>();
            if (index == 0 && done.slot.is_connected())
                done.slot.assign([self](asio::cancellation_type type) { self->cancel_flights(type); });
            go(asio::bind_cancellation_slot(flights.back().cancel->slot(), std::move(then)));
            if (!hedge && !hedged) arm_hedge(index);
        } else if (done.slot.is_connected()) {
            go(asio::bind_cancellation_slot(done.slot, std::move(then)));  // one attempt at a time
        } else {
            go(std::move(then));
        }
    }

    void arm_hedge(std::size_t index) {
        auto self = this->shared_from_this();
        if (!hedge_timer) hedge_timer = std::make_shared<asio::cancellation_signal>();
        // On the deployment's transport, whose waits the scripted transport runs on its virtual clock.
        router.llms_[flights[index].deployment]->transport().async_wait(
            state().hedge_delay(*plan.current()).value_or(std::chrono::milliseconds(0)),
            asio::bind_cancellation_slot(hedge_timer->slot(),
                                         [self, index](std::error_code ec) { self->hedge_due(index, ec); }));
    }

    void hedge_due(std::size_t index, std::error_code ec) {
        if (ec || finished || hedged || flights[index].done || !plan.current() || !state().hedge_allowed()) return;
        auto choice = state().begin(*plan.current(), tried, prompts);
        if (!choice.deployment) return;  // nobody else can take it: the first attempt goes on alone
        hedged = true;
        state().count_hedge(*plan.current(), false);
        send(*choice.deployment, true);
    }

    void cancel_flights(asio::cancellation_type type) {
        for (auto& f : flights)
            if (!f.done && f.cancel) f.cancel->emit(type);
    }
    [[nodiscard]] bool in_flight() const {
        return std::any_of(flights.begin(), flights.end(), [](const flight& f) { return !f.done; });
    }

    bool deliver(const stream_event& e) {
        if (stopped) return false;
        const bool content = !std::holds_alternative<message_start>(e) && !std::holds_alternative<usage_update>(e);
        if (!content_delivered) {
            if (!content) {
                held.push_back(e);
                return true;
            }
            content_delivered = true;
            first_content = std::chrono::duration_cast<std::chrono::microseconds>(state().now() - sent);
            if (!flush()) return false;
        }
        if (!on_event(e)) stopped = true;
        return !stopped;
    }
    bool flush() {
        for (const auto& h : held)
            if (!on_event(h)) {
                stopped = true;
                break;
            }
        held.clear();
        return !stopped;
    }

    void attempt_done(std::size_t index, result<V> r) {
        flights[index].done = true;
        const auto current = flights[index].deployment;
        const auto began = flights[index].sent;
        attempt_outcome outcome;
        const auto& name = state().spec(current).name;
        if (finished) {  // the loser of a hedged race: its cancellation is no failure of the deployment
            if (r) outcome.answer = answer_of(r.value());
            else outcome.failure = &r.error();
            state().end(current, outcome);
            return;
        }
        if (r) {
            using std::chrono::microseconds;
            outcome.latency =
                first_content ? *first_content : std::chrono::duration_cast<microseconds>(state().now() - began);
            if constexpr (embedding) {
                outcome.cost = r.value().cost;
                outcome.tokens = r.value().usage.prompt_tokens.value_or(0);
            } else {
                outcome.answer = &r.value();
                if (how == mode::complete && state().options().hedging.at_p95 && state().options().hedging.after)
                    state().record_answer_time(*plan.current(), *outcome.latency);
            }
            state().end(current, outcome);
            if (flights[index].hedge) state().count_hedge(*plan.current(), true);
            cancel_flights(asio::cancellation_type::terminal);  // the other attempt of a hedged race, if any
            if (how == mode::stream && !content_delivered) flush();  // an answer without content events
            return finish(routed<V>{std::move(r).value(), name, *plan.current(), attempts});
        }
        error e = std::move(r).error();
        outcome.failure = &e;
        state().end(current, outcome);
        attempts_log += (attempts_log.empty() ? "" : ", ") + name + " (" + e.to_string() + ")";
        const auto kind = classify_failure(e);
        // After content reached the caller, falling back would repeat or contradict it: the caller gets the error,
        // with what arrived in `partial`.
        if ((how == mode::stream && content_delivered) || stopped || kind == failure_kind::final) {
            cancel_flights(asio::cancellation_type::terminal);
            return finish(std::move(e));
        }
        deployment_error = e;
        group_error = std::move(e);
        if (in_flight()) return;  // the other attempt of a hedged race may still answer
        // The rest of the group serves the same model: a prompt too long or refused there would be here too.
        if (kind == failure_kind::context_window || kind == failure_kind::content_policy) leave_group(kind);
        next();
    }

    error final_error() {
        error e;
        if (deployment_error) e = *deployment_error;
        else if (precheck_error) e = *precheck_error;
        else {
            e = error{errc::service_unavailable, "no deployment of group \"" + plan.first() +
                                                     "\" or of its fallbacks can take the call now"};
            e.retry_after = soonest;
            e.verdict = retry_verdict::yes;
        }
        return e;
    }

    static const completion* answer_of(const V& value) {
        if constexpr (embedding) return nullptr;
        else return &value;
    }

    void finish(result<routed<V>> r) {
        finished = true;
        if (hedge_timer) hedge_timer->emit(asio::cancellation_type::terminal);
        if (hedging() && done.slot.is_connected()) done.slot.clear();
        state().count_call(plan.first(), !r);
        if (!r) {
            auto e = std::move(r).error();
            std::string route = "router, group \"" + plan.first() + "\"";
            if (!attempts_log.empty()) route += "; tried " + attempts_log;
            if (!unavailable.empty()) route += "; unavailable: " + unavailable;
            e.message += " [" + route + "]";
            r = std::move(e);
        }
        auto executor = done.executor;
        asio::post(executor, [h = std::move(done), r = std::move(r)]() mutable { h(std::move(r)); });
    }
};

template <class T, class R>
void basic_router<T, R>::start(mode m, std::string group, std::optional<request> owned, const request* borrowed,
                               detail::stream_callback cb, routed_handler<completion> done) {
    auto op = std::make_shared<route_op<completion>>(*this, m, std::move(group), std::move(done));
    op->owned = std::move(owned);
    op->req = borrowed ? borrowed : &*op->owned;
    op->on_event = std::move(cb);
    state_.count_start();
    if (!state_.members(op->plan.first()))
        return op->finish(error{errc::invalid_config, "no model group named \"" + op->plan.first() + "\""});
    op->next();
}

template <class T, class R>
void basic_router<T, R>::start_embed(std::string group, std::vector<std::string> texts,
                                     routed_handler<embeddings> done) {
    auto op = std::make_shared<route_op<embeddings>>(*this, mode::complete, std::move(group), std::move(done));
    op->texts = std::move(texts);
    if (!state_.members(op->plan.first()))
        return op->finish(error{errc::invalid_config, "no model group named \"" + op->plan.first() + "\""});
    op->next();
}

POLYLLM_NAMESPACE_END
