#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/pretokenize.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/pretokenize.hpp>

#include <algorithm>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::vector<std::string_view> split_pieces(encoding e, std::string_view text) {
    std::vector<std::string_view> pieces;
    split_pieces(e, text, [&](std::string_view piece) { pieces.push_back(piece); });
    return pieces;
}

POLYLLM_DECL std::vector<std::string_view> split_at_piece_boundaries(std::string_view text, std::size_t parts,
                                                                       std::size_t min_bytes) {
    std::vector<std::string_view> out;
    if (min_bytes == 0) min_bytes = 1;
    parts = std::max<std::size_t>(1, std::min(parts, text.size() / min_bytes));
    const std::size_t target = text.size() / parts;
    std::size_t begin = 0;
    while (out.size() + 1 < parts) {
        const std::size_t cut = piece_safe_cut(text, begin + target);
        if (cut >= text.size() || text.size() - cut < min_bytes) break;
        out.push_back(text.substr(begin, cut - begin));
        begin = cut;
    }
    out.push_back(text.substr(begin));
    return out;
}

POLYLLM_NAMESPACE_END
