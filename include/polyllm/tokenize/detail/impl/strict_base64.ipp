#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/detail/strict_base64.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/detail/strict_base64.hpp>

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
