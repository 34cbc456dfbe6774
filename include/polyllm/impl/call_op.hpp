#pragma once
/// @file
/// @brief `basic_llm`'s retry loop, the same for every kind of call: prepare once, then send, read, and on a
/// retryable error wait and send again, telling the observers at each step.

#include <polyllm/authorize.hpp>
#include <polyllm/basic_llm.hpp>

#include <asio/cancellation_type.hpp>
#include <asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// `Mode` says how an attempt is prepared, sent and read, whether it may still be retried, and what the observers
/// are told about the call (`info`).
template <class P, class T, class R>
template <class Mode>
struct basic_llm<P, T, R>::call_op {
    basic_llm* llm;
    Mode mode;
    http_request http{};
    http_request signed_http{};  // this attempt's request, when the provider authorizes each attempt
    std::optional<error> early_failure{};
    error last_error{};
    std::optional<std::chrono::milliseconds> attempt_timeout{};  // the prepared request's, before total_timeout
    int attempts = 0;
    bool started = false;
    std::chrono::steady_clock::time_point began = std::chrono::steady_clock::now();

    // Start, or finish an early failure after the post that keeps completion out of the initiating call.
    template <class Self>
    void operator()(Self& self) {
        if (started) return fail(self, std::move(*early_failure));
        started = true;
        self.reset_cancellation_state(asio::enable_partial_cancellation());
        // An observer may refuse the call (the budget) before anything is prepared or sent.
        auto allowed = llm->observers_.before_call(mode.info(*llm));
        auto prepared = allowed ? mode.prepare(*llm) : result<http_request>(llm->annotate(std::move(allowed).error()));
        if (!prepared) {
            early_failure = std::move(prepared).error();
            return asio::post(llm->get_executor(), std::move(self));
        }
        http = std::move(prepared).value();
        attempt_timeout = http.timeout;
        send(self);
    }

    // An attempt ended: a response, or a transport failure.
    template <class Self>
    void operator()(Self& self, result<http_response> response) {
        llm->observers_.on_response(mode.info(*llm), response);
        auto outcome = mode.read(*llm, std::move(response));
        if (outcome) {
            const auto elapsed =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
            llm->observers_.on_completion(mode.info(*llm), outcome.value(), elapsed);
            return self.complete(std::move(outcome));
        }
        retry_or_fail(self, std::move(outcome).error());
    }

    // The provider's `async_authorize` (authorize.hpp) finished an attempt's request, or failed.
    struct authorized {
        result<http_request> request;
    };
    template <class Self>
    void operator()(Self& self, authorized done) {
        if (!done.request) return retry_or_fail(self, llm->annotate(std::move(done.request).error()));
        signed_http = std::move(done.request).value();
        llm->observers_.on_request(mode.info(*llm), signed_http, attempts);
        mode.send(*llm, signed_http, std::move(self));
    }

    // An attempt failed: wait and try again when the retry policy says so, else the call fails.
    template <class Self>
    void retry_or_fail(Self& self, error failure) {
        if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none)
            failure = llm->annotate(error{errc::cancelled, "request cancelled"});
        const auto delay = mode.may_retry() ? llm->retry_delay(attempts, failure, began) : std::nullopt;
        if (!delay) return fail(self, mode.give_up(*llm, std::move(failure)));
        last_error = std::move(failure);
        llm->observers_.on_retry(mode.info(*llm), retry_event{attempts + 1, llm->retry_.max_attempts(), *delay, last_error});
        llm->transport_.async_wait(*delay, std::move(self));
    }

    // A retry wait ended.
    template <class Self>
    void operator()(Self& self, std::error_code ec) {
        if (ec || self.get_cancellation_state().cancelled() != asio::cancellation_type::none) {
            auto e = error{errc::cancelled, "cancelled while waiting to retry after: " + last_error.to_string()};
            return fail(self, llm->annotate(std::move(e)));
        }
        send(self);
    }

    template <class Self>
    void send(Self& self) {
        if (const auto deadline = llm->deadline_of(began)) {
            // An attempt gets what is left of the whole call, when that is less than its own timeout.
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
            http.timeout = attempt_timeout ? std::min(*attempt_timeout, left) : left;
            if (left.count() <= 0) {
                auto e = error{errc::timeout, "total_timeout (" + describe_wait(*llm->config_.total_timeout) +
                                                  ") passed before attempt " + std::to_string(attempts + 1)};
                if (attempts > 0) e.message += "; the last error: " + last_error.to_string();
                return fail(self, mode.give_up(*llm, llm->annotate(std::move(e))));
            }
        }
        ++attempts;
        if constexpr (AuthorizingProvider<adapted_provider>) {
            if (llm->traits().authorizes) return authorize(self);
        }
        llm->observers_.on_request(mode.info(*llm), http, attempts);
        mode.send(*llm, http, std::move(self));  // the request is copied: a retry sends it again
    }

    // Each attempt signs (or adds a token to) its own copy of the prepared request, so a retry is signed afresh.
    template <class Self>
    void authorize(Self& self) {
        auto attempt = http;  // copied before `self`, and this object with it, moves into the completion
        basic_llm& l = *llm;
        http_sender sender{l.get_executor(), [t = &l.transport_](http_request r, auto handler) {
                               t->async_send(std::move(r), std::move(handler));
                           }};
        l.provider_.async_authorize(std::move(attempt), l.context(), sender,
                                    [self = std::move(self)](result<http_request> r) mutable {
                                        self(authorized{std::move(r)});
                                    });
    }

    // g++ 12 at -O2 warns that the value of the result<T> made from `e` "may be used uninitialized" when it inlines
    // Boost.Outcome's move of it (an error result has no value to move; it cannot see that). Silenced for this call,
    // and so along its inlining chain, for users building with -Werror.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    template <class Self>
    void fail(Self& self, error e) {
        llm->observers_.on_failure(mode.info(*llm), e);
        self.complete(std::move(e));
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
};

POLYLLM_NAMESPACE_END
