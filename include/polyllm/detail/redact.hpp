#pragma once
/// @file
/// @brief Removing a secret's value from text that may be shown: error messages, logs, echoed request bodies.

#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view redacted_marker = "[redacted]";

/// @brief Replaces every occurrence of `secret` in `text` with "[redacted]". An empty secret changes nothing.
inline void redact(std::string& text, std::string_view secret) {
    if (secret.empty()) return;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + redacted_marker.size()))
        text.replace(pos, secret.size(), redacted_marker);
}

}  // namespace detail
POLYLLM_NAMESPACE_END
