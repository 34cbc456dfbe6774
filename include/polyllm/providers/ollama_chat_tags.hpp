#pragma once
/// @file
/// @brief The models an Ollama server has, from its `GET /api/tags` answer (`{"models": [{"name", "model", "size",
/// "details", ...}]}`), for `polyllm models --provider ollama_chat --base-url URL`. No I/O.

#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

/// @brief The names the answer lists (`name`, else `model`), in its order; empty for any other shape.
[[nodiscard]] inline std::vector<std::string> model_names(const nlohmann::json& tags) {
    std::vector<std::string> names;
    const auto models = tags.is_object() ? tags.find("models") : tags.end();
    if (!tags.is_object() || models == tags.end() || !models->is_array()) return names;
    for (const auto& m : *models) {
        if (!m.is_object()) continue;
        for (const char* key : {"name", "model"})
            if (const auto it = m.find(key); it != m.end() && it->is_string()) {
                names.push_back(it->get<std::string>());
                break;
            }
    }
    return names;
}

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END
