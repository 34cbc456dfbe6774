#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/azure.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/azure.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL result<std::string> azure::chat_url(const std::string& base, const call_context<options>& ctx) const {
    return deployment_url(base, detail::wire_model(ctx.config.model, name), "chat/completions", ctx);
}

POLYLLM_DECL result<std::string> azure::embeddings_url(const std::string& base,
                                                      const call_context<options>& ctx) const {
    const auto& deployment = ctx.config.embedding_deployment_name.empty() ? ctx.config.embedding_model
                                                                          : ctx.config.embedding_deployment_name;
    return deployment_url(base, detail::wire_model(deployment, name), "embeddings", ctx);
}

POLYLLM_DECL void azure::authorize(http_headers& headers, std::string_view key, const call_context<options>&) const {
    headers.add_sensitive("api-key", std::string(key));
}

POLYLLM_DECL result<std::string> azure::deployment_url(const std::string& base, std::string_view deployment,
                                                       std::string_view what, const call_context<options>& ctx) {
    auto segment = detail::path_segment(deployment, "the Azure deployment name");
    if (!segment) return std::move(segment).error();
    const std::string_view version =
        ctx.config.api_version.empty() ? default_api_version : std::string_view(ctx.config.api_version);
    return detail::with_query_parameter(
        detail::join_url(base, "openai/deployments/" + segment.value() + "/" + std::string(what)), "api-version",
        version);
}
POLYLLM_NAMESPACE_END
