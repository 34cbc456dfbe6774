#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/context_window.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/context_window.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

POLYLLM_DECL bool mentions_context_window(std::string_view message) { return mentions_context_window(message, {}); }

POLYLLM_DECL bool mentions_context_window(std::string_view message,
                                          std::initializer_list<std::string_view> more_phrases) {
    const auto lower = polyllm::detail::to_lower(message);
    for (auto phrase : context_window_phrases)
        if (lower.find(phrase) != std::string::npos) return true;
    for (auto phrase : more_phrases)
        if (lower.find(phrase) != std::string::npos) return true;
    return false;
}

}  // namespace wire
POLYLLM_NAMESPACE_END
