#pragma once
/// @file
/// @brief The definitions of <polyllm/json/request.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/json/request.hpp>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

POLYLLM_DECL std::int64_t json_integer(const nlohmann::json& j) {
    constexpr std::int64_t bound = std::int64_t{1} << 53;
    if (j.is_number_float()) {
        const double v = j.get<double>();
        if (v != v) return 0;
        if (v >= double(bound)) return bound;
        if (v <= -double(bound)) return -bound;
        return static_cast<std::int64_t>(v);
    }
    if (j.is_number_unsigned()) return static_cast<std::int64_t>(std::min<std::uint64_t>(j.get<std::uint64_t>(), bound));
    return std::clamp<std::int64_t>(j.get<std::int64_t>(), -bound, bound);
}

// "data:image/png;base64,AAAA" -> media type and payload; anything else is a URL.
inline image_part image_from_url(std::string url, image_detail detail) {
    constexpr std::string_view prefix = "data:";
    constexpr std::string_view marker = ";base64,";
    if (std::string_view(url).starts_with(prefix)) {
        if (auto pos = url.find(marker); pos != std::string::npos)
            return image_part::from_base64(url.substr(prefix.size(), pos - prefix.size()),
                                           url.substr(pos + marker.size()), detail);
    }
    return image_part::from_url(std::move(url), detail);
}

}  // namespace detail

POLYLLM_DECL std::string image_url_of(const image_part& image) {
    if (!image.is_inline()) return image.url;
    return "data:" + image.media_type + ";base64," + image.data;
}

POLYLLM_DECL void to_json(ordered_json& j, role r) { j = to_string(r); }

POLYLLM_DECL void from_json(const ordered_json& j, role& r) {
    r = detail::enum_from_string(j.get<std::string>(), detail::all_roles, "role");
}

POLYLLM_DECL void to_json(ordered_json& j, finish_reason f) { j = to_string(f); }

POLYLLM_DECL void from_json(const ordered_json& j, finish_reason& f) {
    f = detail::enum_from_string(j.get<std::string>(), detail::all_finish_reasons, "finish_reason");
}

POLYLLM_DECL void to_json(ordered_json& j, reasoning_effort e) { j = to_string(e); }

POLYLLM_DECL void from_json(const ordered_json& j, reasoning_effort& e) {
    auto parsed = parse_reasoning_effort(j.get<std::string>());
    if (!parsed)
        throw nlohmann::json::other_error::create(
            501, "unknown reasoning_effort \"" + j.get<std::string>() + "\" (none, minimal, low, medium, high)",
            &j);
    e = *parsed;
}

POLYLLM_DECL void to_json(ordered_json& j, const content_part& part) {
    if (const auto* t = std::get_if<text_part>(&part)) {
        j = {{"type", "text"}, {"text", t->text}};
    } else if (const auto* img = std::get_if<image_part>(&part)) {
        ordered_json url = {{"url", image_url_of(*img)}};
        if (img->detail != image_detail::automatic) url["detail"] = to_string(img->detail);
        j = {{"type", "image_url"}, {"image_url", std::move(url)}};
    } else {
        const auto& th = std::get<thinking_part>(part);
        if (!th.redacted_data.empty())
            j = {{"type", "redacted_thinking"}, {"data", th.redacted_data}};
        else
            j = {{"type", "thinking"}, {"thinking", th.thinking}, {"signature", th.signature}};
        if (!th.opaque_item.empty()) j["opaque_item"] = th.opaque_item;
    }
}

POLYLLM_DECL void from_json(const ordered_json& j, content_part& part) {
    const auto type = j.at("type").get<std::string>();
    if (type == "text") {
        part = text_part{j.at("text").get<std::string>()};
    } else if (type == "image_url") {
        const auto& img = j.at("image_url");
        auto d = image_detail::automatic;
        if (auto it = img.find("detail"); it != img.end())
            d = detail::enum_from_string(it->get<std::string>(), detail::all_image_details, "image detail");
        part = detail::image_from_url(img.at("url").get<std::string>(), d);
    } else if (type == "thinking") {
        part = thinking_part{j.at("thinking").get<std::string>(), j.value("signature", ""), {},
                             j.value("opaque_item", "")};
    } else if (type == "redacted_thinking") {
        part = thinking_part{{}, {}, j.at("data").get<std::string>()};
    } else {
        throw nlohmann::json::other_error::create(501, "unknown content part type \"" + type + "\"", &j);
    }
}

