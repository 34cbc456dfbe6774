#pragma once
/// @file
/// @brief `polyllm::groq`: Groq's OpenAI-compatible API. Models "groq/<model>". Groq's `x_groq` extension in
/// responses and streams carries nothing polyllm needs and is ignored.

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct groq : openai_compatible<groq> {
    static constexpr std::string_view name = "groq";
    static constexpr std::string_view default_base_url = "https://api.groq.com/openai/v1";
    static constexpr std::string_view api_key_env = "GROQ_API_KEY";
    struct options {};
};

static_assert(StreamingProvider<groq>);

POLYLLM_NAMESPACE_END
