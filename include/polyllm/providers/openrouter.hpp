#pragma once
/// @file
/// @brief `polyllm::openrouter`: OpenRouter. Models "openrouter/<vendor>/<model>". Sends `HTTP-Referer` and
/// `X-Title` (OpenRouter's app attribution) from llm_config::openrouter_site_url and openrouter_app_name; its
/// ": OPENROUTER PROCESSING" stream comments are ignored by the SSE parser, and its `reasoning` field is read as
/// reasoning.

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct openrouter : openai_compatible<openrouter> {
    static constexpr std::string_view name = "openrouter";
    static constexpr std::string_view default_base_url = "https://openrouter.ai/api/v1";
    static constexpr std::string_view api_key_env = "OPENROUTER_API_KEY";
    struct options {};

    POLYLLM_DECL void add_headers(http_headers& headers, const call_context<options>& ctx) const;
};

static_assert(StreamingProvider<openrouter>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openrouter.ipp>
#endif
