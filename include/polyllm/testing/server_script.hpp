#pragma once
/// @file
/// @brief The scripted replies of polyllm-local-server (its --script file): what each answer says, in order,
/// instead of echoing the last user message. Read without I/O; the responder is testing/local_replies.hpp.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief One scripted answer. `finish_reason` is in OpenAI's terms (stop, length, tool_calls, content_filter) and
/// translated for Anthropic; empty means tool_calls when there are calls, else stop.
struct scripted_reply {
    std::string text;
    std::vector<tool_call> tool_calls;  ///< `arguments` must be a JSON object's text
    std::optional<polyllm::usage> usage;
    std::string finish_reason;
};

/// @brief Reads a --script file: a JSON array of replies (or an object with a "replies" array), each
/// `{"text", "tool_calls": [{"id", "name", "arguments"}], "usage": {"prompt_tokens", "completion_tokens", ...},
/// "finish_reason"}`, every field optional. `arguments` may be given as a JSON object or as its text.
[[nodiscard]] POLYLLM_DECL result<std::vector<scripted_reply>> parse_server_script(std::string_view text);

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
