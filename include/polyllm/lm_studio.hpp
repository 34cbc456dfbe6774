#pragma once
/// @file
/// @brief The entry header for LM Studio: `basic_llm` over `polyllm::lm_studio` with the Asio transport and the default
/// retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `lm_studio_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/lm_studio.hpp>
///     polyllm::lm_studio_llm llm({.model = "lm_studio/MODEL"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/lm_studio.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over LM Studio with the default transport and retry policy.
using lm_studio_llm = basic_llm<lm_studio, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<lm_studio, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
