#pragma once
/// @file
/// @brief The umbrella header: everything polyllm offers. `single_include/polyllm/polyllm.hpp` is this header
/// with every polyllm header inlined (tools/amalgamate).

#include <polyllm/version.hpp>

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/log.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/json.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/config.hpp>
#include <polyllm/concepts.hpp>

#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/retry/no_retry.hpp>

#include <polyllm/tokenize/approximate.hpp>

#include <polyllm/transport/transport_options.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/transport/scripted_transport.hpp>

// Parsers without I/O, for providers written outside polyllm.
#include <polyllm/detail/ndjson.hpp>
#include <polyllm/detail/sse_parser.hpp>

#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/providers/openai_chat_stream.hpp>
#include <polyllm/providers/openai_embeddings.hpp>
#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/providers/openai.hpp>
#include <polyllm/providers/azure.hpp>
#include <polyllm/providers/deepseek.hpp>
#include <polyllm/providers/fireworks_ai.hpp>
#include <polyllm/providers/groq.hpp>
#include <polyllm/providers/hosted_vllm.hpp>
#include <polyllm/providers/litellm_proxy.hpp>
#include <polyllm/providers/lm_studio.hpp>
#include <polyllm/providers/mistral.hpp>
#include <polyllm/providers/ollama.hpp>
#include <polyllm/providers/openrouter.hpp>
#include <polyllm/providers/together_ai.hpp>
#include <polyllm/providers/xai.hpp>
#include <polyllm/providers/anthropic_messages.hpp>
#include <polyllm/providers/anthropic_messages_stream.hpp>
#include <polyllm/providers/anthropic.hpp>
#include <polyllm/providers/gemini_content.hpp>
#include <polyllm/providers/gemini_content_stream.hpp>
#include <polyllm/providers/gemini.hpp>

#include <polyllm/basic_llm.hpp>
