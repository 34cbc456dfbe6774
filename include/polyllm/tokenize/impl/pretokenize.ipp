#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/pretokenize.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/pretokenize.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::vector<std::string_view> split_pieces(encoding e, std::string_view text) {
    std::vector<std::string_view> pieces;
    split_pieces(e, text, [&](std::string_view piece) { pieces.push_back(piece); });
    return pieces;
}

POLYLLM_NAMESPACE_END
