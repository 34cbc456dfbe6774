#pragma once
/// @file
/// @brief `basic_llm<Provider, Transport, RetryPolicy>`: one model connection. It owns the configuration, the
/// provider's options, the transport and the retry policy, and runs each call as prepare -> send -> interpret ->
/// retry (impl/call_op.hpp), telling its observers (observer.hpp) at each step. The provider is adapted
/// (fn_call/adapted.hpp), so that every provider gets request hygiene and text-form tool calling.

#include <polyllm/concepts.hpp>
#include <polyllm/config.hpp>
#include <polyllm/detail/annotate.hpp>
#include <polyllm/detail/connection_config.hpp>
#include <polyllm/detail/erased_handler.hpp>
#include <polyllm/detail/policy_checks.hpp>
#include <polyllm/detail/sync_runner.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/adapted.hpp>
#include <polyllm/fwd.hpp>
#include <polyllm/impl/call_observers.hpp>
#include <polyllm/log.hpp>
#include <polyllm/metrics.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/provider_traits.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/retry/verdict.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <asio/async_result.hpp>
#include <asio/use_future.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief A model connection. Sync calls return `result<T>`; async calls take any Asio completion token and
/// complete with `void(result<T>)`, so errors stay values whichever token is used.
///
/// Constructed without an executor, it owns an `io_context` that its sync calls run on the calling thread
/// (sync calls on one object are serialized; use the async API or one object per thread for parallel calls).
/// Constructed with an executor or a transport, its async calls run there and never block it.
/// An object must outlive its operations and must not be moved while any is in flight.
template <class P, class T = asio_transport, class R = exponential_backoff>
class basic_llm {
    static_assert(detail::check_provider<P>());
    static_assert(detail::check_transport<T>());
    static_assert(detail::check_retry_policy<R>());

    // What the calls use: P with hygiene and text-form tool calling, once (P may be adapted already: any_provider
    // is). A type that is not a provider is left as it is, so that the checks above are the only diagnostics.
    using adapted_provider = std::conditional_t<Provider<P>, fn_call::adapted_t<P>, P>;

public:
    using provider_type = P;
    using transport_type = T;
    using retry_policy_type = R;
    using options_type = typename P::options;
    using executor_type = typename T::executor_type;

    /// @brief A connection with its own io_context, for sync use.
    explicit basic_llm(llm_config config, options_type options = {})
        : owned_(std::make_unique<detail::sync_runner>()),
          config_(std::move(config)),
          options_(std::move(options)),
          transport_(executor_type(owned_->get_executor())),
          retry_(make_retry_policy(config_)) {
        init();
    }

    /// @brief A connection whose operations run on `executor`.
    basic_llm(const executor_type& executor, llm_config config, options_type options = {})
        : config_(std::move(config)), options_(std::move(options)), transport_(executor), retry_(make_retry_policy(config_)) {
        init();
    }

    /// @brief A connection over a transport built by the caller (TLS settings, proxies, a test transport).
    basic_llm(T transport, llm_config config, options_type options = {})
        : config_(std::move(config)),
          options_(std::move(options)),
          transport_(std::move(transport)),
          retry_(make_retry_policy(config_)) {
        init();
    }

    /// @brief The constructors above with a provider object of the caller's (one with state, such as
    /// `any_provider`), instead of a default-constructed one.
    basic_llm(P provider, llm_config config, options_type options = {})
        : owned_(std::make_unique<detail::sync_runner>()),
          config_(std::move(config)),
          options_(std::move(options)),
          provider_(std::move(provider)),
          transport_(executor_type(owned_->get_executor())),
          retry_(make_retry_policy(config_)) {
        init();
    }
    basic_llm(P provider, const executor_type& executor, llm_config config, options_type options = {})
        : config_(std::move(config)),
          options_(std::move(options)),
          provider_(std::move(provider)),
          transport_(executor),
          retry_(make_retry_policy(config_)) {
        init();
    }

    // --- Chat completion. ---

    /// @brief Sends the request, retrying as the policy allows, and returns the completion or the last error.
    [[nodiscard]] result<completion> complete(const request& req);

