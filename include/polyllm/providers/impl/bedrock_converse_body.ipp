#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/bedrock_converse_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/bedrock_converse_body.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {
namespace body_detail {

enum class turn { none, user, assistant };

inline turn turn_of(role r) noexcept { return r == role::assistant ? turn::assistant : turn::user; }

inline void cache_point(wire::json_writer& w) {
    w.begin_object().key("cachePoint").begin_object().key("type").string("default").end_object().end_object();
}

// Converse takes image bytes only: inline base64, or a data: URL, whose media type names the format.
inline result<void> write_image(wire::json_writer& w, const image_part& image) {
    std::string media = image.media_type;
    std::string_view data = image.data;
    if (!image.is_inline()) {
        std::string_view url = image.url;
        const auto comma = url.find(',');
        if (!url.starts_with("data:") || comma == std::string_view::npos || url.substr(0, comma).find(";base64") ==
                                                                                 std::string_view::npos)
            return error{errc::unsupported, "Bedrock Converse takes images as bytes, not by URL: give the image inline "
                                            "(image_part::from_base64) or as a data: URL"};
        media = std::string(url.substr(5, url.find(';') - 5));
        data = url.substr(comma + 1);
    }
    auto format = media.substr(media.find('/') + 1);
    if (format == "jpg") format = "jpeg";
    if (format != "png" && format != "jpeg" && format != "gif" && format != "webp")
        return error{errc::unsupported, "Bedrock Converse takes png, jpeg, gif and webp images, not \"" + media + "\""};
    w.begin_object().key("image").begin_object().key("format").string(format);
    w.key("source").begin_object().key("bytes").string(data).end_object().end_object().end_object();
    return success();
}

inline result<void> write_blocks(wire::json_writer& w, const message& m, const model_traits& traits) {
    if (m.role == role::tool) {
        w.begin_object().key("toolResult").begin_object().key("toolUseId").string(m.tool_call_id);
        w.key("content").begin_array().begin_object().key("text").string(m.text()).end_object().end_array();
        if (traits.tool_status) w.key("status").string(m.is_error ? "error" : "success");
        w.end_object().end_object();
        return success();
    }
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!t->text.empty()) w.begin_object().key("text").string(t->text).end_object();  // blank text is refused
        } else if (const auto* i = std::get_if<image_part>(&part)) {
            if (auto written = write_image(w, *i); !written) return written;
        } else if (const auto* th = std::get_if<thinking_part>(&part); th && m.role == role::assistant) {
            w.begin_object().key("reasoningContent").begin_object();
            if (!th->redacted_data.empty()) {
                w.key("redactedContent").string(th->redacted_data);
            } else {
                w.key("reasoningText").begin_object().key("text").string(th->thinking);
                if (!th->signature.empty()) w.key("signature").string(th->signature);
                w.end_object();
            }
            w.end_object().end_object();
        }
    }
    if (m.role == role::assistant && !m.refusal.empty() && m.text().empty())
        w.begin_object().key("text").string(m.refusal).end_object();
    for (const auto& call : m.tool_calls) {
        auto input = call.arguments.empty() ? nlohmann::ordered_json::object()
                                            : nlohmann::ordered_json::parse(call.arguments, nullptr, false);
        if (!input.is_object())
            return error{errc::bad_request, "the arguments of the tool call \"" + call.id +
                                                "\" are not a JSON object, and Converse takes tool input only as one"};
        w.begin_object().key("toolUse").begin_object().key("toolUseId").string(call.id).key("name").string(call.name);
        w.key("input").value(input).end_object().end_object();
    }
    return success();
}

}  // namespace body_detail

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                     const model_traits& traits) {
    using namespace body_detail;
    const auto& messages = r.messages;
    // Automatic prompt-cache points (caching_prompt): after the system prompt and after the last user turn, where
    // an agent's next call shares its prefix; a message's own `cache` marks one wherever the model takes them.
    const bool auto_cache = traits.prompt_cache && cfg.caching_prompt;
    std::size_t last_user = messages.size();
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (messages[i].role == role::user || messages[i].role == role::tool) last_user = i;

    // Converse has no response format field; a caller who asked for JSON is told rather than given prose.
    if (r.response_format && r.response_format->type != response_format::kind::text && !cfg.drop_params)
        return error{errc::unsupported, "Bedrock Converse has no JSON output mode: describe the format in the prompt "
                                        "or as a tool (or set drop_params to send the request without it)"};
    const std::size_t start = out.size();
    out.reserve(start + wire::body_size_hint(r));
    wire::json_writer w(out);
    wire::body_fields fields(w, r.extra);
    auto fail = [&](error e) -> result<void> {
        out.resize(start);
        return e;
    };
    w.begin_object();
    if (fields.standard("messages")) {
        w.begin_array();
        turn open = turn::none;
        for (std::size_t i = 0; i < messages.size(); ++i) {
            const auto& m = messages[i];
            if (m.role == role::system) continue;
            if (turn_of(m.role) != open) {
                if (open != turn::none) w.end_array().end_object();
                open = turn_of(m.role);
                w.begin_object().key("role").string(open == turn::assistant ? "assistant" : "user");
                w.key("content").begin_array();
            }
            if (auto written = write_blocks(w, m, traits); !written) return fail(written.error());
            if (traits.prompt_cache && (m.cache || (auto_cache && i == last_user))) cache_point(w);
        }
        if (open != turn::none) w.end_array().end_object();
        w.end_array();
    }
    bool has_system = false;
    for (const auto& m : messages) has_system = has_system || (m.role == role::system && !m.text().empty());
    if (has_system && fields.standard("system")) {
        w.begin_array();
        bool marked = false;
        for (const auto& m : messages) {
            if (m.role != role::system || m.text().empty()) continue;
            w.begin_object().key("text").string(m.text()).end_object();
            marked = marked || m.cache;
        }
        if (traits.prompt_cache && (marked || auto_cache)) cache_point(w);
        w.end_array();
    }

    const std::int64_t max_tokens =
        r.max_tokens.value_or(cfg.max_output_tokens.value_or(traits.max_output_tokens.value_or(4096)));
    std::int64_t budget = 0;
    if (traits.thinking) {
        if (auto effort = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
            effort && *effort != reasoning_effort::none)
            budget = std::min(traits.thinking_budget_tokens.value_or(anthropic_messages::thinking_budget(*effort)),
                              max_tokens - 1);
        if (budget > 0 && budget < anthropic_messages::min_thinking_budget)
            return fail(error{errc::invalid_config, "the thinking budget must be at least 1024 tokens and below "
                                                    "max_tokens (" + std::to_string(max_tokens) + ")"});
    }
    // Thinking leaves the sampling to the model: Claude refuses temperature and top_k with it. (Assigned rather than
    // chosen by `?:` between an optional and nullopt, which g++ -O2 reads as maybe uninitialized.)
    std::optional<double> temperature, top_p;
    std::optional<std::int64_t> top_k;
    if (budget <= 0) {
        temperature = r.temperature ? r.temperature : cfg.temperature;
        top_p = r.top_p ? r.top_p : cfg.top_p;
        top_k = cfg.top_k;
    }
    if (fields.standard("inferenceConfig")) {
        w.begin_object().key("maxTokens").integer(max_tokens);
        if (temperature) w.key("temperature").number(*temperature);
        if (top_p) w.key("topP").number(*top_p);
        if (!r.stop.empty() && !cfg.disable_stop_word) {
            w.key("stopSequences").begin_array();
            for (const auto& s : r.stop) w.string(s);
            w.end_array();
        }
        w.end_object();
    }
    // Converse has no "none" choice; the tools stay, since a history with toolUse blocks needs toolConfig.
    if (!r.tools.empty() && fields.standard("toolConfig")) {
        w.begin_object().key("tools").begin_array();
        for (const auto& t : r.tools) {
            w.begin_object().key("toolSpec").begin_object().key("name").string(t.name);
            if (!t.description.empty()) w.key("description").string(t.description);
            w.key("inputSchema").begin_object().key("json").value(t.parameters).end_object();
            w.end_object().end_object();
        }
        if (auto_cache) cache_point(w);
        w.end_array();
        if (r.tool_choice && (r.tool_choice->kind == tool_choice::mode::required ||
                              r.tool_choice->kind == tool_choice::mode::function)) {
            w.key("toolChoice").begin_object();
            if (r.tool_choice->kind == tool_choice::mode::required) w.key("any").begin_object().end_object();
            else w.key("tool").begin_object().key("name").string(r.tool_choice->function_name).end_object();
            w.end_object();
        }
        w.end_object();
    }
    if ((budget > 0 || (top_k && traits.anthropic)) && fields.standard("additionalModelRequestFields")) {
        w.begin_object();
        if (budget > 0)
            w.key("thinking").begin_object().key("type").string("enabled").key("budget_tokens").integer(budget).end_object();
        if (top_k && traits.anthropic) w.key("top_k").integer(*top_k);
        w.end_object();
    }
    fields.rest();
    w.end_object();
    return success();
}

POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg,
                                                      const model_traits& traits) {
    std::string text;
    if (auto written = write_body(text, r, cfg, traits); !written) return std::move(written).error();
    return nlohmann::ordered_json::parse(text);
}

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END