POLYLLM_DECL void to_json(ordered_json& j, const tool_call& call) {
    j = {{"id", call.id}, {"type", "function"}, {"function", {{"name", call.name}, {"arguments", call.arguments}}}};
}

POLYLLM_DECL void from_json(const ordered_json& j, tool_call& call) {
    call.id = j.value("id", "");
    const auto& fn = j.at("function");
    call.name = fn.at("name").get<std::string>();
    const auto& args = fn.value("arguments", ordered_json(""));
    // OpenAI sends arguments as JSON text; hand-written files often give an object. Keep text either way.
    call.arguments = args.is_string() ? args.get<std::string>() : args.dump();
}

POLYLLM_DECL void to_json(ordered_json& j, const message& m) {
    j = ordered_json::object();
    j["role"] = m.role;
    if (m.content.size() == 1 && std::holds_alternative<text_part>(m.content.front()))
        j["content"] = std::get<text_part>(m.content.front()).text;
    else if (m.content.empty())
        j["content"] = nullptr;
    else
        j["content"] = m.content;
    if (!m.tool_calls.empty()) j["tool_calls"] = m.tool_calls;
    if (!m.tool_call_id.empty()) j["tool_call_id"] = m.tool_call_id;
    if (!m.name.empty()) j["name"] = m.name;
    if (!m.refusal.empty()) j["refusal"] = m.refusal;
    if (m.cache) j["cache"] = true;
    if (m.is_error) j["is_error"] = true;
}

POLYLLM_DECL void from_json(const ordered_json& j, message& m) {
    m = message{};
    m.role = j.at("role").get<role>();
    if (auto it = j.find("content"); it != j.end()) {
        if (it->is_string()) {
            m.content.push_back(text_part{it->get<std::string>()});
        } else if (it->is_array()) {
            m.content = it->get<std::vector<content_part>>();
        } else if (!it->is_null()) {
            throw nlohmann::json::type_error::create(302, "message content must be a string, an array or null",
                                                     &*it);
        }
    }
    if (auto it = j.find("tool_calls"); it != j.end() && !it->is_null())
        m.tool_calls = it->get<std::vector<tool_call>>();
    m.tool_call_id = j.value("tool_call_id", "");
    m.name = j.value("name", "");
    if (auto it = j.find("refusal"); it != j.end() && it->is_string()) m.refusal = it->get<std::string>();
    m.cache = j.value("cache", false);
    m.is_error = j.value("is_error", false);
}

POLYLLM_DECL void to_json(ordered_json& j, const tool& t) {
    ordered_json fn = {{"name", t.name}};
    if (!t.description.empty()) fn["description"] = t.description;
    fn["parameters"] = t.parameters;
    j = {{"type", "function"}, {"function", std::move(fn)}};
}

POLYLLM_DECL void from_json(const ordered_json& j, tool& t) {
    const auto& fn = j.at("function");
    t.name = fn.at("name").get<std::string>();
    t.description = fn.value("description", "");
    t.parameters = fn.value("parameters", ordered_json::object());
}

POLYLLM_DECL void to_json(ordered_json& j, const tool_choice& c) {
    switch (c.kind) {
        case tool_choice::mode::automatic: j = "auto"; break;
        case tool_choice::mode::none: j = "none"; break;
        case tool_choice::mode::required: j = "required"; break;
        case tool_choice::mode::function:
            j = {{"type", "function"}, {"function", {{"name", c.function_name}}}};
            break;
    }
}

