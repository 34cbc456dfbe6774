#pragma once
/// @file
/// @brief The three policy concepts that `basic_llm` combines: `Provider`, `Transport`, `RetryPolicy`.
///
/// Provider (p is a `const P&`, ctx a `call_context<typename P::options>`):
/// | expression                 | type                   | meaning                                                  |
/// |----------------------------|------------------------|----------------------------------------------------------|
/// | `P::name`                  | convertible to string_view | the provider's name in errors and model prefixes ("openai") |
/// | `typename P::options`      | default-constructible  | typed provider-specific settings (region, ...)           |
/// | `p.prepare(request, ctx)`  | `result<http_request>` | the HTTP request for a chat request; no I/O              |
/// | `p.parse(http_response, ctx)` | `result<completion>` | the completion, or the provider's error classified      |
/// | `p.should_retry(error)`    | `bool`                 | whether the error is worth another attempt               |
/// | `p.tokenize(text, ctx)`    | `token_count`          | tokens in the text, exact or estimated                   |
///
/// Optional provider members: what polyllm reads when a provider declares it, and does without otherwise. A member
/// declared under a near-miss name (the second column) would be silently ignored, so `basic_llm` refuses it at
/// compile time (`detail::check_provider_hooks`) and names the right spelling.
/// | member                                   | near misses refused        | what it does                        |
/// |------------------------------------------|----------------------------|-------------------------------------|
/// | `p.make_stream_decoder(ctx)`             | `stream_decoder`, `make_decoder` | makes it a `StreamingProvider`: one decoder per stream |
/// | `p.prepare_embeddings(texts, ctx)`, `p.parse_embeddings(res, n, ctx)` | `prepare_embedding`, `parse_embedding` | makes it an `EmbeddingProvider` |
/// | `P::request_id_header` (string_view)     | `request_id_headers`       | header whose value becomes `completion::request_id` |
/// | `P::api_key_env` (string_view)           | `api_key_variable`, `api_key_env_var` | variable read when no key is configured |
/// | `P::base_url_env` (string_view)          | `base_url_variable`, `base_url_env_var` | variable read when no base URL is configured |
/// | `P::api_version_env` (string_view)       | `api_version_variable`     | variable read when no API version is configured |
/// | `P::models` (range of `model_entry`)     | `model_table`              | the provider's own model table, consulted first (models.hpp) |
/// | `P::native_tool_calling_by_default` (bool) | `native_tools_by_default` | its models have native tool calls unless the tables say not (models.hpp) |
/// | `p.async_authorize(http, ctx, sender, done)` | -                      | signs each attempt's request or adds its token (authorize.hpp) |
/// | `p.prepare_count_tokens(req, ctx)`, `p.parse_count_tokens(res, ctx)` | -  | the provider counts a request's tokens (token_counting.hpp) |
/// | `using model = static_model<"...">`     | -                          | the model fixed at compile time: constant features (fn_call/adapt.hpp) |
/// | `options::config_keys` (tuple of keys)   | -                          | the options' keys in config.toml and `LLM_*` variables (config/keys.hpp) |
///
/// Transport (t is a `T&`; completion handlers follow Asio's rules, so any completion token works):
/// | expression                          | completion signature          |
/// |-------------------------------------|-------------------------------|
/// | `t.get_executor()`                  | -                             |
/// | `t.async_send(http_request, token)` | `void(result<http_response>)` |
/// | `t.async_wait(milliseconds, token)` | `void(std::error_code)`       |
/// The transport owns all waiting as well as all I/O, so that a test transport can run retries on a virtual clock.
///
/// StreamingTransport adds:
/// | expression                                   | completion signature          |
/// |----------------------------------------------|-------------------------------|
/// | `t.async_stream(http_request, on_data, token)` | `void(result<http_response>)` |
/// For a 2xx response, each piece of the body (after any chunked decoding) is passed to `on_data(std::string_view)
/// -> bool` as it arrives; returning false stops reading and closes the connection, and the operation then
/// completes successfully. A non-2xx or JSON body (`streams_body`, http.hpp) is read whole into the response and
/// `on_data` is never called. The
/// completion carries status and headers (and the body only when it was not streamed). An error after some data
/// was delivered completes with that error: the caller knows what it already received.
///
/// RetryPolicy (r is a `const R&`, n the number of attempts made so far, starting at 1):
/// | expression              | type                                       | meaning                          |
/// |-------------------------|--------------------------------------------|----------------------------------|
/// | `r.next_delay(n, error)`| `std::optional<std::chrono::milliseconds>` | wait before attempt n+1, or give up |
/// | `r.max_attempts()`      | `int`                                      | attempts in all, for progress display |

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <cstddef>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief What a provider sees of the call besides the request: the configuration, its own typed options,
/// whether the response will be streamed, and, when reading a reply, the request it answers.
template <class Options>
struct call_context {
    const llm_config& config;
    const Options& options;
    bool stream = false;
    /// The request being answered, set when `parse` reads a chat reply; null elsewhere. A reply is not always
    /// readable alone: a tool call the model wrote as text is only a call if the request offered that tool, and
    /// is checked against its schema (fn_call::adapted). A pointer, not a copy: the caller's request outlives the
    /// parse, and most providers never look.
    const request* in_reply_to = nullptr;
};

