#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/server_script.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/server_script.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

POLYLLM_DECL result<std::vector<scripted_reply>> parse_server_script(std::string_view text) {
    auto bad = [](std::string why) { return error{errc::invalid_config, "server script: " + std::move(why)}; };
    // Ordered, so that arguments written as an object are sent in the key order the script gives.
    const auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded()) return bad("not valid JSON");
    const nlohmann::ordered_json* list = &doc;
    if (doc.is_object() && doc.contains("replies")) list = &doc["replies"];
    if (!list->is_array()) return bad("expected an array of replies, or an object with a \"replies\" array");
    std::vector<scripted_reply> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        const std::string where = "reply " + std::to_string(i + 1) + ": ";
        if (!item.is_object()) return bad(where + "not an object");
        scripted_reply r;
        if (auto it = item.find("text"); it != item.end()) {
            if (!it->is_string()) return bad(where + "\"text\" must be a string");
            r.text = it->get<std::string>();
        }
        if (auto it = item.find("finish_reason"); it != item.end()) {
            if (!it->is_string()) return bad(where + "\"finish_reason\" must be a string");
            r.finish_reason = it->get<std::string>();
        }
        if (auto it = item.find("tool_calls"); it != item.end()) {
            if (!it->is_array()) return bad(where + "\"tool_calls\" must be an array");
            for (const auto& call : *it) {
                tool_call c;
                c.id = call.value("id", "");
                c.name = call.value("name", "");
                if (c.name.empty()) return bad(where + "a tool call needs a \"name\"");
                const auto args = call.value("arguments", nlohmann::ordered_json::object());
                c.arguments = args.is_string() ? args.get<std::string>() : args.dump();
                const auto parsed = nlohmann::json::parse(c.arguments, nullptr, false);
                if (!parsed.is_object()) return bad(where + "the arguments of " + c.name + " are not a JSON object");
                r.tool_calls.push_back(std::move(c));
            }
        }
        if (auto it = item.find("usage"); it != item.end()) {
            if (!it->is_object()) return bad(where + "\"usage\" must be an object");
            polyllm::usage u;
            u.prompt_tokens = it->value("prompt_tokens", std::int64_t{0});
            u.completion_tokens = it->value("completion_tokens", std::int64_t{0});
            u.cache_read_tokens = it->value("cache_read_tokens", std::int64_t{0});
            u.cache_write_tokens = it->value("cache_write_tokens", std::int64_t{0});
            u.reasoning_tokens = it->value("reasoning_tokens", std::int64_t{0});
            r.usage = u;
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
