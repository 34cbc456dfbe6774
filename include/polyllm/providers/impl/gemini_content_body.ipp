#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini_content_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini_content_body.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL bool declares_parameters(const nlohmann::ordered_json& schema) {
    if (!schema.is_object() || schema.empty()) return false;
    const auto properties = schema.find("properties");
    const bool has_properties = properties != schema.end() && properties->is_object() && !properties->empty();
    const auto type = schema.find("type");
    const bool is_object = type == schema.end() || *type == "object" || *type == "OBJECT";
    const bool elsewhere = schema.contains("$ref") || schema.contains("anyOf") || schema.contains("oneOf") ||
                           schema.contains("allOf");
    return has_properties || !is_object || elsewhere;
}

POLYLLM_DECL void write_function_declaration(wire::json_writer& w, const tool& t,
                                             bool schema_passthrough) {
    w.begin_object().key("name").string(t.name);
    if (!t.description.empty()) w.key("description").string(t.description);
    const auto& parameters = t.parameters;
    if (schema_passthrough) {
        if (declares_parameters(parameters)) w.key("parametersJsonSchema").value(parameters);
    } else {
        // Translated aside first: whether it declares anything is known once its references are followed.
        std::string translated;
        wire::json_writer aside(translated);
        const auto written = wire::write_gemini_schema(aside, parameters);
        if (written.has_properties || (!written.type.empty() && written.type != "object"))
            w.key("parameters").raw(translated);
    }
    w.end_object();
}

POLYLLM_DECL void write_tool_config(wire::json_writer& w, const tool_choice& c) {
    w.begin_object().key("functionCallingConfig").begin_object().key("mode");
    switch (c.kind) {
        case tool_choice::mode::none: w.string("NONE"); break;
        case tool_choice::mode::required: w.string("ANY"); break;
        case tool_choice::mode::function:
            w.string("ANY").key("allowedFunctionNames").begin_array().string(c.function_name).end_array();
            break;
        case tool_choice::mode::automatic: w.string("AUTO"); break;
    }
    w.end_object().end_object();
}

POLYLLM_DECL void write_image(wire::json_writer& w, const image_part& image) {
    if (image.is_inline()) {
        w.begin_object().key("inlineData").begin_object();
        w.key("mimeType").string(image.media_type).key("data").string(image.data);
        w.end_object().end_object();
        return;
    }
    w.begin_object().key("fileData").begin_object();
    if (!image.media_type.empty()) w.key("mimeType").string(image.media_type);
    w.key("fileUri").string(image.url).end_object().end_object();
}

namespace detail {

// The name of the call a tool result answers: the message's own, else the call's in an earlier assistant turn.
inline std::string function_name_for(const std::vector<message>& messages, std::size_t result_index) {
    const auto& result = messages[result_index];
    if (!result.name.empty()) return result.name;
    for (std::size_t i = result_index; i-- > 0;)
        for (const auto& call : messages[i].tool_calls)
            if (call.id == result.tool_call_id) return call.name;
    return {};
}

// The contents being written: consecutive turns of one role are merged (parallel calls need all their responses
// in one turn, and Gemini expects turns to alternate). A message without parts opens no turn: Gemini rejects a
// turn without parts, and an empty message says nothing.
class turn_writer {
public:
    explicit turn_writer(wire::json_writer& w) noexcept : w_(w) {}

    /// @brief Continues the open turn when it has this role, else opens one; the caller then writes parts.
    void parts_of(std::string_view role) {
        if (role == role_) return;
        close();
        w_.begin_object().key("role").string(role).key("parts").begin_array();
        role_ = role;
    }

    void close() {
        if (!role_.empty()) w_.end_array().end_object();
        role_ = {};
    }

private:
    wire::json_writer& w_;
    std::string_view role_;  // of the open turn; empty when none is open
};

[[nodiscard]] inline bool has_user_parts(const message& m) noexcept {
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!t->text.empty()) return true;
        } else if (std::holds_alternative<image_part>(part)) {
            return true;
        }
    }
    return false;
}

inline void write_user_parts(wire::json_writer& w, const message& m) {
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!t->text.empty()) w.begin_object().key("text").string(t->text).end_object();  // Gemini rejects ""
        } else if (const auto* image = std::get_if<image_part>(&part)) {
            write_image(w, *image);
        }
    }
}

