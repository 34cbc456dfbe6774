#pragma once
/// @file
/// @brief The entry header for Azure OpenAI: `basic_llm` over `polyllm::azure` with the Asio transport and the default
/// retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `azure_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/azure.hpp>
///     polyllm::azure_llm llm({.model = "azure/my-deployment", .base_url = "https://NAME.openai.azure.com"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/azure.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Azure OpenAI with the default transport and retry policy.
using azure_llm = basic_llm<azure, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<azure, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