namespace detail::archetypes {
// Minimal completion handlers: a transport must accept these, so it accepts any handler of the same signature.
struct send_handler {
    void operator()(result<http_response>) const {}
};
struct wait_handler {
    void operator()(std::error_code) const {}
};
struct data_handler {
    bool operator()(std::string_view) const { return true; }
};
struct event_sink {
    bool operator()(stream_event&&) const { return true; }
};
}  // namespace detail::archetypes

// One concept per requirement, so that a failed check can say exactly what is missing (see basic_llm.hpp).

template <class P>
concept provider_has_name = requires {
    { P::name } -> std::convertible_to<std::string_view>;
};

template <class P>
concept provider_has_options = requires { typename P::options; } && std::default_initializable<typename P::options>;

template <class P>
concept provider_has_prepare =
    provider_has_options<P> &&
    requires(const P& p, const request& req, const call_context<typename P::options>& ctx) {
        { p.prepare(req, ctx) } -> std::same_as<result<http_request>>;
    };

template <class P>
concept provider_has_parse =
    provider_has_options<P> &&
    requires(const P& p, const http_response& res, const call_context<typename P::options>& ctx) {
        { p.parse(res, ctx) } -> std::same_as<result<completion>>;
    };

template <class P>
concept provider_has_should_retry = requires(const P& p, const error& e) {
    { p.should_retry(e) } -> std::same_as<bool>;
};

template <class P>
concept provider_has_tokenize =
    provider_has_options<P> &&
    requires(const P& p, std::string_view text, const call_context<typename P::options>& ctx) {
        { p.tokenize(text, ctx) } -> std::same_as<token_count>;
    };

/// @brief A provider policy: turns requests into HTTP requests and HTTP responses into completions.
template <class P>
concept Provider = provider_has_name<P> && provider_has_options<P> && provider_has_prepare<P> &&
                   provider_has_parse<P> && provider_has_should_retry<P> && provider_has_tokenize<P>;

/// @brief The decoder type a streaming provider makes for each stream.
template <class P>
using stream_decoder_t = decltype(std::declval<const P&>().make_stream_decoder(
    std::declval<const call_context<typename P::options>&>()));

