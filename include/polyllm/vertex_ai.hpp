#pragma once
/// @file
/// @brief The entry header for Google Vertex AI (Gemini and Claude on Google Cloud): `basic_llm` over
/// `polyllm::vertex_ai` with the Asio transport and the default retry policy, and nothing else, so that a program
/// that uses one provider compiles that provider only (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `vertex_ai_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/vertex_ai.hpp>
///     polyllm::vertex_ai_llm llm({.model = "vertex_ai/gemini-2.5-pro"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/vertex_ai.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Google Vertex AI with the default transport and retry policy.
using vertex_ai_llm = basic_llm<vertex_ai, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<vertex_ai, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
