#pragma once
/// @file
/// @brief The entry header for Anthropic: `basic_llm` over `polyllm::anthropic` with the Asio transport and the default
/// retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `anthropic_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/anthropic.hpp>
///     polyllm::anthropic_llm llm({.model = "claude-sonnet-4-5"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/anthropic.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Anthropic with the default transport and retry policy.
using anthropic_llm = basic_llm<anthropic, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<anthropic, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
