#pragma once
/// @file
/// @brief `polyllm::ollama`: Ollama's OpenAI-compatible endpoint. Models "ollama/<model>[:tag]". The server is
/// llm_config::base_url, else ollama_base_url, else http://localhost:11434; "/v1" is added when the URL names
/// the server root. No key.

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

#include <string>

POLYLLM_NAMESPACE_BEGIN

struct ollama : openai_compatible<ollama> {
    static constexpr std::string_view name = "ollama";
    static constexpr std::string_view default_base_url = "http://localhost:11434";
    static constexpr std::string_view base_url_env = "OLLAMA_API_BASE";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    static constexpr bool requires_api_key = false;
    struct options {};

    [[nodiscard]] POLYLLM_DECL std::string base_url(const call_context<options>& ctx) const;
};

static_assert(StreamingProvider<ollama>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
