#pragma once
/// @file
/// @brief `basic_llm<Provider, Transport, RetryPolicy>`: one model connection. It owns the configuration, the
/// provider's options, the transport and the retry policy, and runs each call as
/// request -> Provider::prepare -> Transport -> Provider::parse -> completion, retrying through the RetryPolicy.

#include <polyllm/completion_log.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config.hpp>
#include <polyllm/cost.hpp>
#include <polyllm/detail/erased_handler.hpp>
#include <polyllm/detail/event_stream_error.hpp>
#include <polyllm/detail/redact.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/adapt.hpp>
#include <polyllm/fwd.hpp>
#include <polyllm/log.hpp>
#include <polyllm/metrics.hpp>
#include <polyllm/models.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/retry/verdict.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/compose.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/use_future.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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

namespace detail {

// Each requirement checked on its own, so that the first line of the diagnostic names what is missing instead of
// a page of unsatisfied constraints.
template <class P>
constexpr bool check_provider() {
    static_assert(provider_has_name<P>,
                  "polyllm: this type is not a Provider: it needs `static constexpr std::string_view name`");
    static_assert(provider_has_options<P>,
                  "polyllm: this type is not a Provider: it needs a default-constructible nested type `options` "
                  "(write `struct options {};` when there are none)");
    static_assert(provider_has_prepare<P>,
                  "polyllm: this type is not a Provider: it needs "
                  "`result<http_request> prepare(const request&, const call_context<options>&) const`");
    static_assert(provider_has_parse<P>,
                  "polyllm: this type is not a Provider: it needs "
                  "`result<completion> parse(const http_response&, const call_context<options>&) const`");
    static_assert(provider_has_should_retry<P>,
                  "polyllm: this type is not a Provider: it needs `bool should_retry(const error&) const`");
    static_assert(provider_has_tokenize<P>,
                  "polyllm: this type is not a Provider: it needs "
                  "`token_count tokenize(std::string_view, const call_context<options>&) const`");
    return Provider<P>;
}

template <class T>
constexpr bool check_transport() {
    static_assert(Transport<T>,
                  "polyllm: this type is not a Transport: it needs `executor_type`, `get_executor()`, "
                  "`async_send(http_request, token)` completing with `void(result<http_response>)` and "
                  "`async_wait(std::chrono::milliseconds, token)` completing with `void(std::error_code)`");
    return Transport<T>;
}

template <class R>
constexpr bool check_retry_policy() {
    static_assert(RetryPolicy<R>,
                  "polyllm: this type is not a RetryPolicy: it needs "
                  "`std::optional<std::chrono::milliseconds> next_delay(int attempts_made, const error&) const` "
                  "and `int max_attempts() const`");
    return RetryPolicy<R>;
}

}  // namespace detail

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

