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

#include <cstddef>
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

/// @brief Feeds one content block to `acc` as a stream's events. Tool input objects become compact JSON text.
POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index);

/// @brief A parsed Converse body.
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

/// @brief Parses a Converse response: the completion for a 2xx body, the classified error otherwise. Never throws.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res);

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    auto count = [&](std::string_view key) -> std::optional<std::int64_t> {
        if (auto it = u.find(key); it != u.end() && !it->is_null()) return polyllm::detail::json_integer(*it);
        return std::nullopt;
    };
    usage out;
    const auto input = count("inputTokens");
    out.cache_read_tokens = count("cacheReadInputTokens");
    out.cache_write_tokens = count("cacheWriteInputTokens");
    if (input) out.prompt_tokens = *input + out.cache_read_tokens.value_or(0) + out.cache_write_tokens.value_or(0);
    out.completion_tokens = count("outputTokens");
    return out;
}

POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index) {
    if (auto text = block.find("text"); text != block.end() && text->is_string()) {
        acc.add(text_delta{text->get<std::string>()});
    } else if (const auto* use = wire::object_or_null(block, "toolUse")) {
        const auto index = tool_index++;
        acc.add(tool_call_start{index, wire::string_or_empty(*use, "toolUseId"), wire::string_or_empty(*use, "name")});
        auto input = use->find("input");
        acc.add(tool_call_delta{index, input != use->end() && !input->is_null() ? input->dump() : std::string("{}")});
        acc.add(tool_call_end{index});
    } else if (const auto* reasoning = wire::object_or_null(block, "reasoningContent")) {
        if (const auto* text = wire::object_or_null(*reasoning, "reasoningText"))
            acc.add(reasoning_delta{wire::string_or_empty(*text, "text"), wire::string_or_empty(*text, "signature")});
        else if (auto redacted = wire::string_or_empty(*reasoning, "redactedContent"); !redacted.empty())
            acc.add(reasoning_delta{{}, {}, std::move(redacted)});
    }
    // image, document, guardContent and blocks added later: not part of polyllm's answer.
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body) {
    const auto* output = wire::object_or_null(body, "output");
    const auto* message = output ? wire::object_or_null(*output, "message") : nullptr;
    if (!message) return error{errc::malformed_response, "the Converse response has no output.message"};
    stream_accumulator acc;
    std::size_t tool_index = 0;
    if (auto content = message->find("content"); content != message->end() && content->is_array())
        for (const auto& block : *content) add_block(acc, block, tool_index);
    else if (content != message->end() && !content->is_null())
        return error{errc::malformed_response, "the message's content is not an array"};
    completion c = acc.take();
    c.finish_reason_raw = wire::string_or_empty(body, "stopReason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw);
    if (const auto* u = wire::object_or_null(body, "usage")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res) {
    if (!wire::is_success(res.status)) return error_from(res);
    auto c = wire::parse_response(res, errors, request_id_header,
                                  [&](const nlohmann::json& body) { return completion_from(body); });
    if (c) {
        c.value().request_id = polyllm::detail::shown_server_text(res.headers.value_or_empty(request_id_header));
        c.value().id = c.value().request_id;  // Converse has no response id; the request id names the answer
        c.value().headers = res.headers;
    }
    return c;
}

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
