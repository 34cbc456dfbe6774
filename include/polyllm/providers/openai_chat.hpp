#pragma once
/// @file
/// @brief OpenAI's Chat Completions wire format (`POST /chat/completions`), as free functions without I/O: the
/// request body, the completion, the error body. OpenAI and every OpenAI-compatible provider build on these.
/// Reference: https://platform.openai.com/docs/api-reference/chat

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/detail/json_diagnosis.hpp>
#include <polyllm/detail/json_writer.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

// ---------------------------------------------------------------------------------------------- request body
// Written straight into the request's body with detail::json_writer: no tree of the conversation is built.

POLYLLM_DECL void write_content_part(detail::json_writer& w, const content_part& part);

/// @brief A message as OpenAI takes it: content as a plain string when it is text only (the form every
/// compatible server accepts), as parts when it has images. Thinking parts are not sent: OpenAI has no field
/// for them.
POLYLLM_DECL void write_message(detail::json_writer& w, const message& m);

POLYLLM_DECL void write_tool(detail::json_writer& w, const tool& t);

POLYLLM_DECL void write_tool_choice(detail::json_writer& w, const tool_choice& c,
                                    std::string_view required = "required");

POLYLLM_DECL void write_response_format(detail::json_writer& w, const response_format& f);

using wire::body_size_hint;

/// @brief How a compatible server's body differs from OpenAI's, field by field, so that such a provider states
/// the difference instead of rewriting a built body.
struct body_dialect {
    bool model = true;  ///< false where the URL names the model (Azure's deployments)
    std::string_view max_tokens_field = "max_completion_tokens";  ///< "max_tokens" for older servers
    std::string_view seed_field = "seed";                         ///< Mistral: "random_seed"
    std::string_view required_tool_choice = "required";           ///< Mistral: "any"
    bool user = true;            ///< the end-user id
    bool stream_options = true;  ///< `stream_options.include_usage` in a streamed request
};

/// @brief Appends the Chat Completions body to `out`. Request fields win over the configuration's defaults; a
/// field `extra` sets takes extra's value in its place, and the rest of `extra` follows (wire::body_fields), so a
/// caller can set any parameter the provider takes.
POLYLLM_DECL void write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                             bool stream, const body_dialect& dialect = {});

/// @brief The same body as a JSON value, for providers that change it after it is built (adjust_body hooks).
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json body_json(const request& r, const llm_config& cfg,
                                                            std::string_view model, bool stream,
                                                            const body_dialect& dialect = {});

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
POLYLLM_DECL std::string string_or_empty(const nlohmann::json& j, std::string_view key);
POLYLLM_DECL std::int64_t int_or_zero(const nlohmann::json& j, std::string_view key);
/// @brief The number under `key`, or empty when the field is absent or null (a count not reported); a value of
/// another type throws, as `int_or_zero` does, so that the response is malformed rather than silently unknown.
POLYLLM_DECL std::optional<std::int64_t> int_or_null(const nlohmann::json& j, std::string_view key);
POLYLLM_DECL const nlohmann::json* object_or_null(const nlohmann::json& j, std::string_view key);
}  // namespace field

/// @brief OpenAI's usage object: `prompt_tokens` already includes cached tokens, as polyllm's does.
/// Compatible servers that report cache hits as DeepSeek does (`prompt_cache_hit_tokens`) are read too.
[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

[[nodiscard]] POLYLLM_DECL tool_call tool_call_from(const nlohmann::json& j);

/// @brief The assistant message of a choice: content, refusal and tool calls.
[[nodiscard]] POLYLLM_DECL message message_from(const nlohmann::json& m);

/// @brief A parsed completion body. The first choice is the answer (polyllm never asks for n > 1).
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

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

[[nodiscard]] POLYLLM_DECL bool mentions_context_window(std::string_view message);

/// @brief The errc for an HTTP status with the provider's error type/code and message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view code,
                                         std::string_view message);