public:
    using provider_type = P;
    using transport_type = T;
    using retry_policy_type = R;
    using options_type = typename P::options;
    using executor_type = typename T::executor_type;

    /// @brief A connection with its own io_context, for sync use.
    explicit basic_llm(llm_config config, options_type options = {})
        : owned_(std::make_unique<owned_context>()),
          config_(std::move(config)),
          options_(std::move(options)),
          transport_(executor_type(owned_->io.get_executor())),
          retry_(make_retry_policy(config_)) {
        init();
    }

    /// @brief A connection whose operations run on `executor`.
    basic_llm(const executor_type& executor, llm_config config, options_type options = {})
        : config_(std::move(config)),
          options_(std::move(options)),
          transport_(executor),
          retry_(make_retry_policy(config_)) {
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

    // --- Parts. ---

    [[nodiscard]] const llm_config& config() const noexcept { return config_; }
    [[nodiscard]] const options_type& options() const noexcept { return options_; }
    [[nodiscard]] const P& provider() const noexcept { return provider_; }
    [[nodiscard]] T& transport() noexcept { return transport_; }
    [[nodiscard]] R& retry_policy() noexcept { return retry_; }
    [[nodiscard]] executor_type get_executor() const noexcept { return transport_.get_executor(); }

    /// @brief Called before each retry wait, on the operation's executor (for progress display).
    void on_retry(std::function<void(const retry_event&)> listener) { on_retry_ = std::move(listener); }

    // --- Spending and logging. ---

    /// @brief Cost, latency and tokens of every completion so far (streamed ones included). Another connection's
    /// metrics can be merged in, e.g. a delegate agent's.
    [[nodiscard]] const polyllm::metrics& metrics() const noexcept { return metrics_; }
    [[nodiscard]] polyllm::metrics& metrics() noexcept { return metrics_; }

    /// @brief Where log lines go, and the least severe level worth building: at `log_level::debug` every request
    /// and response is logged in full (credentials and the key removed). The default is warnings to stderr.
    void set_logger(polyllm::logger sink, log_level threshold = log_level::debug) {
        logger_ = std::move(sink);
        log_threshold_ = threshold;
    }

    /// @brief For a connection that owns its io_context: runs it until every async operation has completed.
    void run() {
        if (!owned_) return;
        std::lock_guard lock(owned_->mutex);
        owned_->io.restart();
        owned_->io.run();
    }

private:
    struct owned_context {
        asio::io_context io{1};
        std::mutex mutex;
    };

    // The public calls meet here, whatever completion token or stream callback the caller used: below this line
    // nothing depends on the caller's types, so all of it is compiled once per basic_llm type (and, with
    // POLYLLM_SEPARATE_COMPILATION, once per program). An indirect call per event and per completion is the cost.
    using completion_handler = detail::erased_handler<result<completion>>;
    using embeddings_handler = detail::erased_handler<result<embeddings>>;
    using stream_callback = detail::stream_callback;

    result<completion> stream_erased(const request& req, stream_callback on_event)
        requires StreamingProvider<P> && StreamingTransport<T>;
    void start_call(request req, completion_handler done);
    void start_stream(request req, stream_callback on_event, completion_handler done)
        requires StreamingProvider<P> && StreamingTransport<T>;
    void start_embed(std::vector<std::string> texts, embeddings_handler done)
        requires EmbeddingProvider<P>;

    // What the constrained members above return where their constraint fails (see their definitions).
    [[nodiscard]] error not_offered() const {
        return annotate(error{errc::unsupported, "this provider or transport does not offer this call"});
    }

    template <class Mode>
    struct call_op;
    struct plain_call;
    // Templates only so that an explicit instantiation of basic_llm (src.hpp) for a provider that cannot stream or
    // embed leaves them alone; each has one specialization, `<>`.
    template <class = void>
    struct streamed_call;
    template <class = void>
    struct embed_call;

    static R make_retry_policy(const llm_config& config) {
        if constexpr (std::is_constructible_v<R, const llm_config&>) return R(config);
        else return R{};
    }

    // As the official SDKs do: the provider's usual variables for what the configuration left empty.
    void init();

    [[nodiscard]] call_context<options_type> context(bool stream = false) const { return {config_, options_, stream}; }

    // The provider's HTTP request (made by `make`), or why there is none; the configuration's timeout applies
    // when the provider set none.
    template <class Make>
    [[nodiscard]] result<http_request> prepare_with(Make&& make) const {
        if (config_error_) return *config_error_;
        result<http_request> prepared = make();
        if (!prepared) return annotate(std::move(prepared).error());
        if (!prepared.value().timeout) prepared.value().timeout = config_.timeout;
        return prepared;
    }

    // ---- fn_call/adapt.hpp: what every chat request and reply goes through, whichever the provider.
    // Before `prepare`: request hygiene, then tools described in the prompt where the model lacks function calling.
    [[nodiscard]] result<http_request> prepare_chat(const request& req, bool stream) const {
        std::optional<request> adapted;  // stays empty when `req` goes as it is
        if (auto fit = fn_call::adapt_request<P>(req, config_, adapted); !fit) return std::move(fit).error();
        return provider_.prepare(adapted ? *adapted : req, context(stream));
    }
    // After `parse`: a call the model wrote as text, as a standard tool call. A call the model got wrong is not
    // retried: the caller sends the error's message back to the model.
    [[nodiscard]] result<completion> restore_tool_calls(const request& req, result<completion> reply) const {
        if (!reply) return reply;
        auto restored = fn_call::restore_tool_calls<P>(req, config_, std::move(reply).value());
        if (restored) return restored;
        auto e = annotate(std::move(restored).error());
        e.verdict = retry_verdict::no;
        return e;
    }
    // ----

    // One attempt's outcome: the transport's error, or the provider's reading of the response.
    [[nodiscard]] result<completion> interpret(result<http_response> response) const {
        if (!response) return annotate(std::move(response).error());
        scrub_error_body(response.value());
        detail::unwrap_event_stream_error(response.value());  // an error sent as events is read as its JSON
        auto parsed = provider_.parse(response.value(), context());
        if (!parsed) return failed_response(std::move(parsed).error(), response.value());
        if (const auto calls = parsed.value().message.tool_calls.size(); calls > stream_limits().max_tool_calls) {
            error e{errc::protocol_error, "the response has " + std::to_string(calls) + " tool calls, more than " +
                                              std::to_string(stream_limits().max_tool_calls) +
                                              " (the limit is max_tool_calls)"};
            e.http_status = response.value().status;
            e.verdict = retry_verdict::no;
            return annotate(std::move(e));
        }
        attach_response(parsed.value(), response.value());
        return parsed;
    }

    // What one completion may hold (validate() keeps both positive).
    [[nodiscard]] polyllm::stream_limits stream_limits() const noexcept {
        return {static_cast<std::size_t>(config_.max_stream_bytes), static_cast<std::size_t>(config_.max_tool_calls)};
    }
    // An error body loses the key before the provider cuts an excerpt from it: a key that straddles the cut would
    // not be recognised afterwards. A 2xx body is the completion, left as it came.
    void scrub_error_body(http_response& response) const {
        if (response.status < 200 || response.status >= 300) detail::redact(response.body, config_.api_key.reveal());
    }

    // A response the provider read as an error: with its status and the server's retry hints.
    [[nodiscard]] error failed_response(error e, const http_response& response) const {
        if (e.http_status == 0) e.http_status = response.status;
        apply_retry_hints(e, response.headers, std::chrono::system_clock::now());
        return annotate(std::move(e));
    }

    // The response metadata a completion carries, whichever way it arrived and whichever provider parsed it. A
    // server that echoes the key in a header does not get it into the completion.
    void attach_response(completion& c, const http_response& res) const {
        if constexpr (requires { P::request_id_header; })
            if (c.request_id.empty()) c.request_id = std::string(res.headers.value_or_empty(P::request_id_header));
        auto now = std::chrono::system_clock::now();
        if (auto date = res.headers.find("date"))
            if (auto server_now = parse_http_date(*date)) now = *server_now;
        c.rate_limits = rate_limits_from(res.headers, now);
        if (config_.api_key.empty()) {
            c.headers = res.headers;
            return;
        }
        c.headers = {};
        for (const auto& h : res.headers) {
            std::string value = h.value;
            detail::redact(value, config_.api_key.reveal());
            c.headers.add(h.name, std::move(value));
        }
    }

    // Every error leaves through here: named after the provider, one line of capped printable text whatever a
    // provider (a user's too) copied into it from a server, and scrubbed of the key wherever a server echoed it,
    // a start of it cut off at the end of an excerpt included. Built-in providers have already capped what they
    // took from the server; the larger cap here only bounds the rest.
    [[nodiscard]] error annotate(error e) const {
        if (e.provider.empty()) e.provider = std::string(P::name);
        for (auto* text : {&e.message, &e.type, &e.request_id, &e.provider}) {
            *text = detail::shown_server_text(*text, 4 * detail::server_text_limit);
            detail::redact(*text, config_.api_key.reveal());
        }
        return e;
    }

    // The wait before the next attempt, or nothing to give up: the retry policy's decision alone, on an error
    // the provider has classified (an error nobody classified gets the provider's `should_retry` verdict here,
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

    // ---- Spending and logging.
    [[nodiscard]] bool logs(log_level level) const noexcept { return logger_ && level >= log_threshold_; }
    void log(log_level level, std::string_view text) const {
        if (logs(level)) logger_(level, text);
    }
    void log_request(const http_request& http, int attempt) const {
        if (!logs(log_level::debug)) return;
        log(log_level::debug, "request (attempt " + std::to_string(attempt) + "): " +
                                  detail::shown(http, config_.api_key.reveal()));
    }
    void log_response(const result<http_response>& response) const {
        if (!logs(log_level::debug)) return;
        if (response) log(log_level::debug, "response: " + detail::shown(response.value(), config_.api_key.reveal()));
        else log(log_level::debug, "no response: " + annotate(response.error()).to_string());
    }
    void log_retry(const retry_event& event) const {
        if (!logs(log_level::info)) return;
        char delay[32];
        std::snprintf(delay, sizeof delay, "%.1f", double(event.delay.count()) / 1000.0);
        log(log_level::info, std::string("retrying in ") + delay + " s (attempt " + std::to_string(event.attempt) +
                                 " of " + std::to_string(event.max_attempts) + "): " + event.cause.to_string());
    }

    // A call that would start once max_budget is spent is refused before anything is sent.
    [[nodiscard]] std::optional<error> budget_refusal() const {
        if (!config_.max_budget) return std::nullopt;
        const double spent = metrics_.accumulated_cost();
        if (spent < *config_.max_budget) return std::nullopt;
        char text[160];
        std::snprintf(text, sizeof text, "max_budget is spent: $%.6f of $%.6f; nothing was sent", spent,
                      *config_.max_budget);
        return annotate(error{errc::budget_exceeded, text});
    }

    // A completion that arrived: priced, recorded, and logged to a file when configured.
    void account(const request& sent, completion& c, std::chrono::steady_clock::duration elapsed) {
        const model_info info = effective_model_info<P>(config_);
        c.cost = cost_of(c.usage, info);
        const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
        const auto now = std::chrono::system_clock::now();
        // Prices are validated non-negative and finite, so the record cannot be refused.
        (void)metrics_.add(response_record{c.model.empty() ? config_.model : c.model, c.id, c.cost, latency, now,
                                           c.usage, info.max_input_tokens});
        if (!config_.log_completions) return;
        auto written = write_completion_log(detail::path_from_utf8(config_.log_completions_folder),
                                            {config_, sent, c, latency, now}, config_.api_key.reveal());
        if (!written) log(log_level::warning, annotate(std::move(written).error()).to_string());
    }
    // Embeddings at the embedding model's input price: the configured prices are the chat model's.
    void account(embeddings& e, std::chrono::steady_clock::duration elapsed) {
        const std::string& model =
            config_.embedding_model.empty() ? config_.embedding_deployment_name : config_.embedding_model;
        e.cost = cost_of(e.usage, model_info_of<P>(model).value_or(model_info{}));
        (void)metrics_.add(response_record{e.model.empty() ? model : e.model, e.request_id, e.cost,
                                           std::chrono::duration_cast<std::chrono::milliseconds>(elapsed),
                                           std::chrono::system_clock::now(), e.usage, std::nullopt});
    }
    // ----

    template <class Result, class Start>
    Result run_sync(Start start) {
        if (!owned_) return start(asio::use_future).get();
        std::lock_guard lock(owned_->mutex);
        std::optional<Result> out;
        start([&out](Result r) { out.emplace(std::move(r)); });
        owned_->io.restart();
        owned_->io.run();
        if (!out) return error{errc::cancelled, "the operation was abandoned before it completed"};
        return std::move(*out);
    }

    std::unique_ptr<owned_context> owned_;  // first: the transport below may use its executor
    llm_config config_;
    options_type options_;
    [[no_unique_address]] P provider_{};
    T transport_;
    [[no_unique_address]] R retry_;
    std::optional<error> config_error_;
    std::function<void(const retry_event&)> on_retry_;
    polyllm::metrics metrics_;
    polyllm::logger logger_ = stderr_logger;
    log_level log_threshold_ = log_level::warning;
};

