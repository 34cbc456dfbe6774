#pragma once
/// @file
/// @brief What a Gemini model's name says about how it is asked to think (thinking level or budget, whether
/// thinking can be turned off); part of the model knowledge of models.hpp.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

// ---------------------------------------------------------------------------------------------- Gemini model names
// What a Gemini model's name says about how it is asked to think, kept here with the rest of polyllm's model
// knowledge (the Gemini wire code asks, and decides nothing from names itself). A "provider/" prefix is ignored.

/// @brief Gemini 3 models take a thinking level ("low", "high"); earlier Gemini models a thinking token budget.
[[nodiscard]] constexpr bool gemini_takes_thinking_level(std::string_view model) noexcept {
    if (const auto slash = model.rfind('/'); slash != std::string_view::npos) model.remove_prefix(slash + 1);
    return detail::istarts_with(model, "gemini-3");
}

/// @brief Gemini's Pro models cannot turn thinking off: the least budget they take (128) is their "none".
[[nodiscard]] constexpr bool gemini_thinking_cannot_stop(std::string_view model) noexcept {
    for (std::size_t i = 0; i + 3 <= model.size(); ++i)
        if (detail::iequals(model.substr(i, 3), "pro")) return true;
    return false;
}

POLYLLM_NAMESPACE_END
