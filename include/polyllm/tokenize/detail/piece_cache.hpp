#pragma once
/// @file
/// @brief A cache of recently encoded pieces for one encode call: real text repeats its words, and a repeated
/// piece then costs one probe into a table that stays in the CPU cache, instead of a probe into the vocabulary's
/// megabytes (a cache miss) and, for a piece that is not itself a token, the byte-pair merges again.
///
/// Direct-mapped and keyed by the piece's bytes: an entry points at the piece's earlier occurrence in the text
/// being encoded (alive for the whole call) and holds its ids, so a hit is compared byte for byte and the ids are
/// exactly what merging would give. Each piece costs O(1) more at most, so encoding stays linear.

#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class piece_cache {
public:
    /// @brief Texts shorter than this are encoded without a cache: setting one up would cost more than it saves.
    static constexpr std::size_t min_text = 16 * 1024;
    /// @brief Longer pieces, or pieces of more ids, are not cached (rare, and they would make every entry larger).
    static constexpr std::size_t max_piece = 48;
    static constexpr std::size_t max_ids = 6;

    struct entry {
        std::uint64_t head = 0;  // token_hash::head_of the piece: compares pieces of up to 8 bytes alone
        const unsigned char* bytes = nullptr;
        std::uint8_t length = 0;  // 0: empty
        std::uint8_t count = 0;
        token_id ids[max_ids];
    };

    /// @brief A cache for a text of `text_size` bytes: an entry per 64 bytes of text, between 4096 and 262,144
    /// entries (192 KiB to 12 MiB). Text in many languages has many distinct words; a cache that holds them all
    /// makes multilingual text about a third faster than 4096 entries do, and zeroing it costs little beside
    /// encoding the text. (For the 10 MB mixed corpus of docs/tokenizer.md, 262,144 entries count o200k_base 6%
    /// faster than 65,536 did, and cl100k_base no slower.)
    explicit piece_cache(std::size_t text_size)
        : bits_(unsigned(std::clamp<std::size_t>(std::size_t(std::bit_width(text_size / 64)), 12, 18))),
          entries_(std::size_t(1) << bits_) {}

    /// @brief The entry for a piece whose hash is `hash`: a hit when `matches` says so, else the one to replace.
    [[nodiscard]] entry& slot(std::uint64_t hash) noexcept { return entries_[std::size_t(hash >> (64 - bits_))]; }

    [[nodiscard]] static bool matches(const entry& e, const unsigned char* p, std::size_t n,
                                      std::uint64_t head) noexcept {
        return e.length == n && e.head == head && (n <= 8 || std::memcmp(e.bytes + 8, p + 8, n - 8) == 0);
    }

private:
    unsigned bits_;
    std::vector<entry> entries_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
