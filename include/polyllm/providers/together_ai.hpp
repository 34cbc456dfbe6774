#pragma once
/// @file
/// @brief `polyllm::together_ai`: Together AI. Models "together_ai/<vendor>/<model>".

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct together_ai : openai_compatible<together_ai> {
    static constexpr std::string_view name = "together_ai";
    static constexpr std::string_view default_base_url = "https://api.together.xyz/v1";
    static constexpr std::string_view api_key_env = "TOGETHERAI_API_KEY";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    struct options {};
};

static_assert(StreamingProvider<together_ai>);

POLYLLM_NAMESPACE_END
