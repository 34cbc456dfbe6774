#pragma once
/// @file
/// @brief Strict standard base64 decoding (RFC 4648 alphabet, '=' padding required), for the token column of
/// .tiktoken files. Named apart from any general-purpose base64 helper, which may be lenient where this is not.

#include <polyllm/version.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail::strict_base64 {

inline constexpr std::array<std::int8_t, 256> decoding_table = [] {
    std::array<std::int8_t, 256> table{};
    table.fill(-1);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = std::int8_t(i);
    return table;
}();

/// @brief Appends the decoded bytes of `text` to `out`; false when `text` is not canonical padded base64.
[[nodiscard]] POLYLLM_DECL bool decode(std::string_view text, std::string& out);

/// @brief The decoded bytes, or nullopt.
[[nodiscard]] POLYLLM_DECL std::optional<std::string> decode(std::string_view text);

}  // namespace detail::strict_base64
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace detail::strict_base64 {

POLYLLM_DECL bool decode(std::string_view text, std::string& out) {
    if (text.empty() || text.size() % 4 != 0) return false;
    const std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            std::int8_t value = decoding_table[static_cast<unsigned char>(c)];
            if (c == '=' && last && j >= 4 - padding) value = 0;
            if (value < 0) return false;
            group = group << 6 | std::uint32_t(value);
        }
        const std::size_t bytes = last ? 3 - padding : 3;
        // Bits that padding discards must be zero, or two spellings would decode to the same bytes.
        if (last && padding && (group & ((1u << (8 * padding)) - 1)) != 0) return false;
        for (std::size_t k = 0; k < bytes; ++k) out.push_back(char((group >> (16 - 8 * k)) & 0xFF));
    }
    return true;
}

POLYLLM_DECL std::optional<std::string> decode(std::string_view text) {
    std::string out;
    if (!decode(text, out)) return std::nullopt;
    return out;
}

}  // namespace detail::strict_base64
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
