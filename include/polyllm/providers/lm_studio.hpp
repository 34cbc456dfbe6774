#pragma once
/// @file
/// @brief `polyllm::lm_studio`: LM Studio's local server. Models "lm_studio/<model>". No key needed.

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct lm_studio : openai_compatible<lm_studio> {
    static constexpr std::string_view name = "lm_studio";
    static constexpr std::string_view default_base_url = "http://localhost:1234/v1";
    static constexpr std::string_view api_key_env = "LM_STUDIO_API_KEY";
    static constexpr std::string_view base_url_env = "LM_STUDIO_API_BASE";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    static constexpr bool requires_api_key = false;
    struct options {};
};

static_assert(StreamingProvider<lm_studio>);

POLYLLM_NAMESPACE_END
