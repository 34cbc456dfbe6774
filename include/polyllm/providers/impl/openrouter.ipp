#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openrouter.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openrouter.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL void openrouter::add_headers(http_headers& headers, const call_context<options>& ctx) const {
    if (!ctx.config.openrouter_site_url.empty()) headers.add("HTTP-Referer", ctx.config.openrouter_site_url);
    if (!ctx.config.openrouter_app_name.empty()) headers.add("X-Title", ctx.config.openrouter_app_name);
}
POLYLLM_NAMESPACE_END