    /// @brief The asynchronous form of `complete`: completes with `void(result<completion>)`. Supports terminal
    /// and partial cancellation through the token's cancellation slot: a pending request is abandoned and a retry
    /// wait ends, and the operation completes with `errc::cancelled`.
    template <asio::completion_token_for<void(result<completion>)> Token>
    auto async_complete(request req, Token&& token) {
        return asio::async_initiate<Token, void(result<completion>)>(
            [this](auto handler, request initiated) {
                start_call(std::move(initiated),
                           detail::erase_handler<result<completion>>(std::move(handler), get_executor()));
            },
            token, std::move(req));
    }

    // --- Streaming. ---

    /// @brief Streams the answer: `on_event(const stream_event&)` is called for each normalized event as it
    /// arrives (return false to stop early; void means "go on"), and the result is the completion assembled from
    /// the events, the same as `complete` would return. Retries happen only before the first event reaches
    /// `on_event`, never after, so no text is delivered twice. A stream that fails after events were delivered
    /// returns the error with `error::partial` holding what arrived; a stream that ends without its terminal
    /// event is such a failure (`errc::connection`). Stopping early returns what arrived, with
    /// `finish_reason_raw` "stopped" unless the provider had already said why it finished.
    template <class OnEvent>
        requires StreamingProvider<P> && StreamingTransport<T>
    [[nodiscard]] result<completion> stream(const request& req, OnEvent&& on_event) {
        if constexpr (std::is_same_v<OnEvent, detail::stream_callback>)  // an rvalue that is erased already
            return stream_erased(req, std::move(on_event));
        else  // the caller's own object, by reference, so that its state is the caller's to see
            return stream_erased(
                req, [&on_event](const stream_event& e) { return detail::invoke_stream_callback(on_event, e); });
    }

    /// @brief The asynchronous form of `stream`: `on_event` runs on the operation's executor; completes with
    /// `void(result<completion>)`; cancellable like `async_complete`.
    template <class OnEvent, asio::completion_token_for<void(result<completion>)> Token>
        requires StreamingProvider<P> && StreamingTransport<T>
    auto async_stream(request req, OnEvent on_event, Token&& token) {
        return asio::async_initiate<Token, void(result<completion>)>(
            [this](auto handler, request initiated, stream_callback callback) {
                start_stream(std::move(initiated), std::move(callback),
                             detail::erase_handler<result<completion>>(std::move(handler), get_executor()));
            },
            token, std::move(req), detail::to_stream_callback(std::move(on_event)));
    }

    // --- Embeddings. ---

    /// @brief Embedding vectors for `texts`, one per text in order, with the model in llm_config::embedding_model
    /// (Azure: embedding_deployment_name). Retried like `complete`.
    [[nodiscard]] result<embeddings> embed(const std::vector<std::string>& texts)
        requires EmbeddingProvider<P>;

    /// @brief The asynchronous form of `embed`: completes with `void(result<embeddings>)`.
    template <asio::completion_token_for<void(result<embeddings>)> Token>
        requires EmbeddingProvider<P>
    auto async_embed(std::vector<std::string> texts, Token&& token) {
        return asio::async_initiate<Token, void(result<embeddings>)>(
            [this](auto handler, std::vector<std::string> inputs) {
                start_embed(std::move(inputs),
                            detail::erase_handler<result<embeddings>>(std::move(handler), get_executor()));
            },
            token, std::move(texts));
    }

    // --- Tokens. ---

    /// @brief Tokens in `text` by the provider's count, and whether the count is exact.
    [[nodiscard]] token_count count_tokens(std::string_view text) const;

    /// @brief The input tokens of `req` as the model would be sent it: asked of the provider when its API counts
    /// (Anthropic, Gemini: `counts_tokens_remotely()`; the answer is exact), retried and reported like `complete`;
    /// else counted locally (tokenize/chat.hpp: exact for OpenAI models with their vocabulary, else an estimate),
    /// without I/O.
    [[nodiscard]] result<token_count> count_tokens(const request& req);