// ---- The members a user's call reaches first, defined out of the class so that they are not inline: an
// `extern template` of basic_llm (POLYLLM_SEPARATE_COMPILATION) then keeps them, and everything they use, out of
// the user's translation unit. The constrained ones also test their constraint inside: clang 14's explicit
// instantiation (src.hpp) instantiates a member whose constraint is not satisfied, so its body must compile for a
// provider that cannot stream or embed. That branch is never taken: the constraint keeps such calls from compiling.

// As the official SDKs do: the provider's usual variables for what the configuration left empty.
template <class P, class T, class R>
void basic_llm<P, T, R>::init() {
    auto from_env = [](auto& field, std::string_view variable) {
        if (!field.empty()) return;
        if (auto value = environment::process().get(variable); value && !value->empty()) field = std::move(*value);
    };
    if constexpr (requires { P::api_key_env; }) from_env(config_.api_key, P::api_key_env);
    if constexpr (requires { P::base_url_env; }) from_env(config_.base_url, P::base_url_env);
    if constexpr (requires { P::api_version_env; }) from_env(config_.api_version, P::api_version_env);
    if (auto valid = validate(config_); !valid) config_error_ = std::move(valid).error();
    // ---- fn_call/adapt.hpp, hygiene/parameters.hpp: settings the model does not take, dropped or refused.
    else if (auto fitted = fn_call::fit_config<P>(config_); !fitted)
        config_error_ = annotate(std::move(fitted).error());
    // ----
}

