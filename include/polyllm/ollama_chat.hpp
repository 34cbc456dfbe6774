#pragma once
/// @file
/// @brief The entry header for Ollama's native API: `basic_llm` over `polyllm::ollama_chat` with the Asio transport and
/// the default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `ollama_chat_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/ollama_chat.hpp>
///     polyllm::ollama_chat_llm llm({.model = "ollama_chat/llama3.1:8b"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/ollama_chat.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Ollama's native API with the default transport and retry policy.
using ollama_chat_llm = basic_llm<ollama_chat, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<ollama_chat, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
