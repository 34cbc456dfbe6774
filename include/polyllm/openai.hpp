#pragma once
/// @file
/// @brief The entry header for OpenAI: `basic_llm` over `polyllm::openai` with the Asio transport and the default retry
/// policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `openai_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/openai.hpp>
///     polyllm::openai_llm llm({.model = "gpt-4o"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/openai.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over OpenAI with the default transport and retry policy.
using openai_llm = basic_llm<openai, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<openai, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
