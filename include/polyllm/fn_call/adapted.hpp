#pragma once
/// @file
/// @brief `fn_call::adapted<P>`: provider `P` with what every model gets whichever its provider, as a provider
/// itself. Before `prepare`: request hygiene and, for a model without native function calling, tools described in
/// the prompt; after `parse`: a call the model wrote as text read back as a standard tool call. It is a
/// `Provider` (a `StreamingProvider`, an `EmbeddingProvider`) exactly when `P` is, and offers `P`'s optional
/// members, so `basic_llm<fn_call::adapted<P>>` is a `basic_llm` like any other; `basic_llm<P>` adapts `P` itself.

#include <polyllm/authorize.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/adapt.hpp>
#include <polyllm/http.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

template <class P>
class adapted;

/// @brief Whether `P` is an `adapted<...>` already.
template <class P>
inline constexpr bool is_adapted = false;
template <class P>
inline constexpr bool is_adapted<adapted<P>> = true;

/// @brief `P` adapted once: `adapted<P>`, or `P` itself when it is adapted already.
template <class P>
using adapted_t = std::conditional_t<is_adapted<P>, P, adapted<P>>;

namespace detail {
// P's optional static members, each present in the adaptor exactly when P has it (the model tables and basic_llm
// look for them with `requires`).
template <class P>
struct forward_models {};
template <class P>
    requires requires { P::models; }
struct forward_models<P> {
    static constexpr const auto& models = P::models;
};
template <class P>
struct forward_model {};
template <class P>
    requires requires { typename P::model; }
struct forward_model<P> {
    using model = typename P::model;
};
template <class P>
struct forward_tool_default {};
template <class P>
    requires requires { P::native_tool_calling_by_default; }
struct forward_tool_default<P> {
    static constexpr auto native_tool_calling_by_default = P::native_tool_calling_by_default;
};
template <class P>
struct forward_request_id {};
template <class P>
    requires requires { P::request_id_header; }
struct forward_request_id<P> {
    static constexpr auto request_id_header = P::request_id_header;
};
template <class P>
struct forward_api_key_env {};
template <class P>
    requires requires { P::api_key_env; }
struct forward_api_key_env<P> {
    static constexpr auto api_key_env = P::api_key_env;
};
template <class P>
struct forward_base_url_env {};
template <class P>
    requires requires { P::base_url_env; }
struct forward_base_url_env<P> {
    static constexpr auto base_url_env = P::base_url_env;
};
template <class P>
struct forward_api_version_env {};
template <class P>
    requires requires { P::api_version_env; }
struct forward_api_version_env<P> {
    static constexpr auto api_version_env = P::api_version_env;
};
}  // namespace detail

template <class P>
class adapted : public detail::forward_models<P>,
                public detail::forward_model<P>,
                public detail::forward_tool_default<P>,
                public detail::forward_request_id<P>,
                public detail::forward_api_key_env<P>,
                public detail::forward_base_url_env<P>,
                public detail::forward_api_version_env<P> {
public:
    using provider_type = P;
    using options = typename P::options;
    using context = call_context<options>;
    static constexpr std::string_view name = P::name;

    adapted() = default;
    explicit adapted(P inner) : inner_(std::move(inner)) {}

    [[nodiscard]] const P& inner() const noexcept { return inner_; }

    /// @brief The configuration's own settings fitted to its model, once per connection: what the model does not
    /// take is dropped with `drop_params`, refused otherwise.
    [[nodiscard]] static result<void> fit_config(llm_config& cfg) { return fn_call::fit_config<P>(cfg); }

    /// @brief Hygiene, then the text form of tool calling where the model lacks function calling, then `P`'s.
    [[nodiscard]] result<http_request> prepare(const request& req, const context& ctx) const {
        std::optional<request> changed;  // stays empty when `req` goes as it is
        if (auto fit = adapt_request<P>(req, ctx.config, changed); !fit) return std::move(fit).error();
        return inner_.prepare(changed ? *changed : req, ctx);
    }

    /// @brief `P`'s reading, with a call written as text turned into a standard tool call when the context says
    /// which request the reply answers.
    [[nodiscard]] result<completion> parse(const http_response& res, const context& ctx) const {
        auto parsed = inner_.parse(res, ctx);
        if (!parsed || !ctx.in_reply_to) return parsed;
        return restore(std::move(parsed).value(), ctx);
    }

    /// @brief A completion assembled from a stream, read as `parse` reads a whole reply. A call the model got
    /// wrong is not retried: the caller sends the error's message back to the model. A provider with
    /// `review(completion&, const context&)` looks at every whole reply here, parsed or streamed, knowing the
    /// request it answers (Ollama warns of a prompt the server may have cut).
    [[nodiscard]] result<completion> restore(completion c, const context& ctx) const {
        if (!ctx.in_reply_to) return c;
        if constexpr (requires { inner_.review(c, ctx); }) inner_.review(c, ctx);
        auto restored = restore_tool_calls<P>(*ctx.in_reply_to, ctx.config, std::move(c));
        if (restored) return restored;
        auto e = std::move(restored).error();
        e.verdict = retry_verdict::no;
        return e;
    }

    [[nodiscard]] bool should_retry(const error& e) const { return inner_.should_retry(e); }

    [[nodiscard]] token_count tokenize(std::string_view text, const context& ctx) const {
        return inner_.tokenize(text, ctx);
    }

    [[nodiscard]] auto make_stream_decoder(const context& ctx) const
        requires StreamingProvider<P>
    {
        return inner_.make_stream_decoder(ctx);
    }

    /// @brief The caller's stream callback, seeing a call the model writes as text as tool call events.
    [[nodiscard]] standard_tool_events stream_events(polyllm::detail::stream_callback on_event,
                                                     const context& ctx) const {
        if (!ctx.in_reply_to) return {std::move(on_event), std::nullopt};
        return standard_events<P>(*ctx.in_reply_to, ctx.config, std::move(on_event));
    }

    [[nodiscard]] result<http_request> prepare_embeddings(const std::vector<std::string>& texts,
                                                          const context& ctx) const
        requires EmbeddingProvider<P>
    {
        return inner_.prepare_embeddings(texts, ctx);
    }
    [[nodiscard]] result<embeddings> parse_embeddings(const http_response& res, std::size_t count,
                                                      const context& ctx) const
        requires EmbeddingProvider<P>
    {
        return inner_.parse_embeddings(res, count, ctx);
    }

    /// @brief The count request for the request `prepare` would send: hygiene and text-form tools applied first, so
    /// that what is counted is what a call sends.
    [[nodiscard]] result<http_request> prepare_count_tokens(const request& req, const context& ctx) const
        requires TokenCountingProvider<P>
    {
        std::optional<request> changed;
        if (auto fit = adapt_request<P>(req, ctx.config, changed); !fit) return std::move(fit).error();
        return inner_.prepare_count_tokens(changed ? *changed : req, ctx);
    }
    [[nodiscard]] result<token_count> parse_count_tokens(const http_response& res, const context& ctx) const
        requires TokenCountingProvider<P>
    {
        return inner_.parse_count_tokens(res, ctx);
    }

    void async_authorize(http_request http, const context& ctx, const http_sender& sender,
                         authorize_handler done) const
        requires AuthorizingProvider<P>
    {
        inner_.async_authorize(std::move(http), ctx, sender, std::move(done));
    }

private:
    [[no_unique_address]] P inner_;  // no initializer: the default constructor stays trivial when P's is
};

}  // namespace fn_call
POLYLLM_NAMESPACE_END
