#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_chat_response.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_chat_response.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    usage out;
    out.prompt_tokens = wire::int_or_null(u, "prompt_tokens");
    out.completion_tokens = wire::int_or_null(u, "completion_tokens");
    if (const auto* p = wire::object_or_null(u, "prompt_tokens_details"))
        out.cache_read_tokens = wire::int_or_null(*p, "cached_tokens");
    // DeepSeek reports cache hits in its own field; its prompt_tokens includes them too.
    if (!out.cache_read_tokens.value_or(0))
        if (auto hits = wire::int_or_null(u, "prompt_cache_hit_tokens")) out.cache_read_tokens = hits;
    if (const auto* c = wire::object_or_null(u, "completion_tokens_details"))
        out.reasoning_tokens = wire::int_or_null(*c, "reasoning_tokens");
    return out;
}

POLYLLM_DECL tool_call tool_call_from(const nlohmann::json& j) {
    tool_call call;
    call.id = wire::string_or_empty(j, "id");
    if (const auto* fn = wire::object_or_null(j, "function")) {
        call.name = wire::string_or_empty(*fn, "name");
        call.arguments = wire::string_or_empty(*fn, "arguments");
    }
    return call;
}

POLYLLM_DECL message message_from(const nlohmann::json& m) {
    message out;
    out.role = role::assistant;
    // Reasoning that compatible servers return beside the answer (DeepSeek, vLLM: reasoning_content;
    // OpenRouter: reasoning) comes first, as it does when streamed.
    auto reasoning = wire::string_or_empty(m, "reasoning_content");
    if (reasoning.empty()) reasoning = wire::string_or_empty(m, "reasoning");
    if (!reasoning.empty()) out.content.push_back(thinking_part{std::move(reasoning), {}, {}});
    // Content is a string; some compatible servers send a list of text parts instead.
    if (auto content = m.find("content"); content != m.end() && content->is_array()) {
        for (const auto& part : *content)
            if (auto text = part.is_object() ? wire::string_or_empty(part, "text") : std::string(); !text.empty())
                out.content.push_back(text_part{std::move(text)});
    } else if (auto text = wire::string_or_empty(m, "content"); !text.empty()) {
        out.content.push_back(text_part{text});
    }
    out.refusal = wire::string_or_empty(m, "refusal");
    if (auto it = m.find("tool_calls"); it != m.end() && it->is_array())
        for (const auto& call : *it) out.tool_calls.push_back(tool_call_from(call));
    return out;
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body) {
    // A field of the wrong shape is a malformed response naming the field; no_response is for a well-formed answer
    // that is empty.
    const auto choices = body.find("choices");
    if (choices != body.end() && !choices->is_array() && !choices->is_null())
        return error{errc::malformed_response, std::string("\"choices\" is ") + choices->type_name() + ", not a list"};
    if (choices == body.end() || !choices->is_array() || choices->empty())
        return error{errc::no_response, "the response has no choices"};
    const auto& choice = choices->front();
    if (!choice.is_object())
        return error{errc::malformed_response, std::string("choices[0] is ") + choice.type_name() + ", not an object"};
    const auto* msg = wire::object_or_null(choice, "message");
    if (!msg) return error{errc::malformed_response, "choices[0] has no message object"};
    if (auto content = msg->find("content");
        content != msg->end() && !content->is_string() && !content->is_null() && !content->is_array())
        return error{errc::malformed_response,
                     std::string("choices[0].message.content is ") + content->type_name() + ", not a string"};
    if (auto calls = msg->find("tool_calls"); calls != msg->end() && !calls->is_array() && !calls->is_null())
        return error{errc::malformed_response,
                     std::string("choices[0].message.tool_calls is ") + calls->type_name() + ", not a list"};
    completion c;
    c.id = wire::string_or_empty(body, "id");
    c.model = wire::string_or_empty(body, "model");
    c.message = message_from(*msg);
    c.finish_reason_raw = wire::string_or_empty(choice, "finish_reason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw);
    if (const auto* u = wire::object_or_null(body, "usage")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res, std::string_view request_id_header) {
    return parse_response(res, request_id_header, [](completion&, const nlohmann::json&) {});
}

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
