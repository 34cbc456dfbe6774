#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini_content_settings.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini_content_settings.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL thinking_setting thinking_for(std::string_view model, reasoning_effort e) {
    if (uses_thinking_level(model))
        return {std::nullopt, e == reasoning_effort::medium || e == reasoning_effort::high ? "high" : "low"};
    switch (e) {
        case reasoning_effort::none:
            return {gemini_thinking_cannot_stop(model) ? 128 : 0, {}};
        case reasoning_effort::minimal: return {512, {}};
        case reasoning_effort::low: return {1024, {}};
        case reasoning_effort::medium: return {8192, {}};
        case reasoning_effort::high: return {24576, {}};
    }
    return {};
}

POLYLLM_DECL std::string make_call_id(std::string_view gemini_id, std::string_view response_id, std::size_t n,
                                      std::string_view signature) {
    std::string id = !gemini_id.empty() ? std::string(gemini_id)
                     : response_id.empty()
                         ? "call_" + std::to_string(n)
                         : "call_" + std::string(response_id) + "_" + std::to_string(n);
    if (!signature.empty()) id.append(thought_separator).append(signature);
    return id;
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
