#pragma once
/// @file
/// @brief `polyllm::deepseek`: DeepSeek's OpenAI-compatible API. Models "deepseek/deepseek-chat",
/// "deepseek/deepseek-reasoner". Differences, all handled by the shared OpenAI code: `reasoning_content` becomes
/// reasoning (a thinking part, reasoning deltas when streaming), `prompt_cache_hit_tokens` becomes cache reads,
/// and message content is always sent as a plain string (polyllm sends text-only content that way everywhere).

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct deepseek : openai_compatible<deepseek> {
    static constexpr std::string_view name = "deepseek";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://api.deepseek.com";
    static constexpr std::string_view api_key_env = "DEEPSEEK_API_KEY";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    struct options {};
};

static_assert(StreamingProvider<deepseek>);

POLYLLM_NAMESPACE_END
