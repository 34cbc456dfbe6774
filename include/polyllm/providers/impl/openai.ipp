#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL void openai::add_headers(http_headers& headers, const call_context<options>& ctx) const {
    if (!ctx.options.organization.empty()) headers.add("OpenAI-Organization", ctx.options.organization);
    if (!ctx.options.project.empty()) headers.add("OpenAI-Project", ctx.options.project);
}
POLYLLM_DECL std::string_view openai::max_tokens_field_for(const call_context<options>& ctx) const {
    if (takes_only_max_completion_tokens(ctx.config.model)) return "max_completion_tokens";
    const auto url = detail::parse_url(base_url(ctx));
    return url && url.value().host == "api.openai.com" ? "max_completion_tokens" : "max_tokens";
}
POLYLLM_NAMESPACE_END
