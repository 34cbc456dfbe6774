#pragma once
/// @file
/// @brief OpenAI's Chat Completions wire format (`POST /chat/completions`), as free functions without I/O: the
/// request body, the completion, the error body. OpenAI and every OpenAI-compatible provider build on these.
/// Reference: https://platform.openai.com/docs/api-reference/chat

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

// ---------------------------------------------------------------------------------------------- request body

[[nodiscard]] inline nlohmann::ordered_json content_part_json(const content_part& part) {
    if (const auto* t = std::get_if<text_part>(&part)) return {{"type", "text"}, {"text", t->text}};
    const auto& image = std::get<image_part>(part);
    nlohmann::ordered_json url = {{"url", image_url_of(image)}};
    if (image.detail != image_detail::automatic) url["detail"] = to_string(image.detail);
    return {{"type", "image_url"}, {"image_url", std::move(url)}};
}

/// @brief A message as OpenAI takes it: content as a plain string when it is text only (the form every
/// compatible server accepts), as parts when it has images. Thinking parts are not sent: OpenAI has no field
/// for them.
[[nodiscard]] inline nlohmann::ordered_json message_json(const message& m) {
    nlohmann::ordered_json j;
    j["role"] = to_string(m.role);
    bool text_only = true;
    for (const auto& part : m.content) text_only = text_only && !std::holds_alternative<image_part>(part);
    if (text_only) {
        const auto text = m.text();
        if (text.empty() && m.role == role::assistant && !m.tool_calls.empty()) j["content"] = nullptr;
        else j["content"] = text;
    } else {
        auto parts = nlohmann::ordered_json::array();
        for (const auto& part : m.content)
            if (!std::holds_alternative<thinking_part>(part)) parts.push_back(content_part_json(part));
        j["content"] = std::move(parts);
    }
    if (!m.name.empty() && m.role != role::tool) j["name"] = m.name;
    if (m.role == role::tool) j["tool_call_id"] = m.tool_call_id;
    if (!m.tool_calls.empty()) {
        auto calls = nlohmann::ordered_json::array();
        for (const auto& call : m.tool_calls)
            calls.push_back({{"id", call.id},
                             {"type", "function"},
                             {"function", {{"name", call.name}, {"arguments", call.arguments}}}});
        j["tool_calls"] = std::move(calls);
    }
    return j;
}

[[nodiscard]] inline nlohmann::ordered_json tool_json(const tool& t) {
    nlohmann::ordered_json fn = {{"name", t.name}};
    if (!t.description.empty()) fn["description"] = t.description;
    fn["parameters"] = t.parameters;
    return {{"type", "function"}, {"function", std::move(fn)}};
}

[[nodiscard]] inline nlohmann::ordered_json tool_choice_json(const tool_choice& c) {
    switch (c.kind) {
        case tool_choice::mode::none: return "none";
        case tool_choice::mode::required: return "required";
        case tool_choice::mode::function: return {{"type", "function"}, {"function", {{"name", c.function_name}}}};
        case tool_choice::mode::automatic: break;
    }
    return "auto";
}

[[nodiscard]] inline nlohmann::ordered_json response_format_json(const response_format& f) {
    switch (f.type) {
        case response_format::kind::json_object: return {{"type", "json_object"}};
        case response_format::kind::json_schema:
            return {{"type", "json_schema"},
                    {"json_schema", {{"name", f.name}, {"schema", f.schema}, {"strict", f.strict}}}};
        case response_format::kind::text: break;
    }
    return {{"type", "text"}};
}

/// @brief The Chat Completions body. Request fields win over the configuration's defaults; `extra` is merged
/// last, so a caller can set any parameter the provider takes.
[[nodiscard]] inline nlohmann::ordered_json body_json(const request& r, const llm_config& cfg, std::string_view model,
                                                      bool stream,
                                                      std::string_view max_tokens_field = "max_completion_tokens") {
    nlohmann::ordered_json body;
    body["model"] = model;
    auto& messages = body["messages"] = nlohmann::ordered_json::array();
    for (const auto& m : r.messages) messages.push_back(message_json(m));
    if (!r.tools.empty()) {
        auto& tools = body["tools"] = nlohmann::ordered_json::array();
        for (const auto& t : r.tools) tools.push_back(tool_json(t));
    }
    if (r.tool_choice) body["tool_choice"] = tool_choice_json(*r.tool_choice);
    if (r.parallel_tool_calls) body["parallel_tool_calls"] = *r.parallel_tool_calls;
    if (auto t = r.temperature ? r.temperature : cfg.temperature) body["temperature"] = *t;
    if (auto p = r.top_p ? r.top_p : cfg.top_p) body["top_p"] = *p;
    if (auto n = r.max_tokens ? r.max_tokens : cfg.max_output_tokens) body[max_tokens_field] = *n;
    if (!r.stop.empty()) body["stop"] = r.stop;
    if (auto e = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort) body["reasoning_effort"] = to_string(*e);
    if (r.response_format) body["response_format"] = response_format_json(*r.response_format);
    if (auto s = r.seed ? r.seed : cfg.seed) body["seed"] = *s;
    if (!r.user.empty()) body["user"] = r.user;
    if (stream) {
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }
    for (const auto& [key, value] : r.extra.items()) body[key] = value;
    return body;
}

