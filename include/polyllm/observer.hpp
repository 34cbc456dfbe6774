#pragma once
/// @file
/// @brief `CallObserver`: what watches a `basic_llm` call without taking part in it. The call's loop tells its
/// observers at fixed points and knows nothing else about them; cost, metrics, the budget, logging and the
/// completion log are observers (observers/), and a user's (a tracer, a progress display) is added with
/// `basic_llm::add_observer`.
///
/// Every hook is optional; an observer has at least one (o is an `O&`, info a `const call_info&`):
/// | expression                                  | type           | when                                        |
/// |---------------------------------------------|----------------|---------------------------------------------|
/// | `o.before_call(info)`                       | `result<void>` | once, before anything is prepared or sent; an error refuses the call (it is the call's result) |
/// | `o.on_request(info, http_request, attempt)` | -              | before each attempt is sent (attempt 1, 2, ...) |
/// | `o.on_response(info, result<http_response>)`| -              | each attempt's outcome from the transport (a stream's once its body ended) |
/// | `o.on_retry(info, retry_event)`             | -              | before each wait for another attempt        |
/// | `o.on_completion(info, completion, elapsed)`| -              | the call succeeded (`elapsed` in milliseconds, retries included) |
/// | `o.on_completion(info, embeddings, elapsed)`| -              | an embeddings call succeeded                |
/// | `o.on_completion(info, token_count, elapsed)`| -             | a token count asked of the provider succeeded |
/// | `o.on_failure(info, error)`                 | -              | the call failed (a refusal by `before_call` included) |
/// Hooks run on the operation's executor, in the order above; a call ends with exactly one of `on_completion` and
/// `on_failure`. They must not throw.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <concepts>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief What a retry listener is told before each wait: the attempt about to be made (2 for the first retry),
/// the most attempts there will be, the wait, and the error that caused it.
struct retry_event {
    int attempt;
    int max_attempts;
    std::chrono::milliseconds delay;
    const polyllm::error& cause;
};

/// @brief Which call an observer is told about.
enum class call_kind { complete, stream, embed, count_tokens };

/// @brief What every hook is told about the call it observes. Made afresh for each hook: the call's state moves
/// between handlers, so a hook must copy what it keeps.
struct call_info {
    call_kind kind;
    std::string_view provider;
    const llm_config& config;                        ///< with the environment's values and the model's fitting applied
    const request* req;                              ///< the caller's request (chat, count_tokens); null for embeddings
    const std::vector<std::string>* texts;           ///< the texts to embed; null for chat calls
};

namespace detail::observer_hooks {
template <class O>
concept before_call = requires(O& o, const call_info& i) {
    { o.before_call(i) } -> std::same_as<result<void>>;
};
template <class O>
concept on_request = requires(O& o, const call_info& i, const http_request& h) { o.on_request(i, h, 1); };
template <class O>
concept on_response =
    requires(O& o, const call_info& i, const result<http_response>& r) { o.on_response(i, r); };
template <class O>
concept on_retry = requires(O& o, const call_info& i, const retry_event& e) { o.on_retry(i, e); };
template <class O>
concept on_completion = requires(O& o, const call_info& i, const completion& c, std::chrono::milliseconds d) {
    o.on_completion(i, c, d);
};
template <class O>
concept on_embeddings = requires(O& o, const call_info& i, const embeddings& e, std::chrono::milliseconds d) {
    o.on_completion(i, e, d);
};
template <class O>
concept on_token_count = requires(O& o, const call_info& i, const token_count& n, std::chrono::milliseconds d) {
    o.on_completion(i, n, d);
};
template <class O>
concept on_failure = requires(O& o, const call_info& i, const error& e) { o.on_failure(i, e); };
}  // namespace detail::observer_hooks

/// @brief An observer of calls: a movable object with at least one of the hooks in the table above.
template <class O>
concept CallObserver =
    std::move_constructible<O> &&
    (detail::observer_hooks::before_call<O> || detail::observer_hooks::on_request<O> ||
     detail::observer_hooks::on_response<O> || detail::observer_hooks::on_retry<O> ||
     detail::observer_hooks::on_completion<O> || detail::observer_hooks::on_embeddings<O> ||
     detail::observer_hooks::on_token_count<O> || detail::observer_hooks::on_failure<O>);

namespace detail {

// A user's observer behind one interface, so that basic_llm's type does not depend on which observers a program
// adds (the separately compiled basic_llm of src.hpp serves them all). One indirect call per hook is the cost.
class erased_observer {
public:
    virtual ~erased_observer() = default;
    virtual result<void> before_call(const call_info&) = 0;
    virtual void on_request(const call_info&, const http_request&, int) = 0;
    virtual void on_response(const call_info&, const result<http_response>&) = 0;
    virtual void on_retry(const call_info&, const retry_event&) = 0;
    virtual void on_completion(const call_info&, const completion&, std::chrono::milliseconds) = 0;
    virtual void on_completion(const call_info&, const embeddings&, std::chrono::milliseconds) = 0;
    virtual void on_completion(const call_info&, const token_count&, std::chrono::milliseconds) = 0;
    virtual void on_failure(const call_info&, const error&) = 0;
};

template <class O>
class observer_holder final : public erased_observer {
public:
    explicit observer_holder(O o) : observer(std::move(o)) {}

    result<void> before_call(const call_info& i) override {
        if constexpr (observer_hooks::before_call<O>) return observer.before_call(i);
        else return success();
    }
    void on_request(const call_info& i, const http_request& h, int attempt) override {
        if constexpr (observer_hooks::on_request<O>) observer.on_request(i, h, attempt);
    }
    void on_response(const call_info& i, const result<http_response>& r) override {
        if constexpr (observer_hooks::on_response<O>) observer.on_response(i, r);
    }
    void on_retry(const call_info& i, const retry_event& e) override {
        if constexpr (observer_hooks::on_retry<O>) observer.on_retry(i, e);
    }
    void on_completion(const call_info& i, const completion& c, std::chrono::milliseconds d) override {
        if constexpr (observer_hooks::on_completion<O>) observer.on_completion(i, c, d);
    }
    void on_completion(const call_info& i, const embeddings& e, std::chrono::milliseconds d) override {
        if constexpr (observer_hooks::on_embeddings<O>) observer.on_completion(i, e, d);
    }
    void on_completion(const call_info& i, const token_count& n, std::chrono::milliseconds d) override {
        if constexpr (observer_hooks::on_token_count<O>) observer.on_completion(i, n, d);
    }
    void on_failure(const call_info& i, const error& e) override {
        if constexpr (observer_hooks::on_failure<O>) observer.on_failure(i, e);
    }

    O observer;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