/// @brief A body that is not the provider's JSON (an HTML page from a proxy, say): its start, as
/// `detail::shown_server_text` shows server text (one line, control characters escaped), so the error says what
/// came back without dumping a page into a log.
[[nodiscard]] POLYLLM_DECL std::string body_excerpt(std::string_view body,
                                                    std::size_t limit = detail::body_excerpt_limit);

/// @brief The error for a non-2xx response (or a 2xx whose body is an `error` object):
/// `{"error": {"message", "type", "param", "code"}}`.
[[nodiscard]] POLYLLM_DECL error error_from(const http_response& res, std::string_view request_id_header);

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
        error e{errc::malformed_response,
                "the response body " + detail::json_object_problem(res.body) + ": " + body_excerpt(res.body)};
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

[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res,
                                                             std::string_view request_id_header);

}  // namespace openai_chat
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

POLYLLM_DECL void write_content_part(detail::json_writer& w, const content_part& part) {
    if (const auto* t = std::get_if<text_part>(&part)) {
        w.begin_object().key("type").string("text").key("text").string(t->text).end_object();
        return;
    }
    const auto& image = std::get<image_part>(part);
    w.begin_object().key("type").string("image_url").key("image_url").begin_object().key("url");
    if (image.is_inline()) w.string({"data:", image.media_type, ";base64,", image.data});
    else w.string(image.url);
    if (image.detail != image_detail::automatic) w.key("detail").string(to_string(image.detail));
    w.end_object().end_object();
}

POLYLLM_DECL void write_message(detail::json_writer& w, const message& m) {
    w.begin_object().key("role").string(to_string(m.role)).key("content");
    bool text_only = true, has_text = false;
    std::size_t text_parts = 0;
    for (const auto& part : m.content) {
        text_only = text_only && !std::holds_alternative<image_part>(part);
        if (const auto* t = std::get_if<text_part>(&part)) {
            ++text_parts;
            has_text = has_text || !t->text.empty();
        }
    }
    if (!text_only) {
        w.begin_array();
        for (const auto& part : m.content)
            if (!std::holds_alternative<thinking_part>(part)) write_content_part(w, part);
        w.end_array();
    } else if (!has_text && m.role == role::assistant && !m.tool_calls.empty()) {
        w.null();
    } else if (text_parts <= 1) {
        const text_part* t = nullptr;
        for (const auto& part : m.content)
            if ((t = std::get_if<text_part>(&part))) break;
        w.string(t ? std::string_view(t->text) : std::string_view{});
    } else {
        w.string(m.text());
    }
    if (!m.name.empty() && m.role != role::tool) w.key("name").string(m.name);
    if (m.role == role::tool) w.key("tool_call_id").string(m.tool_call_id);
    if (!m.tool_calls.empty()) {
        w.key("tool_calls").begin_array();
        for (const auto& call : m.tool_calls)
            w.begin_object()
                .key("id").string(call.id)
                .key("type").string("function")
                .key("function").begin_object()
                    .key("name").string(call.name)
                    .key("arguments").string(call.arguments)
                .end_object()
            .end_object();
        w.end_array();
    }
    w.end_object();
}

POLYLLM_DECL void write_tool(detail::json_writer& w, const tool& t) {
    w.begin_object().key("type").string("function").key("function").begin_object().key("name").string(t.name);
    if (!t.description.empty()) w.key("description").string(t.description);
    w.key("parameters").value(t.parameters).end_object().end_object();
}

POLYLLM_DECL void write_tool_choice(detail::json_writer& w, const tool_choice& c, std::string_view required) {
    switch (c.kind) {
        case tool_choice::mode::none: w.string("none"); return;
        case tool_choice::mode::required: w.string(required); return;
        case tool_choice::mode::function:
            w.begin_object().key("type").string("function");
            w.key("function").begin_object().key("name").string(c.function_name).end_object().end_object();
            return;
        case tool_choice::mode::automatic: break;
    }
    w.string("auto");
}

