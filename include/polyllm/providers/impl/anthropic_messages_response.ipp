#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic_messages_response.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic_messages_response.hpp>

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
