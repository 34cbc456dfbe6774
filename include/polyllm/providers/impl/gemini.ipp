#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL result<http_request> gemini::prepare(const request& req, const call_context<options>& ctx) const {
    if (ctx.config.api_key.empty())
        return missing_api_key(name, api_key_env);
    auto model = detail::wire_model(ctx.config.model, name);
    if (model.starts_with("models/")) model.remove_prefix(7);
    auto segment = detail::path_segment(model, "the Gemini model name");
    if (!segment) return std::move(segment).error();
    http_request http;
    if (auto written = gemini_content::write_body(http.body, req, ctx.config, model, traits_for(ctx)); !written)
        return std::move(written).error();
    const std::string_view base = ctx.config.base_url.empty() ? default_base_url : ctx.config.base_url;
    // The method follows the model after ':'; the base URL's query, if any, follows the whole path.
    const std::string_view method = ctx.stream ? ":streamGenerateContent" : ":generateContent";
    http.url = detail::join_url(detail::join_url(base, ctx.options.api_version),
                                "models/" + segment.value() + std::string(method));
    if (ctx.stream) http.url = detail::with_query_parameter(http.url, "alt", "sse");
    http.headers.add_sensitive("x-goog-api-key", std::string(ctx.config.api_key.reveal()));  // never in the URL
    http.headers.add("content-type", "application/json");
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL result<http_request> gemini::prepare_count_tokens(const request& req,
                                                               const call_context<options>& ctx) const {
    if (ctx.config.api_key.empty()) return missing_api_key(name, api_key_env);
    auto model = detail::wire_model(ctx.config.model, name);
    if (model.starts_with("models/")) model.remove_prefix(7);
    auto segment = detail::path_segment(model, "the Gemini model name");
    if (!segment) return std::move(segment).error();
    http_request http;
    if (auto written = gemini_content::write_count_tokens_body(http.body, req, ctx.config, model, traits_for(ctx));
        !written)
        return std::move(written).error();
    const std::string_view base = ctx.config.base_url.empty() ? default_base_url : ctx.config.base_url;
    http.url = detail::join_url(detail::join_url(base, ctx.options.api_version),
                                "models/" + segment.value() + ":countTokens");
    http.headers.add_sensitive("x-goog-api-key", std::string(ctx.config.api_key.reveal()));  // never in the URL
    http.headers.add("content-type", "application/json");
    return http;
}

POLYLLM_DECL gemini_content::model_traits gemini::traits_for(const call_context<options>& ctx) {
    gemini_content::model_traits traits;
    traits.thinking = features_of<gemini>(ctx.config.model).reasoning_effort;
    traits.include_thoughts = ctx.options.include_thoughts;
    traits.schema_passthrough = ctx.options.schema_passthrough;
    return traits;
}
POLYLLM_NAMESPACE_END
