#pragma once
/// @file
/// @brief `polyllm::mistral`: Mistral's API. Models "mistral/<model>". Mistral rejects fields it does not know,
/// and names three differently: `max_tokens`, `random_seed` for seed, and tool_choice "any" for "required";
/// `user` and `stream_options` are not sent (its streams end with usage anyway).

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct mistral : openai_compatible<mistral> {
    static constexpr std::string_view name = "mistral";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://api.mistral.ai/v1";
    static constexpr std::string_view api_key_env = "MISTRAL_API_KEY";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    struct options {};
    // Mistral's names for the seed and for "must call a tool"; it rejects OpenAI's user and stream_options.
    static constexpr openai_chat::body_dialect dialect{
        .seed_field = "random_seed", .required_tool_choice = "any", .user = false, .stream_options = false};
};

static_assert(StreamingProvider<mistral>);

POLYLLM_NAMESPACE_END
