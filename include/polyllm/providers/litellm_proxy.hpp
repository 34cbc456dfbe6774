#pragma once
/// @file
/// @brief `polyllm::litellm_proxy`: a LiteLLM proxy server. Models "litellm_proxy/<model as the proxy names it>".
/// The base URL is required (there is no public default); the key is the proxy's, and optional.

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct litellm_proxy : openai_compatible<litellm_proxy> {
    static constexpr std::string_view name = "litellm_proxy";
    static constexpr std::string_view default_base_url = "";
    static constexpr std::string_view api_key_env = "LITELLM_PROXY_API_KEY";
    static constexpr std::string_view base_url_env = "LITELLM_PROXY_API_BASE";
    static constexpr bool requires_api_key = false;
    struct options {};
};

static_assert(StreamingProvider<litellm_proxy>);

POLYLLM_NAMESPACE_END