POLYLLM_DECL void write_response_format(detail::json_writer& w, const response_format& f) {
    switch (f.type) {
        case response_format::kind::json_object:
            w.begin_object().key("type").string("json_object").end_object();
            return;
        case response_format::kind::json_schema:
            w.begin_object().key("type").string("json_schema").key("json_schema").begin_object();
            w.key("name").string(f.name).key("schema").value(f.schema).key("strict").boolean(f.strict);
            w.end_object().end_object();
            return;
        case response_format::kind::text: break;
    }
    w.begin_object().key("type").string("text").end_object();
}

POLYLLM_DECL void write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                             bool stream, const body_dialect& dialect) {
    out.reserve(out.size() + body_size_hint(r));
    detail::json_writer w(out);
    wire::body_fields fields(w, r.extra);
    w.begin_object();
    if (dialect.model && fields.standard("model")) w.string(model);
    if (fields.standard("messages")) {
        w.begin_array();
        for (const auto& m : r.messages) write_message(w, m);
        w.end_array();
    }
    if (!r.tools.empty() && fields.standard("tools")) {
        w.begin_array();
        for (const auto& t : r.tools) write_tool(w, t);
        w.end_array();
    }
    if (r.tool_choice && fields.standard("tool_choice"))
        write_tool_choice(w, *r.tool_choice, dialect.required_tool_choice);
    if (r.parallel_tool_calls && fields.standard("parallel_tool_calls")) w.boolean(*r.parallel_tool_calls);
    if (auto t = r.temperature ? r.temperature : cfg.temperature; t && fields.standard("temperature")) w.number(*t);
    if (auto p = r.top_p ? r.top_p : cfg.top_p; p && fields.standard("top_p")) w.number(*p);
    if (auto n = r.max_tokens ? r.max_tokens : cfg.max_output_tokens; n && fields.standard(dialect.max_tokens_field))
        w.integer(*n);
    if (!r.stop.empty() && fields.standard("stop")) {
        w.begin_array();
        for (const auto& s : r.stop) w.string(s);
        w.end_array();
    }
    if (auto e = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
        e && fields.standard("reasoning_effort"))
        w.string(to_string(*e));
    if (r.response_format && fields.standard("response_format")) write_response_format(w, *r.response_format);
    if (auto s = r.seed ? r.seed : cfg.seed; s && fields.standard(dialect.seed_field)) w.integer(*s);
    if (dialect.user && !r.user.empty() && fields.standard("user")) w.string(r.user);
    if (stream) {
        if (fields.standard("stream")) w.boolean(true);
        if (dialect.stream_options && fields.standard("stream_options"))
            w.begin_object().key("include_usage").boolean(true).end_object();
    }
    fields.rest();
    w.end_object();
}

POLYLLM_DECL nlohmann::ordered_json body_json(const request& r, const llm_config& cfg, std::string_view model,
                                              bool stream, const body_dialect& dialect) {
    std::string text;
    write_body(text, r, cfg, model, stream, dialect);
    return nlohmann::ordered_json::parse(text);
}

