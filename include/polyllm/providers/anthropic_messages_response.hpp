#pragma once
/// @file
/// @brief Reading an Anthropic Messages response, without I/O: the stop reason, the usage in Anthropic's terms and in
/// polyllm's, the content blocks (read as the events a stream of them would carry, so that a whole response and a
/// stream build the same message), and the response itself, framed by wire::parse_response.

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/providers/anthropic_messages_errors.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/response.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

/// @brief Anthropic's stop_reason: end_turn and stop_sequence are a stop, max_tokens and a full context window are
/// length, tool_use is tool_calls, refusal is content_filter; pause_turn and anything new are other.
[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw) noexcept {
    if (raw == "end_turn" || raw == "stop_sequence") return finish_reason::stop;
    if (raw == "max_tokens" || raw == "model_context_window_exceeded") return finish_reason::length;
    if (raw == "tool_use") return finish_reason::tool_calls;
    if (raw == "refusal") return finish_reason::content_filter;
    return finish_reason::other;
}

/// @brief Anthropic's usage, in its own terms. `input_tokens` excludes the tokens read from and written to the
/// cache; each count is cumulative in a stream, where a later `message_delta` may repeat some of them.
struct raw_usage {
    std::optional<std::int64_t> input_tokens;
    std::optional<std::int64_t> output_tokens;
    std::optional<std::int64_t> cache_read_input_tokens;
    std::optional<std::int64_t> cache_creation_input_tokens;
    std::optional<std::int64_t> cache_creation_1h_tokens;  // cache_creation.ephemeral_1h_input_tokens: part of the one above
    std::optional<std::int64_t> thinking_tokens;

    /// @brief Takes the fields present in `u`, keeping the others.
    POLYLLM_DECL void update(const nlohmann::json& u);

    /// @brief polyllm's usage: the prompt count includes the cached tokens, read and written, each also reported
    /// on its own so that cost can price every part at its rate. The prompt is known when `input_tokens` is.
    [[nodiscard]] usage normalized() const noexcept {
        usage out;
        if (input_tokens)
            out.prompt_tokens =
                *input_tokens + cache_read_input_tokens.value_or(0) + cache_creation_input_tokens.value_or(0);
        out.completion_tokens = output_tokens;
        out.cache_read_tokens = cache_read_input_tokens;
        out.cache_write_tokens = cache_creation_input_tokens;
        out.cache_write_1h_tokens = cache_creation_1h_tokens;
        out.reasoning_tokens = thinking_tokens;
        return out;
    }
};

[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

/// @brief Feeds one content block of a response to `acc` as the events a stream of it would carry, so that a
/// whole response and a stream of the same content build the same message. Tool input objects become their
/// compact JSON text, as the stream decoder makes them. Blocks of other types (server tools) are skipped.
POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index);

/// @brief A parsed Message body.
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

/// @brief Parses a Messages response: the completion for a 2xx message, the classified error otherwise. Never
/// throws: a body of the wrong shape is `errc::malformed_response`.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res,
                                                             std::string_view request_id_header);

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic_messages_response.ipp>
#endif
