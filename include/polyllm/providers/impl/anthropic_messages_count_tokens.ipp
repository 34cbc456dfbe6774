#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic_messages_count_tokens.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic_messages_count_tokens.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

namespace detail {
// What count_tokens takes besides model and messages (the documented body, beta fields included); the rest of a
// Messages body (max_tokens, temperature, top_p, top_k, stop_sequences, metadata, stream, ...) it refuses.
inline constexpr std::array<std::string_view, 10> count_tokens_fields{
    "messages",    "system",        "tools",         "tool_choice", "thinking",
    "output_config", "output_format", "cache_control", "mcp_servers", "context_management"};
}  // namespace detail

POLYLLM_DECL result<void> write_count_tokens_body(std::string& out, const request& r, const llm_config& cfg,
                                                  std::string_view model, const model_traits& traits) {
    // Written whole first: the same checks and the same blocks as a call, then cut, so nothing is written twice.
    auto whole = body_json(r, cfg, model, traits, false);
    if (!whole) return std::move(whole).error();
    nlohmann::ordered_json body = nlohmann::ordered_json::object();
    // extra's model, when it names one, as in a call.
    body["model"] = whole.value().contains("model") ? whole.value()["model"] : nlohmann::ordered_json(model);
    for (auto& [key, value] : whole.value().items())
        if (std::find(detail::count_tokens_fields.begin(), detail::count_tokens_fields.end(), key) !=
            detail::count_tokens_fields.end())
            body[key] = std::move(value);
    out += body.dump();
    return success();
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
