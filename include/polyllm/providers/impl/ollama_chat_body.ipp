#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/ollama_chat_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/ollama_chat_body.hpp>

#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {
namespace detail {

// The base64 of an image: inline data as it is, a data: URL's payload; Ollama cannot fetch an http(s) URL.
inline result<std::string> image_base64(const image_part& image) {
    if (image.is_inline()) return image.data;
    const std::string_view url = image.url;
    if (url.starts_with("data:")) {
        const auto comma = url.find(',');
        if (comma != std::string_view::npos && url.substr(0, comma).ends_with(";base64"))
            return std::string(url.substr(comma + 1));
    }
    return error{errc::unsupported, "Ollama takes images inline only (base64 in `images`), not by URL: give "
                                    "image_part::from_base64 or a data: URL with base64 instead of " +
                                        std::string(url.substr(0, 60))};
}

inline result<void> write_message(polyllm::detail::json_writer& w, const message& m) {
    std::string text, thinking;
    bool has_images = false;
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) text += t->text;
        else if (const auto* r = std::get_if<thinking_part>(&part)) thinking += r->thinking;
        else has_images = true;
    }
    w.begin_object().key("role").string(to_string(m.role)).key("content").string(text);
    if (has_images) {
        w.key("images").begin_array();
        for (const auto& part : m.content)
            if (const auto* image = std::get_if<image_part>(&part)) {
                auto data = image_base64(*image);
                if (!data) return std::move(data).error();
                w.string(data.value());
            }
        w.end_array();
    }
    if (m.role == role::assistant && !thinking.empty()) w.key("thinking").string(thinking);
    if (m.role == role::assistant && !m.tool_calls.empty()) {
        w.key("tool_calls").begin_array();
        for (const auto& call : m.tool_calls) {
            // Ollama reads arguments as an object; the text is parsed ordered, so the model's key order goes back.
            auto arguments = call.arguments.empty() ? nlohmann::ordered_json::object()
                                                    : nlohmann::ordered_json::parse(call.arguments, nullptr, false);
            if (arguments.is_discarded() || !arguments.is_object())
                return error{errc::bad_request, "the arguments of tool call " + call.id + " (" + call.name +
                                                    ") are not a JSON object, which Ollama's messages need"};
            w.begin_object().key("function").begin_object().key("name").string(call.name);
            w.key("arguments").value(arguments).end_object().end_object();
        }
        w.end_array();
    }
    if (m.role == role::tool && !m.name.empty()) w.key("tool_name").string(m.name);
    w.end_object();
    return success();
}

}  // namespace detail

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                                     const body_settings& settings, bool stream) {
    const std::size_t start = out.size();
    out.reserve(start + wire::body_size_hint(r));
    auto failed = [&](error e) {
        out.resize(start);
        return e;
    };
    wire::json_writer w(out);
    wire::body_fields fields(w, r.extra);
    w.begin_object();
    if (fields.standard("model")) w.string(model);
    if (fields.standard("messages")) {
        w.begin_array();
        for (const auto& m : r.messages)
            if (auto written = detail::write_message(w, m); !written) return failed(std::move(written).error());
        w.end_array();
    }
    if (!r.tools.empty() && fields.standard("tools")) {
        w.begin_array();
        for (const auto& t : r.tools) {
            w.begin_object().key("type").string("function").key("function").begin_object();
            w.key("name").string(t.name);
            if (!t.description.empty()) w.key("description").string(t.description);
            w.key("parameters").value(t.parameters).end_object().end_object();
        }
        w.end_array();
    }
    if (const auto& format = r.response_format; format && format->type != response_format::kind::text &&
                                                fields.standard("format")) {
        if (format->type == response_format::kind::json_object) w.string("json");
        else w.value(format->schema);  // ordered_json: the keys go in the order the user wrote them
    }
    if (const auto effort = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
        effort && fields.standard("think"))
        w.boolean(*effort != reasoning_effort::none);
    const auto temperature = r.temperature ? r.temperature : cfg.temperature;
    const auto top_p = r.top_p ? r.top_p : cfg.top_p;
    const auto seed = r.seed ? r.seed : cfg.seed;
    const auto num_predict = r.max_tokens ? r.max_tokens : cfg.max_output_tokens;
    if (fields.standard("options")) {
        w.begin_object();
        if (temperature) w.key("temperature").number(*temperature);
        if (top_p) w.key("top_p").number(*top_p);
        if (cfg.top_k) w.key("top_k").integer(*cfg.top_k);
        if (seed) w.key("seed").integer(*seed);
        if (!r.stop.empty()) {
            w.key("stop").begin_array();
            for (const auto& s : r.stop) w.string(s);
            w.end_array();
        }
        if (num_predict) w.key("num_predict").integer(*num_predict);
        if (settings.num_ctx) w.key("num_ctx").integer(*settings.num_ctx);
        w.end_object();
    }
    if (!settings.keep_alive.empty() && fields.standard("keep_alive")) w.string(settings.keep_alive);
    if (fields.standard("stream")) w.boolean(stream);
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

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END
