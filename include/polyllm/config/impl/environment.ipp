#pragma once
/// @file
/// @brief The definitions of <polyllm/config/environment.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/config/environment.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::string environment_variable_for(std::string_view key) {
    std::string out = "LLM_";
    out.reserve(out.size() + key.size());
    for (char c : key) out += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    return out;
}

namespace detail {

POLYLLM_DECL std::string quoted_for_message(std::string_view text) {
    constexpr std::size_t limit = 80;
    std::string out = "\"";
    for (char c : text.substr(0, limit)) {
        if (c == '"' || c == '\\') out += '\\';
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    }
    if (text.size() > limit) out += "...";
    out += '"';
    return out;
}

}  // namespace detail

POLYLLM_NAMESPACE_END