    /// @brief The asynchronous form of `count_tokens(request)`: completes with `void(result<token_count>)`.
    template <asio::completion_token_for<void(result<token_count>)> Token>
    auto async_count_tokens(request req, Token&& token) {
        return asio::async_initiate<Token, void(result<token_count>)>(
            [this](auto handler, request initiated) {
                start_count(std::move(initiated),
                            detail::erase_handler<result<token_count>>(std::move(handler), get_executor()));
            },
            token, std::move(req));
    }

    /// @brief Whether `count_tokens(request)` asks the provider (its API has a counting endpoint).
    [[nodiscard]] bool counts_tokens_remotely() const noexcept { return traits().counts_tokens; }

    // --- Parts. ---

    /// @brief The provider's name ("anthropic", ...; for `any_provider`, the name it was chosen by).
    [[nodiscard]] std::string_view provider_name() const noexcept { return traits().name; }
    [[nodiscard]] const llm_config& config() const noexcept { return config_; }
    [[nodiscard]] const options_type& options() const noexcept { return options_; }
    [[nodiscard]] const P& provider() const noexcept {
        if constexpr (fn_call::is_adapted<P>) return provider_;
        else return provider_.inner();
    }
    [[nodiscard]] T& transport() noexcept { return transport_; }
    [[nodiscard]] R& retry_policy() noexcept { return retry_; }
    [[nodiscard]] executor_type get_executor() const noexcept { return transport_.get_executor(); }

    // --- Observers: spending, logging, progress, tracing. ---

    /// @brief Adds an observer of every later call (see observer.hpp), told after the built-in ones; returns it,
    /// valid as long as this connection. Not while a call is in flight.
    template <CallObserver O>
    O& add_observer(O observer) {
        return observers_.add(std::move(observer));
    }

    /// @brief Called before each retry wait, on the operation's executor (for progress display).
    void on_retry(std::function<void(const retry_event&)> listener) { observers_.retry_listener = std::move(listener); }

    /// @brief Cost, latency and tokens of every completion so far (streamed ones included). Another connection's
    /// metrics can be merged in, e.g. a delegate agent's; they count against `max_budget` too.
    [[nodiscard]] const polyllm::metrics& metrics() const noexcept { return observers_.metrics.records(); }
    [[nodiscard]] polyllm::metrics& metrics() noexcept { return observers_.metrics.records(); }

    /// @brief Where log lines go, and the least severe level worth building: at `log_level::debug` every request
    /// and response is logged in full (credentials and the key removed). The default is warnings to stderr.
    void set_logger(polyllm::logger sink, log_level threshold = log_level::debug) {
        observers_.log.set_logger(std::move(sink), threshold);
    }

    /// @brief For a connection that owns its io_context: runs it until every async operation has completed.
    void run() {
        if (owned_) owned_->run();
    }

private:
    // The public calls meet here, whatever completion token or stream callback the caller used: below this line
    // nothing depends on the caller's types, so all of it is compiled once per basic_llm type (and, with
    // POLYLLM_SEPARATE_COMPILATION, once per program). An indirect call per event and per completion is the cost.
    using completion_handler = detail::erased_handler<result<completion>>;
    using embeddings_handler = detail::erased_handler<result<embeddings>>;
    using count_handler = detail::erased_handler<result<token_count>>;
    using stream_callback = detail::stream_callback;

    result<completion> stream_erased(const request& req, stream_callback on_event)
        requires StreamingProvider<P> && StreamingTransport<T>;
    void start_call(request req, completion_handler done);
    void start_stream(request req, stream_callback on_event, completion_handler done)
        requires StreamingProvider<P> && StreamingTransport<T>;
    void start_embed(std::vector<std::string> texts, embeddings_handler done)
        requires EmbeddingProvider<P>;
    void start_count(request req, count_handler done);

    // What the constrained members above return where their constraint fails (see their definitions).
    [[nodiscard]] error not_offered() const {
        return annotate(error{errc::unsupported, "this provider or transport does not offer this call"});
    }

    // The retry loop (impl/call_op.hpp) and the ways a call's attempts are sent and read (impl/*_call.hpp).
    template <class Mode>
    struct call_op;
    struct plain_call;
    // Templates only so that an explicit instantiation of basic_llm (src.hpp) for a provider that cannot stream or
    // embed leaves them alone; each has one specialization, `<>`.
    template <class = void>
    struct streamed_call;
    template <class = void>
    struct embed_call;
    template <class = void>
    struct count_call;

