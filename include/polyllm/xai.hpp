#pragma once
/// @file
/// @brief The entry header for xAI: `basic_llm` over `polyllm::xai` with the Asio transport and the default retry
/// policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `xai_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/xai.hpp>
///     polyllm::xai_llm llm({.model = "xai/grok-4"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/xai.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over xAI with the default transport and retry policy.
using xai_llm = basic_llm<xai, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<xai, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
