#pragma once
/// @file
/// @brief The entry header for Together AI: `basic_llm` over `polyllm::together_ai` with the Asio transport and the
/// default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `together_ai_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/together_ai.hpp>
///     polyllm::together_ai_llm llm({.model = "together_ai/VENDOR/MODEL"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/together_ai.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Together AI with the default transport and retry policy.
using together_ai_llm = basic_llm<together_ai, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<together_ai, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
