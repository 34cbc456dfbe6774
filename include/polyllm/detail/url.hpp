#pragma once
/// @file
/// @brief Joining a base URL and an endpoint path, as providers need it.

#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief "https://host/v1/" + "/chat/completions" -> "https://host/v1/chat/completions": exactly one slash.
[[nodiscard]] inline std::string join_url(std::string_view base, std::string_view path) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::string out;
    out.reserve(base.size() + 1 + path.size());
    out.append(base).append("/").append(path);
    return out;
}

/// @brief The model name a provider's API expects: without the "provider/" prefix polyllm uses to pick it.
[[nodiscard]] constexpr std::string_view wire_model(std::string_view model, std::string_view provider) noexcept {
    if (model.size() > provider.size() && model.starts_with(provider) && model[provider.size()] == '/')
        return model.substr(provider.size() + 1);
    return model;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