// ---------------------------------------------------------------------------------------------- responses

[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw) noexcept {
    if (raw == "stop") return finish_reason::stop;
    if (raw == "length") return finish_reason::length;
    if (raw == "tool_calls" || raw == "function_call") return finish_reason::tool_calls;
    if (raw == "content_filter") return finish_reason::content_filter;
    return finish_reason::other;
}

namespace field {
// Fields that may be absent or null read as empty; a wrong type is a malformed response (json throws).
inline std::string string_or_empty(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? std::string{} : it->get<std::string>();
}
inline std::int64_t int_or_zero(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? 0 : detail::json_integer(*it);
}
inline const nlohmann::json* object_or_null(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}
}  // namespace field

/// @brief OpenAI's usage object: `prompt_tokens` already includes cached tokens, as polyllm's does.
/// Compatible servers that report cache hits as DeepSeek does (`prompt_cache_hit_tokens`) are read too.
[[nodiscard]] inline usage usage_from(const nlohmann::json& u) {
    usage out;
    out.prompt_tokens = field::int_or_zero(u, "prompt_tokens");
    out.completion_tokens = field::int_or_zero(u, "completion_tokens");
    if (const auto* p = field::object_or_null(u, "prompt_tokens_details"))
        out.cache_read_tokens = field::int_or_zero(*p, "cached_tokens");
    // DeepSeek reports cache hits in its own field; its prompt_tokens includes them too.
    if (out.cache_read_tokens == 0) out.cache_read_tokens = field::int_or_zero(u, "prompt_cache_hit_tokens");
    if (const auto* c = field::object_or_null(u, "completion_tokens_details"))
        out.reasoning_tokens = field::int_or_zero(*c, "reasoning_tokens");
    return out;
}

[[nodiscard]] inline tool_call tool_call_from(const nlohmann::json& j) {
    tool_call call;
    call.id = field::string_or_empty(j, "id");
    if (const auto* fn = field::object_or_null(j, "function")) {
        call.name = field::string_or_empty(*fn, "name");
        call.arguments = field::string_or_empty(*fn, "arguments");
    }
    return call;
}

/// @brief The assistant message of a choice: content, refusal and tool calls.
[[nodiscard]] inline message message_from(const nlohmann::json& m) {
    message out;
    out.role = role::assistant;
    // Reasoning that compatible servers return beside the answer (DeepSeek, vLLM: reasoning_content;
    // OpenRouter: reasoning) comes first, as it does when streamed.
    auto reasoning = field::string_or_empty(m, "reasoning_content");
    if (reasoning.empty()) reasoning = field::string_or_empty(m, "reasoning");
    if (!reasoning.empty()) out.content.push_back(thinking_part{std::move(reasoning), {}, {}});
    if (auto text = field::string_or_empty(m, "content"); !text.empty()) out.content.push_back(text_part{text});
    out.refusal = field::string_or_empty(m, "refusal");
    if (auto it = m.find("tool_calls"); it != m.end() && it->is_array())
        for (const auto& call : *it) out.tool_calls.push_back(tool_call_from(call));
    return out;
}

