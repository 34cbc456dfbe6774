#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini_content_response.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini_content_response.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    usage out;
    // Tool-use prompt tokens and thoughts are parts Gemini reports beside the prompt and the candidates.
    if (auto prompt = wire::int_or_null(u, "promptTokenCount"))
        out.prompt_tokens = *prompt + wire::int_or_zero(u, "toolUsePromptTokenCount");
    out.reasoning_tokens = wire::int_or_null(u, "thoughtsTokenCount");
    // A reply of thoughts alone, or one cut off, may have no candidatesTokenCount: the completion is then the thoughts.
    if (auto candidates = wire::int_or_null(u, "candidatesTokenCount"))
        out.completion_tokens = *candidates + out.reasoning_tokens.value_or(0);
    else
        out.completion_tokens = out.reasoning_tokens;
    out.cache_read_tokens = wire::int_or_null(u, "cachedContentTokenCount");
    return out;
}

POLYLLM_DECL void part_reader::set_response_id(std::string_view id) {
    if (response_id_.empty()) response_id_ = std::string(id);
}

POLYLLM_DECL error no_candidates_error(const nlohmann::json& body) {
    if (const auto* feedback = wire::object_or_null(body, "promptFeedback"))
        if (auto reason = wire::string_or_empty(*feedback, "blockReason"); !reason.empty()) {
            std::string message = "the prompt was blocked (" + reason + ")";
            if (auto detail = wire::string_or_empty(*feedback, "blockReasonMessage"); !detail.empty())
                message += ": " + detail;
            // The server's words, shown only as server text may be shown.
            error e{errc::content_policy, polyllm::detail::shown_server_text(message)};
            e.type = polyllm::detail::shown_server_text(reason);
            return e;
        }
    return error{errc::no_response, "the response has no candidates"};
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body) {
    const auto candidates = body.find("candidates");
    if (candidates != body.end() && !candidates->is_array() && !candidates->is_null())
        return error{errc::malformed_response,
                     std::string("\"candidates\" is ") + candidates->type_name() + ", not a list"};
    if (candidates == body.end() || !candidates->is_array() || candidates->empty()) return no_candidates_error(body);
    const auto& candidate = candidates->front();
    if (!candidate.is_object()) return error{errc::malformed_response, "candidates[0] is not an object"};
    stream_accumulator acc;
    part_reader reader;
    reader.set_response_id(wire::string_or_empty(body, "responseId"));
    if (auto content = candidate.find("content");
        content != candidate.end() && !content->is_object() && !content->is_null())
        return error{errc::malformed_response,
                     std::string("candidates[0].content is ") + content->type_name() + ", not an object"};
    if (const auto* content = wire::object_or_null(candidate, "content")) {
        if (auto parts = content->find("parts"); parts != content->end() && !parts->is_array() && !parts->is_null())
            return error{errc::malformed_response,
                         std::string("candidates[0].content.parts is ") + parts->type_name() + ", not a list"};
        if (auto parts = content->find("parts"); parts != content->end() && parts->is_array())
            for (const auto& part : *parts) reader.read(part, [&](stream_event&& e) {
                acc.add(e);
                return true;
            });
    }
    completion c = acc.take();
    c.id = wire::string_or_empty(body, "responseId");
    c.model = wire::string_or_empty(body, "modelVersion");
    c.finish_reason_raw = wire::string_or_empty(candidate, "finishReason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw, reader.has_tool_calls());
    if (const auto* u = wire::object_or_null(body, "usageMetadata")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res) {
    auto c = wire::parse_response(res, errors, {}, [&](const nlohmann::json& body) -> result<completion> {
        if (body.contains("error") && !body.contains("candidates")) return error_from(res);  // an error with 2xx
        return completion_from(body);
    });
    if (c) c.value().headers = res.headers;
    return c;
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