template <class P, class T, class R>
result<completion> basic_llm<P, T, R>::complete(const request& req) {
    return run_sync<result<completion>>([&](auto&& token) { return async_complete(req, std::move(token)); });
}

template <class P, class T, class R>
result<completion> basic_llm<P, T, R>::stream_erased(const request& req, stream_callback on_event)
    requires StreamingProvider<P> && StreamingTransport<T>
{
    if constexpr (StreamingProvider<P> && StreamingTransport<T>)
        return run_sync<result<completion>>(
            [&](auto&& token) { return async_stream(req, std::move(on_event), std::move(token)); });
    else
        return not_offered();
}

template <class P, class T, class R>
result<embeddings> basic_llm<P, T, R>::embed(const std::vector<std::string>& texts)
    requires EmbeddingProvider<P>
{
    if constexpr (EmbeddingProvider<P>)
        return run_sync<result<embeddings>>([&](auto&& token) { return async_embed(texts, std::move(token)); });
    else
        return not_offered();
}

template <class P, class T, class R>
token_count basic_llm<P, T, R>::count_tokens(std::string_view text) const {
    return provider_.tokenize(text, context());
}

template <class P, class T, class R>
void basic_llm<P, T, R>::start_call(request req, completion_handler done) {
    asio::async_compose<completion_handler, void(result<completion>)>(call_op<plain_call>{this, {std::move(req)}},
                                                                      done, transport_);
}

