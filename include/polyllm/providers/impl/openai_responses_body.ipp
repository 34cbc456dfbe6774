#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_responses_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_responses_body.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace openai_responses_api {
namespace detail {

using wire::json_writer;

inline void write_image(json_writer& w, const image_part& image) {
    w.begin_object().key("type").string("input_image").key("image_url");
    if (image.is_inline()) w.string({"data:", image.media_type, ";base64,", image.data});
    else w.string(image.url);
    w.key("detail").string(to_string(image.detail)).end_object();
}

// A user turn: its text as a plain string (the documented short form), as input parts when it has images.
inline void write_user(json_writer& w, const message& m) {
    w.begin_object().key("role").string("user").key("content");
    bool text_only = true;
    for (const auto& part : m.content) text_only = text_only && !std::holds_alternative<image_part>(part);
    if (text_only) {
        w.string(m.text());
    } else {
        w.begin_array();
        for (const auto& part : m.content) {
            if (const auto* t = std::get_if<text_part>(&part))
                w.begin_object().key("type").string("input_text").key("text").string(t->text).end_object();
            else if (const auto* image = std::get_if<image_part>(&part))
                write_image(w, *image);
        }
        w.end_array();
    }
    w.end_object();
}

inline void write_assistant_text(json_writer& w, std::string_view text) {
    w.begin_object().key("role").string("assistant").key("content").string(text).end_object();
}

// An assistant turn in the order it was produced: each reasoning item as received (a reasoning item must precede the
// message or call it led to), the text as an assistant message, then the calls. Reasoning without an item is another
// provider's: the API has nowhere to put it.
inline result<void> write_assistant(json_writer& w, const message& m) {
    std::string text;
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            text += t->text;
        } else if (const auto* thinking = std::get_if<thinking_part>(&part);
                   thinking && !thinking->opaque_item.empty()) {
            if (!nlohmann::json::accept(thinking->opaque_item))
                return error{errc::bad_request, "a reasoning item to send back is not JSON"};
            if (!text.empty()) write_assistant_text(w, std::exchange(text, {}));
            w.raw(thinking->opaque_item);
        }
    }
    if (!text.empty()) write_assistant_text(w, text);
    for (const auto& call : m.tool_calls)
        w.begin_object()
            .key("type").string("function_call")
            .key("call_id").string(call.id)
            .key("name").string(call.name)
            .key("arguments").string(call.arguments)
        .end_object();
    return success();
}

inline void write_tool_output(json_writer& w, const message& m) {
    w.begin_object()
        .key("type").string("function_call_output")
        .key("call_id").string(m.tool_call_id)
        .key("output").string(m.text())
    .end_object();
}

// Flat, not nested under `function` as Chat Completions has it. `strict` is written: the Responses API makes a tool
// strict when it is left out, and a schema written for Chat Completions is rarely strict-ready.
inline void write_tool(json_writer& w, const tool& t) {
    w.begin_object().key("type").string("function").key("name").string(t.name);
    if (!t.description.empty()) w.key("description").string(t.description);
    w.key("parameters").value(t.parameters).key("strict").boolean(false).end_object();
}

inline void write_tool_choice(json_writer& w, const tool_choice& c) {
    switch (c.kind) {
        case tool_choice::mode::none: w.string("none"); return;
        case tool_choice::mode::required: w.string("required"); return;
        case tool_choice::mode::function:
            w.begin_object().key("type").string("function").key("name").string(c.function_name).end_object();
            return;
        case tool_choice::mode::automatic: break;
    }
    w.string("auto");
}

inline void write_text_format(json_writer& w, const response_format& f) {
    w.begin_object().key("format").begin_object();
    switch (f.type) {
        case response_format::kind::json_object: w.key("type").string("json_object"); break;
        case response_format::kind::json_schema:
            w.key("type").string("json_schema").key("name").string(f.name).key("schema").value(f.schema);
            w.key("strict").boolean(f.strict);
            break;
        case response_format::kind::text: w.key("type").string("text"); break;
    }
    w.end_object().end_object();
}

