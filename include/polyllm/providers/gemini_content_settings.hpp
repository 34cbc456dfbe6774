#pragma once
/// @file
/// @brief What shapes a Gemini body and is shared by its reading: what the model takes (model_traits), how a
/// reasoning effort is said to it, and the ids polyllm gives Gemini's function calls (with their thought signatures).

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/models.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

// ---------------------------------------------------------------------------------------------- settings

/// @brief What the model tables say about the model, decided by the provider and passed in, so that the wire code
/// does no lookups and can be tested with any values.
struct model_traits {
    bool thinking = false;        ///< the model takes a thinking configuration (the reasoning_effort capability)
    bool include_thoughts = true;  ///< ask for thought summaries when thinking is configured (gemini::options)
    /// Send schemas as JSON Schema, unchanged (`parametersJsonSchema`, `responseJsonSchema`), instead of translated
    /// to Gemini's Schema (gemini::options::schema_passthrough).
    bool schema_passthrough = false;
};

/// @brief How a reasoning effort is said to a Gemini model: Gemini 3 takes a thinking level, earlier models a
/// token budget. Levels: none, minimal and low are "low", medium and high are "high" (the two levels every Gemini 3
/// model takes; Gemini 3 cannot turn thinking off). Budgets: none 0 (off; 128, the least, for the Pro models, which
/// cannot turn it off), minimal 512, low 1024, medium 8192, high 24576.
struct thinking_setting {
    std::optional<std::int64_t> budget;
    std::string level;
};

/// @brief Whether the model takes a thinking level rather than a budget (the model tables say: models.hpp).
[[nodiscard]] constexpr bool uses_thinking_level(std::string_view model) noexcept {
    return gemini_takes_thinking_level(model);
}

[[nodiscard]] POLYLLM_DECL thinking_setting thinking_for(std::string_view model, reasoning_effort e);

// ---------------------------------------------------------------------------------------------- tool call ids

/// Gemini's function calls carry no id (the Developer API leaves `id` empty), so polyllm makes one:
/// `call_<responseId>_<n>`, n counting the response's calls from 0, or Gemini's own id when it sent one. The call's
/// thought signature, which must go back with it, rides on the id after this separator (the convention LiteLLM and
/// gateways use), so that it survives any code that keeps tool calls by id.
inline constexpr std::string_view thought_separator = "__thought__";

[[nodiscard]] POLYLLM_DECL std::string make_call_id(std::string_view gemini_id, std::string_view response_id,
                                                    std::size_t n, std::string_view signature);

/// @brief The thought signature carried by a tool call id, or an empty view.
[[nodiscard]] inline std::string_view signature_of(std::string_view call_id) noexcept {
    const auto at = call_id.find(thought_separator);
    return at == std::string_view::npos ? std::string_view{} : call_id.substr(at + thought_separator.size());
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/gemini_content_settings.ipp>
#endif
