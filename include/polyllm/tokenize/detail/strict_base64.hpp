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
#include <polyllm/tokenize/detail/impl/strict_base64.ipp>
#endif
