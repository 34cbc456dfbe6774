#pragma once
/// @file
/// @brief The entry header for OpenRouter: `basic_llm` over `polyllm::openrouter` with the Asio transport and the
/// default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `openrouter_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/openrouter.hpp>
///     polyllm::openrouter_llm llm({.model = "openrouter/anthropic/claude-sonnet-4-5"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/openrouter.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over OpenRouter with the default transport and retry policy.
using openrouter_llm = basic_llm<openrouter, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<openrouter, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
