#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/azure_responses.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/azure_responses.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL result<http_request> azure_responses::prepare(const request& req,
                                                           const call_context<options>& ctx) const {
    if (ctx.config.base_url.empty())
        return error{errc::invalid_config, "azure_responses needs a base URL (https://NAME.openai.azure.com): set "
                                           "llm_config::base_url, [llm] base_url, LLM_BASE_URL or AZURE_API_BASE"};
    if (ctx.config.api_key.empty()) return missing_api_key(name, api_key_env);
    http_request http;
    // The tables know the model by the deployment's name, when it is named after it (azure_responses/o4-mini).
    auto body = openai_responses_api::write_body(http.body, req, ctx.config, detail::wire_model(ctx.config.model, name),
                                                 openai_responses::settings_for(ctx), ctx.stream);
    if (!body) return std::move(body).error();
    http.url = endpoint(ctx.config.base_url, ctx.config.api_version);
    http.headers.add("Content-Type", "application/json");
    http.headers.add_sensitive("api-key", std::string(ctx.config.api_key.reveal()));
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL std::string azure_responses::endpoint(std::string_view base, std::string_view api_version) {
    auto path = detail::without_query(base);  // a query in the base URL follows the endpoint (join_url)
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    auto url = detail::join_url(base, path.ends_with("/openai/v1") ? "responses" : "openai/v1/responses");
    return api_version.empty() ? url : detail::with_query_parameter(url, "api-version", api_version);
}
POLYLLM_NAMESPACE_END
