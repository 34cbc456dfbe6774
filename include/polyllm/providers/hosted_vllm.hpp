#pragma once
/// @file
/// @brief `polyllm::hosted_vllm`: a vLLM server's OpenAI-compatible API. Models "hosted_vllm/<model>". The base
/// URL is required; the key is optional (vLLM's --api-key).

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct hosted_vllm : openai_compatible<hosted_vllm> {
    static constexpr std::string_view name = "hosted_vllm";
    static constexpr std::string_view default_base_url = "";
    static constexpr std::string_view api_key_env = "HOSTED_VLLM_API_KEY";
    static constexpr std::string_view base_url_env = "HOSTED_VLLM_API_BASE";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    static constexpr bool requires_api_key = false;
    struct options {};
};

static_assert(StreamingProvider<hosted_vllm>);

POLYLLM_NAMESPACE_END