// A model turn as it arrived: thought parts (with their signatures), text, a signature that belonged to the part
// before it, then the calls, each with the signature its id carries. A part stays open until the next one starts,
// since a signature-only thinking part after it puts its signature on it (the last such signature wins).
inline result<void> write_model_parts(wire::json_writer& w, const message& m, turn_writer& turns) {
    bool has_parts = !m.tool_calls.empty();
    for (const auto& part : m.content) {
        if (std::holds_alternative<image_part>(part))
            return error{errc::bad_request, "Gemini takes no images in model turns"};
        if (const auto* t = std::get_if<text_part>(&part)) has_parts = has_parts || !t->text.empty();
        else if (const auto* thinking = std::get_if<thinking_part>(&part))
            has_parts = has_parts || !thinking->thinking.empty();
    }
    if (!has_parts) return success();
    turns.parts_of("model");
    bool open = false;  // a part is written but for its signature and closing brace
    std::string_view signature;
    auto close_part = [&] {
        if (!open) return;
        if (!signature.empty()) w.key("thoughtSignature").string(signature);
        w.end_object();
        open = false;
    };
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (t->text.empty()) continue;
            close_part();
            w.begin_object().key("text").string(t->text);
            open = true;
            signature = {};
        } else if (const auto* thinking = std::get_if<thinking_part>(&part)) {
            if (!thinking->thinking.empty()) {
                close_part();
                w.begin_object().key("text").string(thinking->thinking).key("thought").boolean(true);
                open = true;
                signature = thinking->signature;
            } else if (!thinking->signature.empty() && open) {
                signature = thinking->signature;  // a signature Gemini put on that part
            }
        }
    }
    close_part();
    for (const auto& call : m.tool_calls) {
        w.begin_object().key("functionCall").begin_object().key("name").string(call.name).key("args");
        if (call.arguments.empty()) {
            w.begin_object().end_object();
        } else {
            const auto args = nlohmann::ordered_json::parse(call.arguments, nullptr, false);
            if (args.is_discarded() || !args.is_object())
                return error{errc::bad_request, "the arguments of tool call " + call.id + " (" + call.name +
                                                    ") are not a JSON object, which Gemini requires: " +
                                                    wire::excerpt(call.arguments)};
            w.value(args);
        }
        w.end_object();
        if (auto call_signature = signature_of(call.id); !call_signature.empty())
            w.key("thoughtSignature").string(call_signature);
        w.end_object();
    }
    return success();
}

// A tool's result as the text it returned, without joining the common single part.
inline void write_tool_output(wire::json_writer& w, const message& m) {
    const text_part* only = nullptr;
    std::size_t texts = 0;
    for (const auto& part : m.content)
        if (const auto* t = std::get_if<text_part>(&part)) {
            only = t;
            ++texts;
        }
    if (texts <= 1) w.string(only ? std::string_view(only->text) : std::string_view{});
    else w.string(m.text());
}

