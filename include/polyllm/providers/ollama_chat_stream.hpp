#pragma once
/// @file
/// @brief Ollama's streamed chat answer: NDJSON lines read by `ollama_chat_wire::line_reader` in the shared
/// skeleton (wire/ndjson_decoder.hpp), which makes an `{"error": ...}` line and a stream cut before `"done": true`
/// errors.

#include <polyllm/providers/ollama_chat_response.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/ndjson_decoder.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

/// @brief One per stream.
using stream_decoder = wire::ndjson_decoder<line_reader>;

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END
