#pragma once
/// @file
/// @brief Reading a Bedrock Converse response, without I/O: `output.message.content` blocks (`text`, `toolUse`,
/// `reasoningContent`), `stopReason`, `usage` (whose `inputTokens` leaves out the tokens read from and written to the
/// prompt cache). Blocks are read as the events a stream of them carries, so a whole response and a stream build the
/// same message. Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/providers/bedrock_converse_errors.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/response.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {

/// @brief Converse's stopReason: end_turn and stop_sequence stop, max_tokens and a full context window are length,
/// tool_use is tool_calls, a guardrail or content filter is content_filter.
[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw) noexcept {
    if (raw == "end_turn" || raw == "stop_sequence") return finish_reason::stop;
    if (raw == "max_tokens" || raw == "model_context_window_exceeded") return finish_reason::length;
    if (raw == "tool_use") return finish_reason::tool_calls;
    if (raw == "guardrail_intervened" || raw == "content_filtered") return finish_reason::content_filter;
    return finish_reason::other;
}

/// @brief polyllm's usage from Converse's TokenUsage: the prompt counts the cached tokens too, each also reported on
/// its own for pricing.
[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

/// @brief `metrics.latencyMs` of a response or a stream's metadata event, when it is there and a count.
[[nodiscard]] POLYLLM_DECL std::optional<std::chrono::milliseconds> latency_from(const nlohmann::json& body);

/// @brief Feeds one content block to `acc` as a stream's events. Tool input objects become compact JSON text.
POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index);

/// @brief A parsed Converse body.
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

/// @brief Parses a Converse response: the completion for a 2xx body, the classified error otherwise. Never throws.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res);

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/bedrock_converse_response.ipp>
#endif
