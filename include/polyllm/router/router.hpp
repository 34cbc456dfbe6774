#pragma once
/// @file
/// @brief `basic_router<Transport, RetryPolicy>`: one call over model groups of deployments, used like `client`
/// (sync, any Asio completion token, streaming, embeddings, metrics) with the group named in each call. Each
/// deployment is a `basic_llm` over `any_provider` with its own `llm_config`; retries within a deployment stay its
/// retry policy's job, and the router decides what happens when a deployment gives up: another deployment of the
/// group, then the group's fallbacks by the kind of failure (fallback_plan.hpp). The routing state lives in
/// `router_state`, under a lock that is never held while a request is out. See docs/router.md.
///
///     polyllm::router r;  // or make_router_from_toml(...) (router/from_config.hpp)
///     polyllm::deployment primary;
///     primary.name = "primary";
///     primary.config.model = "gpt-4o";
///     r.add_deployment(primary, polyllm::any_provider(polyllm::openai{}));
///     r.add_group("smart", {"primary"});
///     auto reply = r.complete("smart", req);

#include <polyllm/any_provider.hpp>
#include <polyllm/basic_llm.hpp>
#include <polyllm/detail/erased_handler.hpp>
#include <polyllm/detail/sync_runner.hpp>
#include <polyllm/error.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/router/router_state.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <asio/async_result.hpp>
#include <asio/use_future.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief An answer and where it came from.
template <class V>
struct routed {
    V value;
    std::string deployment;  ///< the deployment that answered
    std::string group;       ///< its group: the one asked for, or the fallback that answered
    int attempts = 0;        ///< deployments sent to, the one that answered included
};

/// @brief A router over deployments reached through transport `T`, each retrying with policy `R`. Deployments and
/// groups are added before the first call. The routing state is safe from several threads (router_state's lock,
/// never held across I/O); each deployment's connection is a `basic_llm`, safe as far as it is. Constructed without
/// an executor, the router owns an io_context that its sync calls run on the calling thread, one at a time; with one,
/// its async calls run there. It must outlive its operations.
template <class T = asio_transport, class R = exponential_backoff>
class basic_router {
public:
    using llm_type = basic_llm<any_provider, T, R>;
    using executor_type = typename T::executor_type;

    explicit basic_router(router_options options = {})
        : owned_(std::make_unique<detail::sync_runner>()),
          executor_(executor_type(owned_->get_executor())),
          state_(std::move(options)) {}
    basic_router(const executor_type& executor, router_options options = {})
        : executor_(executor), state_(std::move(options)) {}

    basic_router(const basic_router&) = delete;
    basic_router& operator=(const basic_router&) = delete;

    // --- Setting up, before the first call. ---

    /// @brief Adds a deployment served by `provider` (make_router_from_toml chooses it from the config's model).
    result<void> add_deployment(deployment d, any_provider provider) {
        auto config = d.config;
        if (auto valid = validate(config); !valid) {
            auto e = std::move(valid).error();
            e.message = "deployment \"" + d.name + "\": " + e.message;
            return e;
        }
        auto index = state_.add_deployment(std::move(d));
        if (!index) return std::move(index).error();
        llms_.push_back(std::make_unique<llm_type>(std::move(provider), executor_, std::move(config)));
        return success();
    }
    /// @brief Adds (or replaces) the model group `name` of the named deployments.
    result<void> add_group(std::string name, const std::vector<std::string>& deployments) {
        return state_.add_group(std::move(name), deployments);
    }
    /// @brief The connection of deployment `name` (its transport, metrics, observers), or null.
    [[nodiscard]] llm_type* connection(std::string_view name) noexcept {
        const auto i = state_.find(name);
        return i ? llms_[*i].get() : nullptr;
    }

    // --- Chat completion. ---

    /// @brief The answer of a deployment of `group` (or of its fallbacks), or the last error, which lists what the
    /// router tried and the state of each deployment it could not use.
    [[nodiscard]] result<completion> complete(std::string_view group, const request& req) {
        auto r = complete_routed(group, req);
        if (!r) return std::move(r).error();
        return std::move(r.value().value);
    }
    /// @brief `complete`, telling which deployment answered.
    [[nodiscard]] result<routed<completion>> complete_routed(std::string_view group, const request& req) {
        // The caller waits, so the call reads `req` where it is instead of copying it.
        return run_sync<result<routed<completion>>>([&](auto handler) {
            return asio::async_initiate<decltype(handler), void(result<routed<completion>>)>(
                [this, &req](auto h, std::string g) {
                    start(mode::complete, std::move(g), std::nullopt, &req, {},
                          detail::erase_handler<result<routed<completion>>>(std::move(h), executor_));
                },
                handler, std::string(group));
        });
    }
    template <asio::completion_token_for<void(result<completion>)> Token>
    auto async_complete(std::string group, request req, Token&& token) {
        return asio::async_initiate<Token, void(result<completion>)>(
            [this](auto handler, std::string g, request r) {
                start(mode::complete, std::move(g), std::move(r), nullptr, {},
                      value_only<completion>(std::move(handler)));
            },
            token, std::move(group), std::move(req));
    }
    template <asio::completion_token_for<void(result<routed<completion>>)> Token>
    auto async_complete_routed(std::string group, request req, Token&& token) {
        return asio::async_initiate<Token, void(result<routed<completion>>)>(
            [this](auto handler, std::string g, request r) {
                start(mode::complete, std::move(g), std::move(r), nullptr, {},
                      detail::erase_handler<result<routed<completion>>>(std::move(handler), executor_));
            },
            token, std::move(group), std::move(req));
    }

    // --- Streaming: a failure before the first content event falls back; after it, it reaches the caller. ---

