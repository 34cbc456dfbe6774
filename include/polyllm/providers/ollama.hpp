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
#include <polyllm/providers/impl/ollama.ipp>
#endif
