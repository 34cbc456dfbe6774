#pragma once
/// @file
/// @brief The umbrella header: everything polyllm offers, every built-in provider and `make_client` included.
/// `single_include/polyllm/polyllm.hpp` is this header with every polyllm header inlined (tools/amalgamate).
/// A program that uses one provider includes its entry header instead (<polyllm/openai.hpp>, ...). Not here, as a
/// program does not ship them: the test doubles (<polyllm/testing.hpp>) and the NDJSON parser
/// (<polyllm/detail/ndjson.hpp>, for providers written outside polyllm).

#include <polyllm/version.hpp>

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/log.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/json.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/config.hpp>
#include <polyllm/config/values.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/config/environment.hpp>
#include <polyllm/config_loader.hpp>
#include <polyllm/models.hpp>
#include <polyllm/models/capability_tables.hpp>
#include <polyllm/models/gemini_names.hpp>
#include <polyllm/models/limit_and_price_tables.hpp>
#include <polyllm/models/vocabulary.hpp>
#include <polyllm/cost.hpp>
#include <polyllm/metrics.hpp>
#include <polyllm/completion_log.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/observers/budget.hpp>
#include <polyllm/observers/completion_log_observer.hpp>
#include <polyllm/observers/log_observer.hpp>
#include <polyllm/observers/metrics_observer.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/provider_traits.hpp>

#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/retry/no_retry.hpp>
#include <polyllm/retry/verdict.hpp>

#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/pretokenize.hpp>
#include <polyllm/tokenize/vocabulary.hpp>
#include <polyllm/tokenize/bpe.hpp>
#include <polyllm/tokenize/tokenizer.hpp>
#include <polyllm/tokenize/load.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/tokenize/chat.hpp>

#include <polyllm/transport/transport_options.hpp>
#include <polyllm/transport/asio_transport.hpp>

// Parsers without I/O, for providers written outside polyllm.
#include <polyllm/detail/sse_parser.hpp>

// The wire toolkit: pieces of wire formats that providers share.
#include <polyllm/wire.hpp>
#include <polyllm/wire/gemini_schema.hpp>
#include <polyllm/wire/gemini_schema_rules.hpp>
#include <polyllm/wire/gemini_schema_violation.hpp>

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
#include <polyllm/providers/openai_compatible_server.hpp>
#include <polyllm/providers/anthropic_messages.hpp>
#include <polyllm/providers/anthropic_messages_stream.hpp>
#include <polyllm/providers/anthropic.hpp>
#include <polyllm/providers/gemini_content.hpp>
#include <polyllm/providers/gemini_content_stream.hpp>
#include <polyllm/providers/gemini.hpp>

// Tool calling for models without native function calling: tools described in the prompt, calls read back.
#include <polyllm/fn_call/call_error.hpp>
#include <polyllm/fn_call/prompt.hpp>
#include <polyllm/fn_call/call_text.hpp>
#include <polyllm/fn_call/parse.hpp>
#include <polyllm/fn_call/validate.hpp>
#include <polyllm/fn_call/history.hpp>
#include <polyllm/fn_call/reply.hpp>
#include <polyllm/fn_call/stream.hpp>
#include <polyllm/fn_call/request.hpp>
#include <polyllm/fn_call/adapt.hpp>
#include <polyllm/fn_call/adapted.hpp>

// Request hygiene: what is checked and fixed before a provider sees a request.
#include <polyllm/hygiene/empty_messages.hpp>
#include <polyllm/hygiene/tool_pairing.hpp>
#include <polyllm/hygiene/truncation.hpp>
#include <polyllm/hygiene/parameters.hpp>
#include <polyllm/hygiene.hpp>

#include <polyllm/basic_llm.hpp>
#include <polyllm/built_in_providers.hpp>
#include <polyllm/any_provider.hpp>
#include <polyllm/client.hpp>
#include <polyllm/router.hpp>
