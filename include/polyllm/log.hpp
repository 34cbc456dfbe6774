#pragma once
/// @file
/// @brief The logging hook: a callable taking a level and a message. polyllm never writes to a stream of its own
/// accord except through this hook; the default hook prints warnings and errors to stderr.

#include <polyllm/version.hpp>

#include <functional>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

enum class log_level { debug, info, warning, error };

[[nodiscard]] constexpr std::string_view to_string(log_level level) noexcept {
    switch (level) {
        case log_level::debug: return "debug";
        case log_level::info: return "info";
        case log_level::warning: return "warning";
        case log_level::error: return "error";
    }
    return "info";
}

/// @brief Receives every log line. Messages never contain API keys: polyllm redacts before it logs.
using logger = std::function<void(log_level, std::string_view)>;

/// @brief The default: warnings and errors to stderr, one line each, prefixed "polyllm: ".
POLYLLM_DECL void stderr_logger(log_level level, std::string_view message);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/log.ipp>
#endif
