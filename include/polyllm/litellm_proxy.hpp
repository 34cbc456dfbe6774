#pragma once
/// @file
/// @brief The entry header for a LiteLLM proxy: `basic_llm` over `polyllm::litellm_proxy` with the Asio transport and
/// the default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `litellm_proxy_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/litellm_proxy.hpp>
///     polyllm::litellm_proxy_llm llm({.model = "litellm_proxy/gpt-4o", .base_url = "http://localhost:4000"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/litellm_proxy.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over a LiteLLM proxy with the default transport and retry policy.
using litellm_proxy_llm = basic_llm<litellm_proxy, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<litellm_proxy, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
