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
POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

POLYLLM_DECL void raw_usage::update(const nlohmann::json& u) {
    auto take = [](const nlohmann::json& from, std::string_view key, std::optional<std::int64_t>& into) {
        // Absent or null: not reported. Anything else must be a number (json_integer throws: a malformed response).
        if (auto it = from.find(key); it != from.end() && !it->is_null()) into = polyllm::detail::json_integer(*it);
    };
    take(u, "input_tokens", input_tokens);
    take(u, "output_tokens", output_tokens);
    take(u, "cache_read_input_tokens", cache_read_input_tokens);
    take(u, "cache_creation_input_tokens", cache_creation_input_tokens);
    if (const auto* by_lifetime = wire::object_or_null(u, "cache_creation"))
        take(*by_lifetime, "ephemeral_1h_input_tokens", cache_creation_1h_tokens);
    if (const auto* details = wire::object_or_null(u, "output_tokens_details"))
        take(*details, "thinking_tokens", thinking_tokens);
}

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    raw_usage raw;
    raw.update(u);
    return raw.normalized();
}

POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index) {
    const auto type = wire::string_or_empty(block, "type");
    if (type == "text") {
        acc.add(text_delta{wire::string_or_empty(block, "text")});
    } else if (type == "thinking") {
        acc.add(reasoning_delta{wire::string_or_empty(block, "thinking"), wire::string_or_empty(block, "signature")});
    } else if (type == "redacted_thinking") {
        acc.add(reasoning_delta{{}, {}, wire::string_or_empty(block, "data")});
    } else if (type == "tool_use") {
        const auto index = tool_index++;
        acc.add(tool_call_start{index, wire::string_or_empty(block, "id"), wire::string_or_empty(block, "name")});
        auto input = block.find("input");
        const bool has_input = input != block.end() && !input->is_null();
        acc.add(tool_call_delta{index, has_input ? input->dump() : std::string("{}")});
        acc.add(tool_call_end{index});
    }
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body) {
    stream_accumulator acc;
    std::size_t tool_index = 0;
    if (auto content = body.find("content"); content != body.end() && content->is_array())
        for (const auto& block : *content) add_block(acc, block, tool_index);
    else if (content != body.end() && !content->is_null())
        return error{errc::malformed_response, "the message's content is not an array"};
    completion c = acc.take();
    c.id = wire::string_or_empty(body, "id");
    c.model = wire::string_or_empty(body, "model");
    c.finish_reason_raw = wire::string_or_empty(body, "stop_reason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw);
    if (const auto* u = wire::object_or_null(body, "usage")) c.usage = usage_from(*u);
    return c;
}


POLYLLM_DECL result<completion> parse_response(const http_response& res, std::string_view request_id_header) {
    auto c = wire::parse_response(res, errors, request_id_header, [&](const nlohmann::json& body) -> result<completion> {
        if (wire::string_or_empty(body, "type") == "error" || (body.contains("error") && !body.contains("content")))
            return error_from(res, request_id_header);  // an error answered with 2xx
        return completion_from(body);
    });
    if (c) {
        c.value().request_id = std::string(res.headers.value_or_empty(request_id_header));
        c.value().headers = res.headers;
    }
    return c;
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
