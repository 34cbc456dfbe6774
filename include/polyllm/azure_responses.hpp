#pragma once
/// @file
/// @brief The entry header for Azure OpenAI's Responses API: `basic_llm` over `polyllm::azure_responses` with the Asio
/// transport and the default retry policy, and nothing else, so that a program that uses one provider compiles that
/// provider only (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `azure_responses_llm` is
/// compiled once, by <polyllm/src.hpp>.
///
///     #include <polyllm/azure_responses.hpp>
///     polyllm::azure_responses_llm llm({.model = "azure_responses/my-deployment",
///                                       .base_url = "https://NAME.openai.azure.com"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/azure_responses.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Azure OpenAI's Responses API with the default transport and retry policy.
using azure_responses_llm = basic_llm<azure_responses, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<azure_responses, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
