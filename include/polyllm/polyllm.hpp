#pragma once
/// @file
/// @brief The umbrella header: everything polyllm offers, every built-in provider and `make_client` included.
/// `single_include/polyllm/polyllm.hpp` is this header with every polyllm header inlined (tools/amalgamate).
/// A program that uses one provider includes its entry header instead (<polyllm/openai.hpp>, ...). Not here, as a
/// program does not ship them: the test doubles (<polyllm/testing.hpp>) and the NDJSON parser
/// (<polyllm/detail/ndjson.hpp>, for providers written outside polyllm).

#include <polyllm/version.hpp>

#include <polyllm/core.hpp>

// The built-in providers, and the client that chooses among them at run time.
#include <polyllm/wire/gemini_schema.hpp>
#include <polyllm/wire/gemini_schema_rules.hpp>
#include <polyllm/wire/gemini_schema_violation.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/providers/openai_chat_stream.hpp>
#include <polyllm/providers/openai_embeddings.hpp>
#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/providers/openai.hpp>
#include <polyllm/providers/openai_responses.hpp>
#include <polyllm/providers/azure_responses.hpp>
#include <polyllm/providers/azure.hpp>
#include <polyllm/providers/deepseek.hpp>
#include <polyllm/providers/fireworks_ai.hpp>
#include <polyllm/providers/groq.hpp>
#include <polyllm/providers/hosted_vllm.hpp>
#include <polyllm/providers/litellm_proxy.hpp>
#include <polyllm/providers/llamacpp.hpp>
#include <polyllm/providers/lm_studio.hpp>
#include <polyllm/providers/mistral.hpp>
#include <polyllm/providers/ollama.hpp>
#include <polyllm/providers/ollama_chat.hpp>
#include <polyllm/providers/openrouter.hpp>
#include <polyllm/providers/together_ai.hpp>
#include <polyllm/providers/xai.hpp>
#include <polyllm/providers/openai_compatible_server.hpp>
#include <polyllm/providers/anthropic_messages.hpp>
#include <polyllm/providers/anthropic_messages_stream.hpp>
#include <polyllm/providers/anthropic.hpp>
#include <polyllm/providers/gemini_content.hpp>
#include <polyllm/providers/gemini_content_stream.hpp>
#include <polyllm/providers/gemini.hpp>
#include <polyllm/auth/base64url.hpp>
#include <polyllm/auth/rs256.hpp>
#include <polyllm/auth/jwt.hpp>
#include <polyllm/auth/google_credentials.hpp>
#include <polyllm/auth/token_exchange.hpp>
#include <polyllm/auth/token_cache.hpp>
#include <polyllm/auth/google_token_source.hpp>
#include <polyllm/providers/vertex_ai_settings.hpp>
#include <polyllm/providers/vertex_ai_embeddings.hpp>
#include <polyllm/providers/vertex_ai.hpp>
#include <polyllm/auth/sigv4.hpp>
#include <polyllm/auth/aws_credentials.hpp>
#include <polyllm/wire/event_stream.hpp>
#include <polyllm/wire/event_stream_decoder.hpp>
#include <polyllm/providers/bedrock_converse_errors.hpp>
#include <polyllm/providers/bedrock_converse_body.hpp>
#include <polyllm/providers/bedrock_converse_response.hpp>
#include <polyllm/providers/bedrock_converse_stream.hpp>
#include <polyllm/providers/bedrock.hpp>
#include <polyllm/built_in_providers.hpp>
#include <polyllm/any_provider.hpp>
#include <polyllm/client.hpp>
#include <polyllm/router.hpp>
