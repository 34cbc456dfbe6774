#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/bedrock_converse_response.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/bedrock_converse_response.hpp>

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

POLYLLM_DECL std::optional<std::chrono::milliseconds> latency_from(const nlohmann::json& body) {
    const auto* metrics = wire::object_or_null(body, "metrics");
    auto it = metrics ? metrics->find("latencyMs") : body.end();
    if (!metrics || it == metrics->end() || !it->is_number()) return std::nullopt;
    const auto ms = polyllm::detail::json_integer(*it);
    if (ms < 0) return std::nullopt;  // not a duration: unknown, not zero
    return std::chrono::milliseconds(ms);
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
        if (const auto* said = wire::object_or_null(*reasoning, "reasoningText"))
            acc.add(reasoning_delta{wire::string_or_empty(*said, "text"), wire::string_or_empty(*said, "signature")});
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
    c.server_latency = latency_from(body);
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
