#pragma once
/// @file
/// @brief The entry header for Mistral: `basic_llm` over `polyllm::mistral` with the Asio transport and the default
/// retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `mistral_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/mistral.hpp>
///     polyllm::mistral_llm llm({.model = "mistral/mistral-large-latest"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/mistral.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Mistral with the default transport and retry policy.
using mistral_llm = basic_llm<mistral, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<mistral, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
