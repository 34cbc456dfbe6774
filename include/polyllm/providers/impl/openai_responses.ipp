#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_responses.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_responses.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL result<http_request> openai_responses::prepare(const request& req,
                                                            const call_context<options>& ctx) const {
    if (ctx.config.api_key.empty()) return missing_api_key(name, api_key_env);
    http_request http;
    auto body = openai_responses_api::write_body(http.body, req, ctx.config, detail::wire_model(ctx.config.model, name),
                                             settings_for(ctx), ctx.stream);
    if (!body) return std::move(body).error();
    http.url = endpoint(ctx.config.base_url.empty() ? default_base_url : std::string_view(ctx.config.base_url));
    http.headers.add("Content-Type", "application/json");
    http.headers.add_sensitive("Authorization", "Bearer " + std::string(ctx.config.api_key.reveal()));
    if (!ctx.options.organization.empty()) http.headers.add("OpenAI-Organization", ctx.options.organization);
    if (!ctx.options.project.empty()) http.headers.add("OpenAI-Project", ctx.options.project);
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL openai_responses_api::body_settings openai_responses::settings_for(const call_context<options>& ctx) {
    openai_responses_api::body_settings s;
    // The reasoning models are those that take only the default sampling (o-series, gpt-5 but not gpt-5-chat).
    s.reasoning = takes_only_default_sampling(ctx.config.model);
    s.store = ctx.options.store;
    s.reasoning_summary = ctx.options.reasoning_summary;
    s.previous_response_id = ctx.options.previous_response_id;
    s.metadata = &ctx.options.metadata;
    return s;
}

POLYLLM_DECL std::string openai_responses::endpoint(std::string_view base) {
    return detail::join_url(base, "responses");
}
POLYLLM_NAMESPACE_END
