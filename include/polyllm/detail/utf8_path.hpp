#pragma once
/// @file
/// @brief File paths to and from UTF-8 text. Configuration values and messages are UTF-8, but on Windows a
/// `std::filesystem::path` made from a `std::string` reads it in the ANSI code page, and `path::string()` converts
/// back to it (throwing for a character the code page lacks); the `char8_t` forms are UTF-8 on every platform.

#include <polyllm/version.hpp>

#include <filesystem>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

[[nodiscard]] inline std::filesystem::path path_from_utf8(std::string_view text) {
    return std::filesystem::path(std::u8string(text.begin(), text.end()));
}

[[nodiscard]] inline std::string utf8_from_path(const std::filesystem::path& path) {
    const std::u8string text = path.u8string();
    return std::string(text.begin(), text.end());
}

}  // namespace detail
POLYLLM_NAMESPACE_END