    static R make_retry_policy(const llm_config& config) {
        if constexpr (std::is_constructible_v<R, const llm_config&>) return R(config);
        else return R{};
    }

    void init();

    // The provider's name, request id header, prices and config check, static or run-time (provider_traits.hpp).
    [[nodiscard]] decltype(auto) traits() const noexcept { return traits_of(provider_); }

    [[nodiscard]] call_context<options_type> context(bool stream = false, const request* in_reply_to = nullptr) const {
        return {config_, options_, stream, in_reply_to};
    }
    [[nodiscard]] call_info info(call_kind kind, const request* req, const std::vector<std::string>* texts) const {
        return {kind, traits().name, config_, req, texts};
    }
    // What one completion may hold (validate() keeps both positive).
    [[nodiscard]] polyllm::stream_limits stream_limits() const noexcept {
        return {static_cast<std::size_t>(config_.max_stream_bytes), static_cast<std::size_t>(config_.max_tool_calls)};
    }

    // Reading an attempt's response (impl/interpret.hpp).
    template <class Make>
    [[nodiscard]] result<http_request> prepare_with(Make&& make) const;
    [[nodiscard]] result<completion> interpret(result<http_response> response, const request* in_reply_to) const;
    [[nodiscard]] error failed_response(error e, const http_response& response) const;
    void attach_response(completion& c, const http_response& res) const;

    // Every error leaves through here (detail/annotate.hpp).
    [[nodiscard]] error annotate(error e) const {
        return detail::annotated(std::move(e), traits().name, config_.api_key.reveal());
    }

    // The wait before the next attempt, or nothing to give up: the retry policy's decision alone, on an error
    // already classified where it was made (one nobody classified gets the provider's `should_retry` verdict here,
    // once). A refusal the caller could not guess (a server's hint longer than the policy waits, a wait past
    // total_timeout) is said in the error's message.
    [[nodiscard]] std::optional<std::chrono::milliseconds> retry_delay(int attempts_made, error& e,
                                                                       std::chrono::steady_clock::time_point began) const {
        if (e.verdict == retry_verdict::unspecified)
            e.verdict = provider_.should_retry(e) ? retry_verdict::yes : retry_verdict::no;
        auto delay = retry_.next_delay(attempts_made, e);
        if (!delay) {
            if (retryable(e) && e.retry_after && e.retry_after->count() > 0 && attempts_made < retry_.max_attempts())
                e.message += "; the server asks to wait " + describe_wait(*e.retry_after) +
                             " before a retry, longer than the retry policy waits: not retried";
            return delay;
        }
        if (const auto deadline = deadline_of(began); deadline && std::chrono::steady_clock::now() + *delay >= *deadline) {
            e.message += "; a retry after " + describe_wait(*delay) + " would end past total_timeout (" +
                         describe_wait(*config_.total_timeout) + "): not retried";
            return std::nullopt;
        }
        return delay;
    }

    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> deadline_of(
        std::chrono::steady_clock::time_point began) const {
        if (!config_.total_timeout) return std::nullopt;
        return began + *config_.total_timeout;
    }
    [[nodiscard]] static std::string describe_wait(std::chrono::milliseconds wait) {
        if (wait >= retry_hint_ceiling) return "a century or more";
        char text[48];
        std::snprintf(text, sizeof text, "%g s", double(wait.count()) / 1000.0);
        return text;
    }

    template <class Result, class Start>
    Result run_sync(Start start) {
        if (!owned_) return start(asio::use_future).get();
        return owned_->template run<Result>(std::move(start));
    }

    std::unique_ptr<detail::sync_runner> owned_;  // first: the transport below may use its executor
    llm_config config_;
    options_type options_;
    [[no_unique_address]] adapted_provider provider_{};
    T transport_;
    [[no_unique_address]] R retry_;
    std::optional<error> config_error_;
    detail::call_observers observers_{metrics_observer(traits().prices)};  // after provider_: it reads its prices
};

POLYLLM_NAMESPACE_END

#include <polyllm/impl/basic_llm.hpp>
