#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/ollama.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/ollama.hpp>

POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL std::string ollama::base_url(const call_context<options>& ctx) const {
    std::string base = !ctx.config.base_url.empty()          ? ctx.config.base_url
                       : !ctx.config.ollama_base_url.empty() ? ctx.config.ollama_base_url
                                                             : std::string(default_base_url);
    auto path = detail::without_query(base);  // a query in the base URL follows the path (join_url)
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path.ends_with("/v1")) return base;
    return detail::join_url(base, "v1");
}
POLYLLM_NAMESPACE_END