// The turns of `contents`. `system_error_at` is the index of the first system message with an image, whose error
// comes in its place among the others.
inline result<void> write_contents(wire::json_writer& w, const std::vector<message>& messages,
                                   std::size_t system_error_at) {
    w.begin_array();
    turn_writer turns(w);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        switch (m.role) {
            case role::system:
                if (i == system_error_at)
                    return error{errc::bad_request, "Gemini takes only text in the system instruction"};
                break;
            case role::user:
                if (has_user_parts(m)) {
                    turns.parts_of("user");
                    write_user_parts(w, m);
                }
                break;
            case role::assistant:
                if (auto written = write_model_parts(w, m, turns); !written) return std::move(written).error();
                break;
            case role::tool: {
                const auto name = function_name_for(messages, i);
                if (name.empty())
                    return error{errc::bad_request, "a tool result (tool_call_id \"" + m.tool_call_id +
                                                        "\") names no function and answers no earlier call: Gemini "
                                                        "needs the function's name"};
                turns.parts_of("user");
                w.begin_object().key("functionResponse").begin_object().key("name").string(name);
                // Gemini reads a response's "output" key as the result and its "error" key as a failure.
                w.key("response").begin_object().key(m.is_error ? "error" : "output");
                write_tool_output(w, m);
                w.end_object().end_object().end_object();
                for (const auto& part : m.content)  // images a tool returned follow its response
                    if (const auto* image = std::get_if<image_part>(&part)) write_image(w, *image);
                break;
            }
        }
    }
    turns.close();
    w.end_array();
    return success();
}

}  // namespace detail

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                                     const model_traits& traits) {
    const std::size_t start = out.size();
    out.reserve(start + wire::body_size_hint(r));
    wire::json_writer w(out);
    polyllm::wire::body_fields fields(w, r.extra);

    w.begin_object();
    std::size_t system_error_at = r.messages.size();
    bool has_system = false;
    for (std::size_t i = 0; i < r.messages.size() && system_error_at == r.messages.size(); ++i) {
        if (r.messages[i].role != role::system) continue;
        for (const auto& part : r.messages[i].content) {
            if (std::holds_alternative<image_part>(part)) {
                system_error_at = i;
                break;
            }
            if (const auto* t = std::get_if<text_part>(&part); t && !t->text.empty()) has_system = true;
        }
    }
    if (has_system && fields.standard("systemInstruction")) {
        w.begin_object().key("parts").begin_array();
        for (const auto& m : r.messages)
            if (m.role == role::system)
                for (const auto& part : m.content)
                    if (const auto* t = std::get_if<text_part>(&part); t && !t->text.empty())
                        w.begin_object().key("text").string(t->text).end_object();
        w.end_array().end_object();
    }

    auto contents = [&] {
        if (fields.standard("contents")) return detail::write_contents(w, r.messages, system_error_at);
        std::string unused;  // extra replaces the contents, but what they cannot carry is still an error
        wire::json_writer scratch(unused);
        return detail::write_contents(scratch, r.messages, system_error_at);
    }();
    if (!contents) {
        out.resize(start);
        return std::move(contents).error();
    }

    if (!r.tools.empty()) {
        if (fields.standard("tools")) {
            w.begin_array().begin_object().key("functionDeclarations").begin_array();
            for (const auto& t : r.tools) write_function_declaration(w, t, traits.schema_passthrough);
            w.end_array().end_object().end_array();
        }
        if (r.tool_choice && fields.standard("toolConfig")) write_tool_config(w, *r.tool_choice);
    }

    const auto temperature = r.temperature ? r.temperature : cfg.temperature;
    const auto top_p = r.top_p ? r.top_p : cfg.top_p;
    const auto max_tokens = r.max_tokens ? r.max_tokens : cfg.max_output_tokens;
    const auto seed = r.seed ? r.seed : cfg.seed;
    const bool json_response = r.response_format && r.response_format->type != response_format::kind::text;
    const auto effort = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
    const bool thinking = traits.thinking && effort;
    if ((temperature || top_p || cfg.top_k || max_tokens || !r.stop.empty() || seed || json_response || thinking) &&
        fields.standard("generationConfig")) {
        w.begin_object();
        if (temperature) w.key("temperature").number(*temperature);
        if (top_p) w.key("topP").number(*top_p);
        if (cfg.top_k) w.key("topK").integer(*cfg.top_k);
        if (max_tokens) w.key("maxOutputTokens").integer(*max_tokens);
        if (!r.stop.empty()) {
            w.key("stopSequences").begin_array();
            for (const auto& s : r.stop) w.string(s);
            w.end_array();
        }
        if (seed) w.key("seed").integer(*seed);
        if (json_response) {
            w.key("responseMimeType").string("application/json");
            if (r.response_format->type == response_format::kind::json_schema) {
                const auto& schema = r.response_format->schema;
                if (traits.schema_passthrough) w.key("responseJsonSchema").value(schema);
                else wire::write_gemini_schema(w.key("responseSchema"), schema);
            }
        }
        if (thinking) {
            const auto setting = thinking_for(model, *effort);
            w.key("thinkingConfig").begin_object();
            if (setting.budget) w.key("thinkingBudget").integer(*setting.budget);
            if (!setting.level.empty()) w.key("thinkingLevel").string(setting.level);
            if (traits.include_thoughts && setting.budget != 0) w.key("includeThoughts").boolean(true);
            w.end_object();
        }
        w.end_object();
    }
    // llm_config::safety_settings, as the user wrote them ({category, threshold} each).
    if (cfg.safety_settings.is_array() && !cfg.safety_settings.empty() && fields.standard("safetySettings"))
        w.value(cfg.safety_settings);

    fields.rest();
    w.end_object();
    return success();
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
