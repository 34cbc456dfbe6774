#pragma once
/// @file
/// @brief The entry header for Fireworks AI: `basic_llm` over `polyllm::fireworks_ai` with the Asio transport and the
/// default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `fireworks_ai_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/fireworks_ai.hpp>
///     polyllm::fireworks_ai_llm llm({.model = "fireworks_ai/accounts/fireworks/models/MODEL"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/fireworks_ai.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Fireworks AI with the default transport and retry policy.
using fireworks_ai_llm = basic_llm<fireworks_ai, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<fireworks_ai, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
