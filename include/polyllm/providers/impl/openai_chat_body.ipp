#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_chat_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_chat_body.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

POLYLLM_DECL void write_content_part(wire::json_writer& w, const content_part& part) {
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

POLYLLM_DECL void write_message(wire::json_writer& w, const message& m) {
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

POLYLLM_DECL void write_tool(wire::json_writer& w, const tool& t) {
    w.begin_object().key("type").string("function").key("function").begin_object().key("name").string(t.name);
    if (!t.description.empty()) w.key("description").string(t.description);
    w.key("parameters").value(t.parameters).end_object().end_object();
}

POLYLLM_DECL void write_tool_choice(wire::json_writer& w, const tool_choice& c, std::string_view required) {
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

POLYLLM_DECL void write_response_format(wire::json_writer& w, const response_format& f) {
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
    wire::json_writer w(out);
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

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
