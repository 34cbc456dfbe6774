#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {
// What a call and a count send alike besides the body: the key, the version, the betas.
inline void add_anthropic_headers(http_request& http, const call_context<anthropic::options>& ctx) {
    http.headers.add_sensitive("x-api-key", std::string(ctx.config.api_key.reveal()));
    http.headers.add("anthropic-version", ctx.options.version);
    if (!ctx.options.betas.empty()) {
        std::string betas;
        for (const auto& beta : ctx.options.betas) betas += (betas.empty() ? "" : ",") + beta;
        http.headers.add("anthropic-beta", std::move(betas));
    }
    http.headers.add("content-type", "application/json");
}
}  // namespace detail

POLYLLM_DECL result<http_request> anthropic::prepare(const request& req, const call_context<options>& ctx) const {
    if (ctx.config.api_key.empty())
        return missing_api_key(name, api_key_env);
    http_request http;
    auto body = anthropic_messages::write_body(http.body, req, ctx.config,
                                               detail::wire_model(ctx.config.model, name), traits_for(ctx),
                                               ctx.stream);
    if (!body) return std::move(body).error();
    http.url = endpoint(ctx.config.base_url.empty() ? default_base_url : std::string_view(ctx.config.base_url));
    detail::add_anthropic_headers(http, ctx);
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL result<http_request> anthropic::prepare_count_tokens(const request& req,
                                                                  const call_context<options>& ctx) const {
    if (ctx.config.api_key.empty()) return missing_api_key(name, api_key_env);
    http_request http;
    auto body = anthropic_messages::write_count_tokens_body(http.body, req, ctx.config,
                                                            detail::wire_model(ctx.config.model, name), traits_for(ctx));
    if (!body) return std::move(body).error();
    // {base}/v1/messages, then /count_tokens before the base URL's query, if any.
    const std::string_view base = ctx.config.base_url.empty() ? default_base_url : std::string_view(ctx.config.base_url);
    auto path = detail::without_query(base);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    http.url = detail::join_url(base, path.ends_with("/v1") ? "messages/count_tokens" : "v1/messages/count_tokens");
    detail::add_anthropic_headers(http, ctx);
    return http;
}

POLYLLM_DECL anthropic_messages::model_traits anthropic::traits_for(const call_context<options>& ctx) {
    const auto features = features_of<anthropic>(ctx.config.model);
    anthropic_messages::model_traits traits;
    traits.prompt_cache = features.prompt_cache;
    traits.thinking = features.reasoning_effort;
    traits.max_output_tokens = effective_model_info<anthropic>(ctx.config).max_output_tokens;
    traits.thinking_budget_tokens = ctx.options.thinking_budget_tokens;
    traits.cache_lifetime = ctx.options.cache_ttl;
    return traits;
}

POLYLLM_DECL std::string anthropic::endpoint(std::string_view base) {
    auto path = detail::without_query(base);  // a query in the base URL follows the endpoint (join_url)
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    return detail::join_url(base, path.ends_with("/v1") ? "messages" : "v1/messages");
}
POLYLLM_NAMESPACE_END