    /// @brief Streams the answer of a deployment of `group` as `basic_llm::stream` does. Events before the first
    /// content (a message start, usage) are held back until content arrives, so that a deployment that fails
    /// before answering anything is replaced without the caller seeing two beginnings.
    template <class OnEvent>
    [[nodiscard]] result<completion> stream(std::string_view group, const request& req, OnEvent&& on_event) {
        auto r = stream_routed(group, req, std::forward<OnEvent>(on_event));
        if (!r) return std::move(r).error();
        return std::move(r.value().value);
    }
    template <class OnEvent>
    [[nodiscard]] result<routed<completion>> stream_routed(std::string_view group, const request& req,
                                                           OnEvent&& on_event) {
        detail::stream_callback by_reference = [&on_event](const stream_event& e) {
            return detail::invoke_stream_callback(on_event, e);
        };
        return run_sync<result<routed<completion>>>([&](auto handler) {
            return asio::async_initiate<decltype(handler), void(result<routed<completion>>)>(
                [this, &req](auto h, std::string g, detail::stream_callback cb) {
                    start(mode::stream, std::move(g), std::nullopt, &req, std::move(cb),
                          detail::erase_handler<result<routed<completion>>>(std::move(h), executor_));
                },
                handler, std::string(group), std::move(by_reference));
        });
    }
    template <class OnEvent, asio::completion_token_for<void(result<completion>)> Token>
    auto async_stream(std::string group, request req, OnEvent on_event, Token&& token) {
        return asio::async_initiate<Token, void(result<completion>)>(
            [this](auto handler, std::string g, request r, detail::stream_callback cb) {
                start(mode::stream, std::move(g), std::move(r), nullptr, std::move(cb),
                      value_only<completion>(std::move(handler)));
            },
            token, std::move(group), std::move(req), detail::to_stream_callback(std::move(on_event)));
    }
    template <class OnEvent, asio::completion_token_for<void(result<routed<completion>>)> Token>
    auto async_stream_routed(std::string group, request req, OnEvent on_event, Token&& token) {
        return asio::async_initiate<Token, void(result<routed<completion>>)>(
            [this](auto handler, std::string g, request r, detail::stream_callback cb) {
                start(mode::stream, std::move(g), std::move(r), nullptr, std::move(cb),
                      detail::erase_handler<result<routed<completion>>>(std::move(handler), executor_));
            },
            token, std::move(group), std::move(req), detail::to_stream_callback(std::move(on_event)));
    }

    // --- Embeddings. ---

    [[nodiscard]] result<embeddings> embed(std::string_view group, const std::vector<std::string>& texts) {
        return run_sync<result<embeddings>>(
            [&](auto handler) { return async_embed(std::string(group), texts, std::move(handler)); });
    }
    template <asio::completion_token_for<void(result<embeddings>)> Token>
    auto async_embed(std::string group, std::vector<std::string> texts, Token&& token) {
        return asio::async_initiate<Token, void(result<embeddings>)>(
            [this](auto handler, std::string g, std::vector<std::string> t) {
                start_embed(std::move(g), std::move(t), value_only<embeddings>(std::move(handler)));
            },
            token, std::move(group), std::move(texts));
    }

    // --- State. ---

    /// @brief Calls, failures, cooldowns, fallbacks, latency and cost per deployment and per group. Latency
    /// percentiles and the token accounting of one deployment are its connection's `metrics()`.
    [[nodiscard]] router_metrics metrics() const { return state_.metrics(); }
    /// @brief Ends deployment `name`'s cooldown, the one an authentication error started included (after its key
    /// was fixed); false when there is no such deployment.
    bool clear_cooldown(std::string_view name) {
        const auto i = state_.find(name);
        if (i) state_.clear_cooldown(*i);
        return i.has_value();
    }
    [[nodiscard]] const router_state& state() const noexcept { return state_; }
    [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }
    /// @brief For a router that owns its io_context: runs it until every async operation has completed.
    void run() {
        if (owned_) owned_->run();
    }

private:
    enum class mode { complete, stream };
    template <class V>
    using routed_handler = detail::erased_handler<result<routed<V>>>;
    template <class V>
    struct route_op;  // router/route_op.hpp

    // A caller who wants only the value: the route is dropped on the way out.
    template <class V, class Handler>
    [[nodiscard]] routed_handler<V> value_only(Handler handler) const {
        auto inner = detail::erase_handler<result<V>>(std::move(handler), executor_);
        routed_handler<V> out{inner.executor, inner.slot, {}};
        out.fn = [fn = std::move(inner.fn)](result<routed<V>> r) mutable {
            if (r) fn(result<V>(std::move(r.value().value)));
            else fn(result<V>(std::move(r).error()));
        };
        return out;
    }

    // `borrowed`, when given, is the caller's request, alive until the call completes (a sync call); else `owned`.
    void start(mode m, std::string group, std::optional<request> owned, const request* borrowed,
               detail::stream_callback cb, routed_handler<completion> done);
    void start_embed(std::string group, std::vector<std::string> texts, routed_handler<embeddings> done);

    template <class Result, class Start>
    Result run_sync(Start start) {
        if (!owned_) return start(asio::use_future).get();
        return owned_->template run<Result>(std::move(start));
    }

    std::unique_ptr<detail::sync_runner> owned_;
    executor_type executor_;
    router_state state_;
    std::vector<std::unique_ptr<llm_type>> llms_;  // by deployment index; pointers, so calls survive growth
};

/// @brief The router of programs: deployments over the Asio transport with the default retry policy.
using router = basic_router<>;

POLYLLM_NAMESPACE_END

#include <polyllm/router/route_op.hpp>
