#pragma once
/// @file
/// @brief `polyllm::fireworks_ai`: Fireworks AI. Models "fireworks_ai/accounts/fireworks/models/<model>".

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct fireworks_ai : openai_compatible<fireworks_ai> {
    static constexpr std::string_view name = "fireworks_ai";
    static constexpr std::string_view default_base_url = "https://api.fireworks.ai/inference/v1";
    static constexpr std::string_view api_key_env = "FIREWORKS_AI_API_KEY";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    struct options {};
};

static_assert(StreamingProvider<fireworks_ai>);

POLYLLM_NAMESPACE_END
