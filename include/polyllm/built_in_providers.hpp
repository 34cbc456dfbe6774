#pragma once
/// @file
/// @brief The providers polyllm comes with, listed once: `make_client` resolves them by name, and with
/// POLYLLM_SEPARATE_COMPILATION `basic_llm` over each (with the default transport and retry policy) is compiled
/// once, in the translation unit that includes <polyllm/src.hpp> (all of them, or those POLYLLM_PROVIDERS names).
/// A program that uses one provider includes that provider's entry header instead (<polyllm/openai.hpp>, ...).

// Each entry header declares its `basic_llm` compiled once (extern template) under POLYLLM_SEPARATE_COMPILATION.
#include <polyllm/anthropic.hpp>
#include <polyllm/azure.hpp>
#include <polyllm/azure_responses.hpp>
#include <polyllm/bedrock.hpp>
#include <polyllm/deepseek.hpp>
#include <polyllm/fireworks_ai.hpp>
#include <polyllm/gemini.hpp>
#include <polyllm/groq.hpp>
#include <polyllm/hosted_vllm.hpp>
#include <polyllm/litellm_proxy.hpp>
#include <polyllm/llamacpp.hpp>
#include <polyllm/lm_studio.hpp>
#include <polyllm/mistral.hpp>
#include <polyllm/ollama.hpp>
#include <polyllm/ollama_chat.hpp>
#include <polyllm/openai.hpp>
#include <polyllm/openai_compatible.hpp>
#include <polyllm/openai_responses.hpp>
#include <polyllm/openrouter.hpp>
#include <polyllm/together_ai.hpp>
#include <polyllm/vertex_ai.hpp>
#include <polyllm/xai.hpp>
#include <polyllm/version.hpp>

/// Calls X(provider) for each built-in provider, in the order `make_client` lists their names. After adding one, run
/// tools/src-provider-blocks so that <polyllm/src.hpp> can compile it alone.
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
    X(vertex_ai)                              \
    X(bedrock)                                \
    X(openai_compatible_server)               \
    X(openai_responses)                       \
    X(azure_responses)                        \
    X(ollama_chat)                            \
    X(llamacpp)