/// @brief A provider that can also stream: `p.make_stream_decoder(ctx)` gives a decoder `d` (one per stream)
/// with `d.feed(bytes, emit) -> result<void>` (body bytes in; normalized `stream_event`s out through
/// `emit(stream_event&&) -> bool`, false meaning the consumer stopped) and `d.finish() -> result<void>` (at the
/// end of the body: an error when the stream's terminal event never came).
template <class P>
concept StreamingProvider =
    Provider<P> && requires(const P& p, const call_context<typename P::options>& ctx) { p.make_stream_decoder(ctx); } &&
    requires(stream_decoder_t<P>& d, std::string_view bytes) {
        { d.feed(bytes, detail::archetypes::event_sink{}) } -> std::same_as<result<void>>;
        { d.finish() } -> std::same_as<result<void>>;
    };

/// @brief A provider that can also embed texts: `prepare_embeddings(texts, ctx)` and
/// `parse_embeddings(response, count, ctx)`.
template <class P>
concept EmbeddingProvider =
    Provider<P> && requires(const P& p, const std::vector<std::string>& texts, const http_response& res,
                            const call_context<typename P::options>& ctx) {
        { p.prepare_embeddings(texts, ctx) } -> std::same_as<result<http_request>>;
        { p.parse_embeddings(res, texts.size(), ctx) } -> std::same_as<result<embeddings>>;
    };

