#pragma once
/// @file
/// @brief polyllm without its providers: the vocabulary, configuration, model tables, observers, retry policies,
/// tokenizers, the transport, the wire toolkit, text-form tool calling, hygiene and `basic_llm`. The umbrella
/// (<polyllm/polyllm.hpp>) is this and every built-in provider with `make_client`; <polyllm/src.hpp> compiles this
/// and only the providers POLYLLM_PROVIDERS names, when it names some.

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
#include <polyllm/authorize.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/provider_traits.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/retry/no_retry.hpp>
#include <polyllm/retry/verdict.hpp>
// The transport before the tokenizer: the vocabulary download's definitions use it, and the single header inlines a
// header where it is first included, which must not be inside those definitions (skipped under separate compilation).
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/pretokenize.hpp>
#include <polyllm/tokenize/vocabulary.hpp>
#include <polyllm/tokenize/bpe.hpp>
#include <polyllm/tokenize/tokenizer.hpp>
#include <polyllm/tokenize/fetch.hpp>
#include <polyllm/tokenize/load.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/tokenize/chat.hpp>

// Parsers without I/O, for providers written outside polyllm.
#include <polyllm/detail/sse_parser.hpp>

// The wire toolkit: pieces of wire formats that providers share.
#include <polyllm/wire.hpp>

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

// The connection: a provider, a transport and a retry policy.
#include <polyllm/basic_llm.hpp>