namespace field {

POLYLLM_DECL std::string string_or_empty(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? std::string{} : it->get<std::string>();
}

POLYLLM_DECL std::int64_t int_or_zero(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? 0 : detail::json_integer(*it);
}

POLYLLM_DECL std::optional<std::int64_t> int_or_null(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return detail::json_integer(*it);  // a count of another type throws: a malformed response
}

POLYLLM_DECL const nlohmann::json* object_or_null(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace field

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    usage out;
    out.prompt_tokens = field::int_or_null(u, "prompt_tokens");
    out.completion_tokens = field::int_or_null(u, "completion_tokens");
    if (const auto* p = field::object_or_null(u, "prompt_tokens_details"))
        out.cache_read_tokens = field::int_or_null(*p, "cached_tokens");
    // DeepSeek reports cache hits in its own field; its prompt_tokens includes them too.
    if (!out.cache_read_tokens.value_or(0))
        if (auto hits = field::int_or_null(u, "prompt_cache_hit_tokens")) out.cache_read_tokens = hits;
    if (const auto* c = field::object_or_null(u, "completion_tokens_details"))
        out.reasoning_tokens = field::int_or_null(*c, "reasoning_tokens");
    return out;
}

POLYLLM_DECL tool_call tool_call_from(const nlohmann::json& j) {
    tool_call call;
    call.id = field::string_or_empty(j, "id");
    if (const auto* fn = field::object_or_null(j, "function")) {
        call.name = field::string_or_empty(*fn, "name");
        call.arguments = field::string_or_empty(*fn, "arguments");
    }
    return call;
}

POLYLLM_DECL message message_from(const nlohmann::json& m) {
    message out;
    out.role = role::assistant;
    // Reasoning that compatible servers return beside the answer (DeepSeek, vLLM: reasoning_content;
    // OpenRouter: reasoning) comes first, as it does when streamed.
    auto reasoning = field::string_or_empty(m, "reasoning_content");
    if (reasoning.empty()) reasoning = field::string_or_empty(m, "reasoning");
    if (!reasoning.empty()) out.content.push_back(thinking_part{std::move(reasoning), {}, {}});
    // Content is a string; some compatible servers send a list of text parts instead.
    if (auto content = m.find("content"); content != m.end() && content->is_array()) {
        for (const auto& part : *content)
            if (auto text = part.is_object() ? field::string_or_empty(part, "text") : std::string(); !text.empty())
                out.content.push_back(text_part{std::move(text)});
    } else if (auto text = field::string_or_empty(m, "content"); !text.empty()) {
        out.content.push_back(text_part{text});
    }
    out.refusal = field::string_or_empty(m, "refusal");
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
    const auto* msg = field::object_or_null(choice, "message");
    if (!msg) return error{errc::malformed_response, "choices[0] has no message object"};
    if (auto content = msg->find("content");
        content != msg->end() && !content->is_string() && !content->is_null() && !content->is_array())
        return error{errc::malformed_response,
                     std::string("choices[0].message.content is ") + content->type_name() + ", not a string"};
    if (auto calls = msg->find("tool_calls"); calls != msg->end() && !calls->is_array() && !calls->is_null())
        return error{errc::malformed_response,
                     std::string("choices[0].message.tool_calls is ") + calls->type_name() + ", not a list"};
    completion c;
    c.id = field::string_or_empty(body, "id");
    c.model = field::string_or_empty(body, "model");
    c.message = message_from(*msg);
    c.finish_reason_raw = field::string_or_empty(choice, "finish_reason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw);
    if (const auto* u = field::object_or_null(body, "usage")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL bool mentions_context_window(std::string_view message) {
    const auto lower = detail::to_lower(message);
    for (auto phrase : context_window_phrases)
        if (lower.find(phrase) != std::string::npos) return true;
    return false;
}

POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view code, std::string_view message) {
    auto is = [&](std::string_view v) { return type == v || code == v; };
    if (is("context_length_exceeded") || (status >= 400 && status < 500 && mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (is("insufficient_quota")) return errc::quota_exceeded;
    if (is("rate_limit_exceeded")) return errc::rate_limited;  // also when a proxy sends it with 200
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

POLYLLM_DECL std::string body_excerpt(std::string_view body, std::size_t limit) {
    return detail::shown_server_text(body, limit);
}

POLYLLM_DECL error error_from(const http_response& res, std::string_view request_id_header) {
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
        e.type = detail::shown_server_text(code.empty() ? type : code);
    } else if (body.is_object() && body.contains("message") && body["message"].is_string()) {
        e.message = body["message"].get<std::string>();  // some compatible servers use a bare {"message": ...}
    } else {
        e.message = res.body.empty() ? "HTTP " + std::to_string(res.status) + " with an empty body"
                                     : "HTTP " + std::to_string(res.status) + ": " + body_excerpt(res.body);
    }
    e.code = make_error_code(classify(res.status, type, code, e.message));
    // Classified from the server's words as they came; shown only as server text may be shown.
    e.message = detail::shown_server_text(e.message);
    e.request_id = detail::shown_server_text(e.request_id);
    return e;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res, std::string_view request_id_header) {
    return parse_response(res, request_id_header, [](completion&, const nlohmann::json&) {});
}

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