POLYLLM_DECL void from_json(const ordered_json& j, tool_choice& c) {
    if (j.is_object()) {
        c = tool_choice::function(j.at("function").at("name").get<std::string>());
        return;
    }
    const auto s = j.get<std::string>();
    if (s == "auto") c = tool_choice::automatic();
    else if (s == "none") c = tool_choice::none();
    else if (s == "required") c = tool_choice::required();
    else throw nlohmann::json::other_error::create(501, "unknown tool_choice \"" + s + "\"", &j);
}

POLYLLM_DECL void to_json(ordered_json& j, const response_format& f) {
    switch (f.type) {
        case response_format::kind::text: j = {{"type", "text"}}; break;
        case response_format::kind::json_object: j = {{"type", "json_object"}}; break;
        case response_format::kind::json_schema:
            j = {{"type", "json_schema"},
                 {"json_schema", {{"name", f.name}, {"schema", f.schema}, {"strict", f.strict}}}};
            break;
    }
}

POLYLLM_DECL void from_json(const ordered_json& j, response_format& f) {
    const auto type = j.at("type").get<std::string>();
    if (type == "text") f = response_format{};
    else if (type == "json_object") f = response_format::json_object();
    else if (type == "json_schema") {
        const auto& s = j.at("json_schema");
        f = response_format::json_schema(s.at("name").get<std::string>(), s.value("schema", ordered_json::object()),
                                         s.value("strict", false));
    } else throw nlohmann::json::other_error::create(501, "unknown response_format type \"" + type + "\"", &j);
}

POLYLLM_DECL void to_json(ordered_json& j, const request& r) {
    j = ordered_json::object();
    j["messages"] = r.messages;
    if (!r.tools.empty()) j["tools"] = r.tools;
    if (r.tool_choice) j["tool_choice"] = *r.tool_choice;
    if (r.parallel_tool_calls) j["parallel_tool_calls"] = *r.parallel_tool_calls;
    if (r.temperature) j["temperature"] = *r.temperature;
    if (r.top_p) j["top_p"] = *r.top_p;
    if (r.max_tokens) j["max_tokens"] = *r.max_tokens;
    if (!r.stop.empty()) j["stop"] = r.stop;
    if (r.reasoning_effort) j["reasoning_effort"] = *r.reasoning_effort;
    if (r.response_format) j["response_format"] = *r.response_format;
    if (r.seed) j["seed"] = *r.seed;
    if (!r.user.empty()) j["user"] = r.user;
    if (!r.extra.empty()) j["extra"] = r.extra;
}

POLYLLM_DECL void from_json(const ordered_json& j, request& r) {
    r = request{};
    for (const auto& [key, value] : j.items()) {
        if (key == "messages") r.messages = value.get<std::vector<message>>();
        else if (key == "tools") r.tools = value.get<std::vector<tool>>();
        else if (key == "tool_choice") r.tool_choice = value.get<tool_choice>();
        else if (key == "parallel_tool_calls") r.parallel_tool_calls = value.get<bool>();
        else if (key == "temperature") r.temperature = value.get<double>();
        else if (key == "top_p") r.top_p = value.get<double>();
        else if (key == "max_tokens" || key == "max_completion_tokens") r.max_tokens = value.get<std::int64_t>();
        else if (key == "stop") r.stop = value.is_string() ? std::vector{value.get<std::string>()}
                                                            : value.get<std::vector<std::string>>();
        else if (key == "reasoning_effort") r.reasoning_effort = value.get<reasoning_effort>();
        else if (key == "response_format") r.response_format = value.get<response_format>();
        else if (key == "seed") r.seed = value.get<std::int64_t>();
        else if (key == "user") r.user = value.get<std::string>();
        else if (key == "extra") r.extra.update(value);
        else r.extra[key] = value;
    }
}

POLYLLM_DECL result<request> request_from_json(std::string_view text) {
    try {
        return ordered_json::parse(text).get<request>();
    } catch (const nlohmann::json::exception& e) {
        return error{errc::bad_request, std::string("request JSON: ") + e.what()};
    }
}

POLYLLM_NAMESPACE_END
