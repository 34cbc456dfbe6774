#pragma once
/// @file
/// @brief The entry header for any OpenAI-compatible server: `basic_llm` over `polyllm::openai_compatible_server` with
/// the Asio transport and the default retry policy, and nothing else, so that a program that uses one provider compiles
/// that provider only (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `openai_compatible_llm`
/// is compiled once, by <polyllm/src.hpp>.
///
///     #include <polyllm/openai_compatible.hpp>
///     polyllm::openai_compatible_llm llm({.model = "MODEL", .base_url = "http://localhost:8080/v1"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/openai_compatible_server.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over any OpenAI-compatible server with the default transport and retry policy.
using openai_compatible_llm = basic_llm<openai_compatible_server, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<openai_compatible_server, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