template <class P, class T, class R>
void basic_llm<P, T, R>::start_stream(request req, stream_callback on_event, completion_handler done)
    requires StreamingProvider<P> && StreamingTransport<T>
{
    if constexpr (StreamingProvider<P> && StreamingTransport<T>) {
        auto events = fn_call::standard_events<P>(req, config_, std::move(on_event));
        asio::async_compose<completion_handler, void(result<completion>)>(
            call_op<streamed_call<>>{this, streamed_call<>{std::move(req), std::move(events)}}, done, transport_);
    } else {
        done(not_offered());
    }
}

template <class P, class T, class R>
void basic_llm<P, T, R>::start_embed(std::vector<std::string> texts, embeddings_handler done)
    requires EmbeddingProvider<P>
{
    if constexpr (EmbeddingProvider<P>)
        asio::async_compose<embeddings_handler, void(result<embeddings>)>(
            call_op<embed_call<>>{this, {std::move(texts)}}, done, transport_);
    else
        done(not_offered());
}
// ----

/// The retry loop of one call, plain or streamed: prepare once, then send, read, and on a retryable error wait
/// and send again. `Mode` says how an attempt is sent and read, and whether it may still be retried.
template <class P, class T, class R>
template <class Mode>
struct basic_llm<P, T, R>::call_op {
    basic_llm* llm;
    Mode mode;
    http_request http{};
    std::optional<error> early_failure{};
    error last_error{};
    std::optional<std::chrono::milliseconds> attempt_timeout{};  // the prepared request's, before total_timeout
    int attempts = 0;
    bool started = false;
    std::chrono::steady_clock::time_point began = std::chrono::steady_clock::now();

