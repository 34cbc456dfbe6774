#pragma once
/// @file
/// @brief The providers polyllm comes with, listed once: `make_client` resolves them by name, and with
/// POLYLLM_SEPARATE_COMPILATION `basic_llm` over each (with the default transport and retry policy) is compiled
/// once, in the translation unit that includes <polyllm/src.hpp>.

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/anthropic.hpp>
#include <polyllm/providers/azure.hpp>
#include <polyllm/providers/deepseek.hpp>
#include <polyllm/providers/fireworks_ai.hpp>
#include <polyllm/providers/gemini.hpp>
#include <polyllm/providers/groq.hpp>
#include <polyllm/providers/hosted_vllm.hpp>
#include <polyllm/providers/litellm_proxy.hpp>
#include <polyllm/providers/lm_studio.hpp>
#include <polyllm/providers/mistral.hpp>
#include <polyllm/providers/ollama.hpp>
#include <polyllm/providers/openai.hpp>
#include <polyllm/providers/openai_compatible_server.hpp>
#include <polyllm/providers/openrouter.hpp>
#include <polyllm/providers/together_ai.hpp>
#include <polyllm/providers/xai.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

/// Calls X(provider) for each built-in provider, in the order `make_client` lists their names.
#define POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(X) \
    X(openai)                                 \
    X(anthropic)                              \
    X(azure)                                  \
    X(gemini)                                 \
    X(groq)                                   \
    X(deepseek)                               \
    X(openrouter)                             \
    X(ollama)                                 \
    X(litellm_proxy)                          \
    X(hosted_vllm)                            \
    X(lm_studio)                              \
    X(mistral)                                \
    X(fireworks_ai)                           \
    X(together_ai)                            \
    X(xai)                                    \
    X(openai_compatible_server)

#if defined(POLYLLM_SEPARATE_COMPILATION)
POLYLLM_NAMESPACE_BEGIN
#define POLYLLM_DETAIL_EXTERN_LLM(P) extern template class basic_llm<P, asio_transport, exponential_backoff>;
POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_EXTERN_LLM)
#undef POLYLLM_DETAIL_EXTERN_LLM
POLYLLM_NAMESPACE_END
#endif
