#pragma once
// Small vocabularies for the tokenizer's unit tests: the 256 bytes at ranks 0-255, then the given merges in order.

#include <polyllm/polyllm.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace polyllm_test {

inline std::string base64(std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        unsigned group = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(group >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? alphabet[group & 63] : '=';
    }
    return out;
}

/// The text of a .tiktoken file: every byte, then `merges` at ranks 256, 257, ...
inline std::string tiny_tiktoken(std::initializer_list<std::string_view> merges) {
    std::string file;
    for (int b = 0; b < 256; ++b) file += base64(std::string(1, char(b))) + " " + std::to_string(b) + "\n";
    int rank = 256;
    for (auto m : merges) file += base64(m) + " " + std::to_string(rank++) + "\n";
    return file;
}

inline polyllm::vocabulary tiny_vocabulary(std::initializer_list<std::string_view> merges) {
    return polyllm::vocabulary::parse_tiktoken(tiny_tiktoken(merges), "tiny.tiktoken").value();
}

}  // namespace polyllm_test