/// @brief A parsed completion body. The first choice is the answer (polyllm never asks for n > 1).
[[nodiscard]] inline result<completion> completion_from(const nlohmann::json& body) {
    const auto choices = body.find("choices");
    if (choices == body.end() || !choices->is_array() || choices->empty())
        return error{errc::no_response, "the response has no choices"};
    const auto& choice = choices->front();
    const auto* msg = field::object_or_null(choice, "message");
    if (!msg) return error{errc::malformed_response, "choices[0] has no message object"};
    completion c;
    c.id = field::string_or_empty(body, "id");
    c.model = field::string_or_empty(body, "model");
    c.message = message_from(*msg);
    c.finish_reason_raw = field::string_or_empty(choice, "finish_reason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw);
    if (const auto* u = field::object_or_null(body, "usage")) c.usage = usage_from(*u);
    return c;
}

// ---------------------------------------------------------------------------------------------- errors

/// Phrases OpenAI and the compatible servers use for a prompt that does not fit, whatever the status or code.
inline constexpr std::array<std::string_view, 6> context_window_phrases{
    "maximum context length",
    "context length exceeded",
    "prompt is too long",
    "input length and `max_tokens` exceed context limit",
    "please reduce the length of",
    "the request exceeds the available context size",
};

[[nodiscard]] inline bool mentions_context_window(std::string_view message) {
    const auto lower = detail::to_lower(message);
    for (auto phrase : context_window_phrases)
        if (lower.find(phrase) != std::string::npos) return true;
    return false;
}

/// @brief The errc for an HTTP status with the provider's error type/code and message.
[[nodiscard]] inline errc classify(int status, std::string_view type, std::string_view code,
                                   std::string_view message) {
    auto is = [&](std::string_view v) { return type == v || code == v; };
    if (is("context_length_exceeded") || (status >= 400 && status < 500 && mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (is("insufficient_quota")) return errc::quota_exceeded;
    if (is("content_filter") || is("content_policy_violation")) return errc::content_policy;
    if (is("invalid_api_key")) return errc::authentication;
    switch (status) {
        case 400: case 422: return errc::bad_request;
        case 401: return errc::authentication;
        case 403: return errc::permission_denied;
        case 404: return errc::not_found;
        case 408: return errc::timeout;
        case 409: return errc::conflict;
        case 413: return errc::context_window_exceeded;
        case 429: return errc::rate_limited;
        case 503: return errc::service_unavailable;
        default: break;
    }
    if (status >= 500) return errc::server_error;
    if (status >= 400) return errc::bad_request;
    return errc::server_error;  // an error body on a 2xx: the server failed, whatever the status says
}

/// @brief A body that is not the provider's JSON (an HTML page from a proxy, say): its start, as printable text,
/// so the error says what came back without dumping a page into a log.
[[nodiscard]] inline std::string body_excerpt(std::string_view body, std::size_t limit = 200) {
    std::string out;
    for (char c : body.substr(0, limit)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
    if (body.size() > limit) out += "...";
    return std::string(detail::trim(out));
}

/// @brief The error for a non-2xx response (or a 2xx whose body is an `error` object):
/// `{"error": {"message", "type", "param", "code"}}`.
[[nodiscard]] inline error error_from(const http_response& res, std::string_view request_id_header) {
    error e;
    e.http_status = res.status;
    e.request_id = std::string(res.headers.value_or_empty(request_id_header));
    std::string type, code;
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    const nlohmann::json* err = body.is_object() ? field::object_or_null(body, "error") : nullptr;
    if (err) {
        auto text = [&](std::string_view key) {
            auto it = err->find(key);
            if (it == err->end() || it->is_null()) return std::string{};
            return it->is_string() ? it->get<std::string>() : it->dump();  // some servers send numeric codes
        };
        e.message = text("message");
        type = text("type");
        code = text("code");
        e.type = code.empty() ? type : code;
    } else if (body.is_object() && body.contains("message") && body["message"].is_string()) {
        e.message = body["message"].get<std::string>();  // some compatible servers use a bare {"message": ...}
    } else {
        e.message = res.body.empty() ? "HTTP " + std::to_string(res.status) + " with an empty body"
                                     : "HTTP " + std::to_string(res.status) + ": " + body_excerpt(res.body);
    }
    e.code = make_error_code(classify(res.status, type, code, e.message));
    return e;
}

/// @brief Retry what the official SDKs retry: 408, 409, 429 (but not an exhausted quota) and 5xx gateway and
/// overload errors, plus connection failures and timeouts before any response.
[[nodiscard]] inline bool should_retry(const error& e) noexcept {
    switch (e.kind()) {
        case errc::quota_exceeded:
        case errc::cancelled:
        case errc::context_window_exceeded:
        case errc::authentication:
            return false;
        default: break;
    }
    switch (e.http_status) {
        case 408: case 409: case 429: case 500: case 502: case 503: case 504: return true;
        case 0: return e.kind() == errc::connection || e.kind() == errc::timeout;
        default: return false;
    }
}

/// @brief Parses a Chat Completions response: the completion for a 2xx with choices, the classified error
/// otherwise. `adjust(completion&, const nlohmann::json& body)` lets a provider read its own fields (a
/// non-standard key for tool calls, say) before the completion is returned. Never throws: a body of the wrong
/// shape is `errc::malformed_response`.
template <class Adjust>
[[nodiscard]] result<completion> parse_response(const http_response& res, std::string_view request_id_header,
                                                Adjust&& adjust) {
    if (res.status < 200 || res.status >= 300) return error_from(res, request_id_header);
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        error e{errc::malformed_response, "the response body is not a JSON object: " + body_excerpt(res.body)};
        e.http_status = res.status;
        return e;
    }
    if (body.contains("error") && !body.contains("choices")) return error_from(res, request_id_header);
    try {
        auto c = completion_from(body);
        if (!c) {
            auto e = std::move(c).error();
            e.http_status = res.status;
            return e;
        }
        adjust(c.value(), body);
        return c;
    } catch (const nlohmann::json::exception& ex) {
        error e{errc::malformed_response, std::string("unexpected field type in the response: ") + ex.what()};
        e.http_status = res.status;
        return e;
    }
}

[[nodiscard]] inline result<completion> parse_response(const http_response& res, std::string_view request_id_header) {
    return parse_response(res, request_id_header, [](completion&, const nlohmann::json&) {});
}

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
