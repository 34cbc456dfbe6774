#pragma once
// Text cut into pieces of `size` bytes, the last one shorter when `size` does not divide it, as successive reads
// might deliver a response: copies for a scripted transport to send, or views into `text` for a parser to take.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polyllm_test {

template <class Piece = std::string>
std::vector<Piece> pieces(std::string_view text, std::size_t size) {
    std::vector<Piece> out;
    for (std::size_t at = 0; at < text.size(); at += size) out.emplace_back(text.substr(at, size));
    return out;
}

}  // namespace polyllm_test
