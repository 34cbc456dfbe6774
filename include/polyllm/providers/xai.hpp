#pragma once
/// @file
/// @brief `polyllm::xai`: xAI's API. Models "xai/grok-...".

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct xai : openai_compatible<xai> {
    static constexpr std::string_view name = "xai";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://api.x.ai/v1";
    static constexpr std::string_view api_key_env = "XAI_API_KEY";
    struct options {};
};

static_assert(StreamingProvider<xai>);

POLYLLM_NAMESPACE_END