namespace detail {

// Whether P declares a member called `name` of any kind: a static or non-static data member, a non-overloaded member
// function, or a nested type. (An overloaded or template member function is not seen; those are rare in the hooks.)
#define POLYLLM_DETAIL_DECLARES(name)                                                                             \
    template <class P>                                                                                            \
    concept declares_##name = requires { &P::name; } || requires { P::name; } || requires { typename P::name; };
POLYLLM_DETAIL_DECLARES(make_stream_decoder)
POLYLLM_DETAIL_DECLARES(stream_decoder)
POLYLLM_DETAIL_DECLARES(make_decoder)
POLYLLM_DETAIL_DECLARES(prepare_embeddings)
POLYLLM_DETAIL_DECLARES(prepare_embedding)
POLYLLM_DETAIL_DECLARES(parse_embeddings)
POLYLLM_DETAIL_DECLARES(parse_embedding)
POLYLLM_DETAIL_DECLARES(request_id_header)
POLYLLM_DETAIL_DECLARES(request_id_headers)
POLYLLM_DETAIL_DECLARES(api_key_env)
POLYLLM_DETAIL_DECLARES(api_key_variable)
POLYLLM_DETAIL_DECLARES(api_key_env_var)
POLYLLM_DETAIL_DECLARES(base_url_env)
POLYLLM_DETAIL_DECLARES(base_url_variable)
POLYLLM_DETAIL_DECLARES(base_url_env_var)
POLYLLM_DETAIL_DECLARES(api_version_env)
POLYLLM_DETAIL_DECLARES(api_version_variable)
POLYLLM_DETAIL_DECLARES(models)
POLYLLM_DETAIL_DECLARES(model_table)
POLYLLM_DETAIL_DECLARES(native_tool_calling_by_default)
POLYLLM_DETAIL_DECLARES(native_tools_by_default)
#undef POLYLLM_DETAIL_DECLARES

// The hooks that are member functions, seen however they are declared (overloaded, templates).
template <class P>
concept calls_make_stream_decoder = declares_make_stream_decoder<P> || requires { typename stream_decoder_t<P>; };
template <class P>
concept calls_prepare_embeddings =
    declares_prepare_embeddings<P> ||
    requires(const P& p, const std::vector<std::string>& texts, const call_context<typename P::options>& ctx) {
        p.prepare_embeddings(texts, ctx);
    };
template <class P>
concept calls_parse_embeddings =
    declares_parse_embeddings<P> ||
    requires(const P& p, const http_response& res, const call_context<typename P::options>& ctx) {
        p.parse_embeddings(res, std::size_t{}, ctx);
    };

/// A near miss: the provider declares `wrong` and not `right`, so polyllm would never read what it meant.
template <bool Wrong, bool Right>
inline constexpr bool near_miss = Wrong && !Right;

/// The optional members of the table above, each refused under a near-miss name with the right spelling named. A
/// provider that declares both names (one of them for its own use) is left alone.
template <class P>
constexpr bool check_provider_hooks() {
    static_assert(!near_miss<declares_stream_decoder<P> || declares_make_decoder<P>, calls_make_stream_decoder<P>>,
                  "polyllm: this provider declares `stream_decoder` or `make_decoder`, which polyllm does not read: "
                  "the streaming hook is `make_stream_decoder(const call_context<options>&) const`");
    static_assert(!near_miss<declares_prepare_embedding<P>, calls_prepare_embeddings<P>>,
                  "polyllm: this provider declares `prepare_embedding`, which polyllm does not read: the embeddings "
                  "hook is `prepare_embeddings(const std::vector<std::string>&, const call_context<options>&) const`");
    static_assert(!near_miss<declares_parse_embedding<P>, calls_parse_embeddings<P>>,
                  "polyllm: this provider declares `parse_embedding`, which polyllm does not read: the embeddings "
                  "hook is `parse_embeddings(const http_response&, std::size_t, const call_context<options>&) const`");
    static_assert(!near_miss<declares_request_id_headers<P>, declares_request_id_header<P>>,
                  "polyllm: this provider declares `request_id_headers`, which polyllm does not read: the member is "
                  "`static constexpr std::string_view request_id_header` (one header name)");
    static_assert(!near_miss<declares_api_key_variable<P> || declares_api_key_env_var<P>, declares_api_key_env<P>>,
                  "polyllm: this provider declares `api_key_variable` or `api_key_env_var`, which polyllm does not "
                  "read: the member is `static constexpr std::string_view api_key_env`");
    static_assert(!near_miss<declares_base_url_variable<P> || declares_base_url_env_var<P>, declares_base_url_env<P>>,
                  "polyllm: this provider declares `base_url_variable` or `base_url_env_var`, which polyllm does not "
                  "read: the member is `static constexpr std::string_view base_url_env`");
    static_assert(!near_miss<declares_api_version_variable<P>, declares_api_version_env<P>>,
                  "polyllm: this provider declares `api_version_variable`, which polyllm does not read: the member "
                  "is `static constexpr std::string_view api_version_env`");
    static_assert(!near_miss<declares_model_table<P>, declares_models<P>>,
                  "polyllm: this provider declares `model_table`, which polyllm does not read: its own model table "
                  "is `static constexpr polyllm::model_entry models[]`");
    static_assert(!near_miss<declares_native_tools_by_default<P>, declares_native_tool_calling_by_default<P>>,
                  "polyllm: this provider declares `native_tools_by_default`, which polyllm does not read: the "
                  "member is `static constexpr bool native_tool_calling_by_default`");
    return true;
}

}  // namespace detail

/// @brief A transport policy: sends HTTP requests and waits, asynchronously, on an executor.
template <class T>
concept Transport = requires(T& t, http_request req, std::chrono::milliseconds delay) {
    typename T::executor_type;
    { t.get_executor() } -> std::convertible_to<typename T::executor_type>;
    t.async_send(std::move(req), detail::archetypes::send_handler{});
    t.async_wait(delay, detail::archetypes::wait_handler{});
};

/// @brief A transport that can also deliver a response body piece by piece, as it arrives.
template <class T>
concept StreamingTransport = Transport<T> && requires(T& t, http_request req) {
    t.async_stream(std::move(req), detail::archetypes::data_handler{}, detail::archetypes::send_handler{});
};

/// @brief A retry policy: how long to wait before the next attempt, or whether to give up.
template <class R>
concept RetryPolicy = requires(const R& r, int attempts_made, const error& e) {
    { r.next_delay(attempts_made, e) } -> std::same_as<std::optional<std::chrono::milliseconds>>;
    { r.max_attempts() } -> std::convertible_to<int>;
};

POLYLLM_NAMESPACE_END
