#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini_content_count_tokens.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini_content_count_tokens.hpp>

#include <nlohmann/json.hpp>

#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL result<void> write_count_tokens_body(std::string& out, const request& r, const llm_config& cfg,
                                                  std::string_view model, const model_traits& traits,
                                                  count_tokens_form form) {
    // Written whole first, with the same checks as a call, then reshaped.
    std::string text;
    if (auto written = write_body(text, r, cfg, model, traits); !written) return std::move(written).error();
    auto whole = nlohmann::ordered_json::parse(text, nullptr, false);
    if (!whole.is_object()) return error{errc::bad_request, "the request body could not be read back to reshape it"};
    nlohmann::ordered_json body = nlohmann::ordered_json::object();
    if (form == count_tokens_form::vertex_ai) {
        // Vertex documents these four; toolConfig and safetySettings it does not take.
        for (auto& [key, value] : whole.items())
            if (key == "contents" || key == "systemInstruction" || key == "tools" || key == "generationConfig")
                body[key] = std::move(value);
    } else if (whole.size() == 1 && whole.contains("contents")) {
        body["contents"] = std::move(whole["contents"]);
    } else {
        // A system instruction, tools or settings count too: only a whole generateContentRequest carries them.
        nlohmann::ordered_json inner = nlohmann::ordered_json::object();
        inner["model"] = "models/" + std::string(model);
        for (auto& [key, value] : whole.items()) inner[key] = std::move(value);
        body["generateContentRequest"] = std::move(inner);
    }
    out += body.dump();
    return success();
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