// What the Responses API has no field for: refused unless the caller lets polyllm leave it out.
inline result<void> unsupported(const request& r, const llm_config& cfg) {
    if (cfg.drop_params) return success();
    if (!r.stop.empty())
        return error{errc::unsupported, "the Responses API takes no stop sequences: leave request::stop empty (or set "
                                        "drop_params to send the request without them)"};
    if (r.seed)
        return error{errc::unsupported, "the Responses API takes no seed: leave request::seed empty (or set "
                                        "drop_params to send the request without it)"};
    return success();
}

}  // namespace detail

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                                     const body_settings& settings, bool stream) {
    if (auto refused = detail::unsupported(r, cfg); !refused) return refused;
    const std::size_t start = out.size();
    out.reserve(start + wire::body_size_hint(r));
    wire::json_writer w(out);
    wire::body_fields fields(w, r.extra);
    w.begin_object();
    if (fields.standard("model")) w.string(model);
    std::string instructions;
    for (const auto& m : r.messages)
        if (m.role == role::system)
            if (auto text = m.text(); !text.empty()) instructions += (instructions.empty() ? "" : "\n\n") + text;
    if (!instructions.empty() && fields.standard("instructions")) w.string(instructions);
    if (fields.standard("input")) {
        w.begin_array();
        for (const auto& m : r.messages) {
            switch (m.role) {
                case role::system: break;
                case role::user: detail::write_user(w, m); break;
                case role::tool: detail::write_tool_output(w, m); break;
                case role::assistant:
                    if (auto written = detail::write_assistant(w, m); !written) {
                        out.resize(start);
                        return written;
                    }
                    break;
            }
        }
        w.end_array();
    }
    if (!r.tools.empty() && fields.standard("tools")) {
        w.begin_array();
        for (const auto& t : r.tools) detail::write_tool(w, t);
        w.end_array();
    }
    if (r.tool_choice && fields.standard("tool_choice")) detail::write_tool_choice(w, *r.tool_choice);
    if (r.parallel_tool_calls && fields.standard("parallel_tool_calls")) w.boolean(*r.parallel_tool_calls);
    if (!settings.reasoning) {
        if (auto t = r.temperature ? r.temperature : cfg.temperature; t && fields.standard("temperature")) w.number(*t);
        if (auto p = r.top_p ? r.top_p : cfg.top_p; p && fields.standard("top_p")) w.number(*p);
    }
    if (auto n = r.max_tokens ? r.max_tokens : cfg.max_output_tokens; n && fields.standard("max_output_tokens"))
        w.integer(*n);
    const auto effort = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
    if ((settings.reasoning || effort) && (effort || !settings.reasoning_summary.empty()) &&
        fields.standard("reasoning")) {
        w.begin_object();
        if (effort) w.key("effort").string(to_string(*effort));
        if (!settings.reasoning_summary.empty()) w.key("summary").string(settings.reasoning_summary);
        w.end_object();
    }
    if (r.response_format && fields.standard("text")) detail::write_text_format(w, *r.response_format);
    if (fields.standard("store")) w.boolean(settings.store);
    // Without storage, a reasoning model's reasoning reaches the next turn only as the encrypted content it returns.
    if (!settings.store && (settings.reasoning || effort) && fields.standard("include"))
        w.begin_array().string("reasoning.encrypted_content").end_array();
    if (!settings.previous_response_id.empty() && fields.standard("previous_response_id"))
        w.string(settings.previous_response_id);
    if (!r.user.empty() && fields.standard("user")) w.string(r.user);
    if (settings.metadata && !settings.metadata->empty() && fields.standard("metadata")) {
        w.begin_object();
        for (const auto& [key, value] : *settings.metadata) w.key(key).string(value);
        w.end_object();
    }
    if (stream && fields.standard("stream")) w.boolean(true);
    fields.rest();
    w.end_object();
    return success();
}

POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg, std::string_view model,
                                                      const body_settings& settings, bool stream) {
    std::string text;
    if (auto written = write_body(text, r, cfg, model, settings, stream); !written) return std::move(written).error();
    return nlohmann::ordered_json::parse(text);
}

}  // namespace openai_responses_api
POLYLLM_NAMESPACE_END
