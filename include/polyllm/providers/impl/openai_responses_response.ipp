#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_responses_response.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_responses_response.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace openai_responses_api {

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    usage out;
    out.prompt_tokens = wire::int_or_null(u, "input_tokens");
    out.completion_tokens = wire::int_or_null(u, "output_tokens");
    if (const auto* in = wire::object_or_null(u, "input_tokens_details"))
        out.cache_read_tokens = wire::int_or_null(*in, "cached_tokens");
    if (const auto* o = wire::object_or_null(u, "output_tokens_details"))
        out.reasoning_tokens = wire::int_or_null(*o, "reasoning_tokens");
    return out;
}

POLYLLM_DECL std::pair<finish_reason, std::string> finish_of(const nlohmann::json& response, bool calls) {
    auto status = wire::string_or_empty(response, "status");
    if (status == "incomplete") {
        std::string reason;
        if (const auto* details = wire::object_or_null(response, "incomplete_details"))
            reason = wire::string_or_empty(*details, "reason");
        if (reason == "max_output_tokens") return {finish_reason::length, std::move(reason)};
        if (reason == "content_filter") return {finish_reason::content_filter, std::move(reason)};
        return {finish_reason::other, reason.empty() ? std::move(status) : std::move(reason)};
    }
    if (status == "completed") return {calls ? finish_reason::tool_calls : finish_reason::stop, std::move(status)};
    if (status == "failed") return {finish_reason::error, std::move(status)};
    return {finish_reason::other, std::move(status)};  // cancelled, or a background response not done yet
}

POLYLLM_DECL error failure_from(const nlohmann::json& error_object) {
    // Read as Chat Completions' `{"error": {...}}`, so that its codes classify the same (rate_limit_exceeded,
    // server_error, ...). A failed response came with 200: the server failed, unless its code says otherwise.
    nlohmann::json body = nlohmann::json::object();
    body["error"] = error_object.is_object() ? error_object : nlohmann::json::object();
    if (!body["error"].contains("message")) body["error"]["message"] = "the response failed without a message";
    return wire::error_from_json(200, body, openai_chat::errors);
}

POLYLLM_DECL std::string summary_of(const nlohmann::json& reasoning_item) {
    std::string text;
    if (const auto* summary = wire::array_or_null(reasoning_item, "summary"))
        for (const auto& part : *summary)
            if (auto piece = part.is_object() ? wire::string_or_empty(part, "text") : std::string(); !piece.empty())
                text += (text.empty() ? "" : "\n\n") + piece;
    return text;
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& response) {
    if (wire::string_or_empty(response, "status") == "failed")
        return failure_from(response.contains("error") ? response["error"] : nlohmann::json());
    const auto output = response.find("output");
    if (output != response.end() && !output->is_array() && !output->is_null())
        return error{errc::malformed_response, std::string("\"output\" is ") + output->type_name() + ", not a list"};
    completion c;
    c.id = wire::string_or_empty(response, "id");
    c.model = wire::string_or_empty(response, "model");
    c.message = message::assistant({});
    if (output != response.end() && output->is_array()) {
        for (const auto& item : *output) {
            if (!item.is_object())
                return error{errc::malformed_response, std::string("an output item is ") + item.type_name()};
            const auto type = wire::string_or_empty(item, "type");
            if (type == "message") {
                if (const auto* content = wire::array_or_null(item, "content"))
                    for (const auto& part : *content) {
                        if (!part.is_object()) continue;
                        const auto kind = wire::string_or_empty(part, "type");
                        if (kind == "output_text")
                            c.message.content.push_back(text_part{wire::string_or_empty(part, "text")});
                        else if (kind == "refusal") c.message.refusal += wire::string_or_empty(part, "refusal");
                    }
            } else if (type == "function_call") {
                c.message.tool_calls.push_back(tool_call{wire::string_or_empty(item, "call_id"),
                                                         wire::string_or_empty(item, "name"),
                                                         wire::string_or_empty(item, "arguments")});
            } else if (type == "reasoning") {
                c.message.content.push_back(thinking_part{summary_of(item), {}, {}, item.dump()});
            }  // built-in tools' items (web search, file search, ...) and items from the future
        }
    }
    auto [reason, raw] = finish_of(response, !c.message.tool_calls.empty());
    c.finish_reason = reason;
    c.finish_reason_raw = std::move(raw);
    if (const auto* u = wire::object_or_null(response, "usage")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res, std::string_view request_id_header) {
    return wire::parse_response(res, openai_chat::errors, request_id_header,
                                [&](const nlohmann::json& body) -> result<completion> {
                                    if (body.contains("error") && !body["error"].is_null() && !body.contains("output"))
                                        return openai_chat::error_from(res, request_id_header);
                                    return completion_from(body);
                                });
}

}  // namespace openai_responses_api
POLYLLM_NAMESPACE_END