    // Start, or finish an early failure after the post that keeps completion out of the initiating call.
    template <class Self>
    void operator()(Self& self) {
        if (started) return self.complete(std::move(*early_failure));
        started = true;
        self.reset_cancellation_state(asio::enable_partial_cancellation());
        auto prepared = mode.prepare(*llm);
        if (auto refusal = llm->budget_refusal()) prepared = std::move(*refusal);
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
        llm->log_response(response);
        auto outcome = mode.read(*llm, std::move(response));
        if (outcome) {
            mode.account(*llm, outcome.value(), std::chrono::steady_clock::now() - began);
            return self.complete(std::move(outcome));
        }
        auto failure = std::move(outcome).error();
        if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none)
            failure = llm->annotate(error{errc::cancelled, "request cancelled"});
        const auto delay = mode.may_retry() ? llm->retry_delay(attempts, failure, began) : std::nullopt;
        if (!delay) return self.complete(mode.give_up(*llm, std::move(failure)));
        last_error = std::move(failure);
        const retry_event event{attempts + 1, llm->retry_.max_attempts(), *delay, last_error};
        llm->log_retry(event);
        if (llm->on_retry_) llm->on_retry_(event);
        llm->transport_.async_wait(*delay, std::move(self));
    }

    // A retry wait ended.
    template <class Self>
    void operator()(Self& self, std::error_code ec) {
        if (ec || self.get_cancellation_state().cancelled() != asio::cancellation_type::none) {
            auto e = error{errc::cancelled, "cancelled while waiting to retry after: " + last_error.to_string()};
            return self.complete(llm->annotate(std::move(e)));
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
                return self.complete(mode.give_up(*llm, llm->annotate(std::move(e))));
            }
        }
        ++attempts;
        llm->log_request(http, attempts);
        mode.send(*llm, http, std::move(self));  // the request is copied: a retry sends it again
    }
};

/// A plain call: the whole response, parsed by the provider.
template <class P, class T, class R>
struct basic_llm<P, T, R>::plain_call {
    request req;

    result<http_request> prepare(const basic_llm& llm) const {
        return llm.prepare_with([&] { return llm.prepare_chat(req, false); });
    }

    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        llm.transport_.async_send(http, std::forward<Handler>(handler));
    }
    result<completion> read(basic_llm& llm, result<http_response> response) {
        return llm.restore_tool_calls(req, llm.interpret(std::move(response)));
    }
    void account(basic_llm& llm, completion& c, std::chrono::steady_clock::duration elapsed) {
        llm.account(req, c, elapsed);
    }
    [[nodiscard]] bool may_retry() const noexcept { return true; }
    error give_up(const basic_llm&, error e) { return e; }
};

/// A streamed call: body bytes go through the provider's decoder to the caller's callback as they arrive. The
/// per-attempt state lives on the heap so that the transport's data callback can point at it while the operation
/// itself moves from handler to handler.
template <class P, class T, class R>
template <class>
struct basic_llm<P, T, R>::streamed_call {
    // ---- fn_call/adapt.hpp: a call the model writes as text reaches the callback as tool call events.
    using events_type = fn_call::standard_tool_events;
    // ----

    struct attempt {
        events_type& on_event;
        stream_decoder_t<P> decoder;
        stream_accumulator accumulator;
        std::optional<error> decode_error;
        bool delivered = false;  // an event reached the caller: retrying now would repeat it
        bool stopped = false;    // the caller asked to stop

        bool on_data(std::string_view bytes) {
            auto fed = decoder.feed(bytes, [this](stream_event&& event) { return deliver(std::move(event)); });
            if (!fed) decode_error = std::move(fed).error();
            return fed && !stopped && !decode_error;
        }
        bool deliver(stream_event&& event) {
            if (!accumulator.add(event)) {  // past max_stream_bytes or max_tool_calls: asking again gets the same
                decode_error = *accumulator.exceeded();
                decode_error->verdict = retry_verdict::no;
                return false;
            }
            delivered = true;
            stopped = !on_event(event);
            return !stopped;
        }
    };

    streamed_call(request r, events_type events)
        : req(std::move(r)), on_event(std::make_unique<events_type>(std::move(events))) {}

