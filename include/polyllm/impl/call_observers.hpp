#pragma once
/// @file
/// @brief The observers of one `basic_llm`: the built-in ones (metrics with cost, the budget, the log, the
/// completion log, the `on_retry` listener) and the ones a user added, told in that order. The call loop
/// (impl/call_op.hpp) calls these hooks and nothing else.

#include <polyllm/detail/annotate.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/log.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/observers/budget.hpp>
#include <polyllm/observers/completion_log_observer.hpp>
#include <polyllm/observers/log_observer.hpp>
#include <polyllm/observers/metrics_observer.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class call_observers {
public:
    explicit call_observers(metrics_observer priced) : metrics(std::move(priced)) {}

    /// @brief Adds a user's observer; the reference stays valid as long as the connection.
    template <CallObserver O>
    O& add(O observer) {
        auto holder = std::make_unique<observer_holder<O>>(std::move(observer));
        O& added = holder->observer;
        users_.push_back(std::move(holder));
        return added;
    }

    // The first refusal wins; an observer after it is not asked (the call is not going to happen).
    [[nodiscard]] result<void> before_call(const call_info& info) {
        if (auto allowed = budget_guard{metrics.records()}.before_call(info); !allowed) return allowed;
        for (auto& o : users_)
            if (auto allowed = o->before_call(info); !allowed) return allowed;
        return success();
    }
    void on_request(const call_info& info, const http_request& http, int attempt) {
        log.on_request(info, http, attempt);
        for (auto& o : users_) o->on_request(info, http, attempt);
    }
    void on_response(const call_info& info, const result<http_response>& response) {
        log.on_response(info, response);
        for (auto& o : users_) o->on_response(info, response);
    }
    void on_retry(const call_info& info, const retry_event& event) {
        log.on_retry(info, event);
        if (retry_listener) retry_listener(event);
        for (auto& o : users_) o->on_retry(info, event);
    }
    void on_completion(const call_info& info, completion& c, std::chrono::milliseconds elapsed) {
        metrics.on_completion(info, c, elapsed);  // first: it prices the completion the others see
        for (const auto& w : c.warnings) log.log(log_level::warning, w);
        if (auto written = completion_log_observer{}.on_completion(info, c, elapsed); !written)
            log.log(log_level::warning,
                    annotated(std::move(written).error(), info.provider, info.config.api_key.reveal()).to_string());
        for (auto& o : users_) o->on_completion(info, c, elapsed);
    }
    void on_completion(const call_info& info, embeddings& e, std::chrono::milliseconds elapsed) {
        metrics.on_completion(info, e, elapsed);
        for (auto& o : users_) o->on_completion(info, e, elapsed);
    }
    // A token count is free: nothing to price or to write to the completion log; the user's observers are told.
    void on_completion(const call_info& info, token_count& n, std::chrono::milliseconds elapsed) {
        for (auto& o : users_) o->on_completion(info, n, elapsed);
    }
    void on_failure(const call_info& info, const error& e) {
        for (auto& o : users_) o->on_failure(info, e);
    }

    metrics_observer metrics;
    log_observer log;
    std::function<void(const retry_event&)> retry_listener;

private:
    std::vector<std::unique_ptr<erased_observer>> users_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
