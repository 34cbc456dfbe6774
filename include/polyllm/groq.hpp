#pragma once
/// @file
/// @brief The entry header for Groq: `basic_llm` over `polyllm::groq` with the Asio transport and the default retry
/// policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `groq_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/groq.hpp>
///     polyllm::groq_llm llm({.model = "groq/llama-3.3-70b-versatile"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/groq.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Groq with the default transport and retry policy.
using groq_llm = basic_llm<groq, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<groq, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