    request req;
    std::unique_ptr<events_type> on_event;
    std::unique_ptr<attempt> current;
    http_response head;

    result<http_request> prepare(const basic_llm& llm) const {
        return llm.prepare_with([&] { return llm.prepare_chat(req, true); });
    }

    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        current.reset(new attempt{*on_event, llm.provider_.make_stream_decoder(llm.context(true)),
                                  stream_accumulator{llm.stream_limits()}, {}});
        llm.transport_.async_stream(http, [a = current.get()](std::string_view bytes) { return a->on_data(bytes); },
                                    std::forward<Handler>(handler));
    }

    result<completion> read(basic_llm& llm, result<http_response> response) {
        if (!response) return llm.annotate(std::move(response).error());
        head = std::move(response).value();
        if (head.status < 200 || head.status >= 300) return llm.interpret(std::move(head));  // an error body
        auto& a = *current;
        if (!streams_body(head.status, head.headers)) {
            // A plain JSON answer to a streamed request (a server that does not stream, or an error object sent
            // with 200): read as the completion or the error it is, and told to the caller as a stream would be.
            auto c = llm.interpret(head);
            if (!c) return c;
            for (auto& event : events_of(c.value()))
                if (!a.deliver(std::move(event))) break;
            return llm.restore_tool_calls(req, std::move(c));
        }
        if (a.decode_error) {
            auto e = std::move(*a.decode_error);
            if (e.http_status == 0) e.http_status = head.status;
            return llm.annotate(std::move(e));
        }
        if (!a.stopped)
            if (auto finished = a.decoder.finish(); !finished) {
                auto e = std::move(finished).error();
                // Cut off before its terminal event: the server answered 2xx, so it has taken (and may bill) the
                // request. As for a plain response cut after its status line, it is not sent again, even when no
                // event had arrived yet. (An error event, such as overloaded, says the work was not done: the
                // provider's should_retry decides those.)
                if (e.kind() == errc::connection) {
                    if (e.http_status == 0) e.http_status = head.status;
                    if (e.verdict == retry_verdict::unspecified) e.verdict = retry_verdict::no;
                }
                return llm.annotate(std::move(e));
            }
        completion c = a.accumulator.take();
        if (a.stopped && c.finish_reason_raw.empty()) c.finish_reason_raw = "stopped";
        llm.attach_response(c, head);
        return llm.restore_tool_calls(req, std::move(c));
    }

    void account(basic_llm& llm, completion& c, std::chrono::steady_clock::duration elapsed) {
        llm.account(req, c, elapsed);
    }
    [[nodiscard]] bool may_retry() const noexcept { return !current || !current->delivered; }

    // What arrived before the failure stays with the error.
    error give_up(const basic_llm& llm, error e) {
        if (current && current->delivered && !e.partial) {  // read may have kept the reply already
            auto partial = std::make_shared<completion>(current->accumulator.take());
            llm.attach_response(*partial, head);
            e.partial = std::move(partial);
        }
        return e;
    }
};

/// An embeddings call: one request for all the texts.
template <class P, class T, class R>
template <class>
struct basic_llm<P, T, R>::embed_call {
    std::vector<std::string> texts;

    result<http_request> prepare(const basic_llm& llm) const {
        return llm.prepare_with([&] { return llm.provider_.prepare_embeddings(texts, llm.context(false)); });
    }
    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        llm.transport_.async_send(http, std::forward<Handler>(handler));
    }
    result<embeddings> read(basic_llm& llm, result<http_response> response) {
        if (!response) return llm.annotate(std::move(response).error());
        llm.scrub_error_body(response.value());
        auto parsed = llm.provider_.parse_embeddings(response.value(), texts.size(), llm.context(false));
        if (!parsed) return llm.failed_response(std::move(parsed).error(), response.value());
        return parsed;
    }
    void account(basic_llm& llm, embeddings& e, std::chrono::steady_clock::duration elapsed) {
        llm.account(e, elapsed);
    }
    [[nodiscard]] bool may_retry() const noexcept { return true; }
    error give_up(const basic_llm&, error e) { return e; }
};

POLYLLM_NAMESPACE_END
