#pragma once
/// @file
/// @brief The entry header for Ollama: `basic_llm` over `polyllm::ollama` with the Asio transport and the default retry
/// policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `ollama_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/ollama.hpp>
///     polyllm::ollama_llm llm({.model = "ollama/qwen3:8b"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/ollama.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Ollama with the default transport and retry policy.
using ollama_llm = basic_llm<ollama, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<ollama, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
