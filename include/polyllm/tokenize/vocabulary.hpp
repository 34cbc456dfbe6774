#pragma once
/// @file
/// @brief A byte-pair vocabulary: token bytes <-> ids, read from the `.tiktoken` format (one token per line: the
/// token's bytes in base64, a space, its rank). Parsing does no I/O; load.hpp reads the files.

#include <polyllm/error.hpp>
#include <polyllm/tokenize/detail/strict_base64.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

inline constexpr token_id no_token = 0xFFFFFFFFu;

/// @brief A hint to start loading the cache line at `p`; nothing where the compiler has no such hint.
inline void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

namespace token_hash {

[[nodiscard]] inline std::uint64_t load_u32(const unsigned char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

/// @brief The first min(n, 8) bytes as a number, zero-padded: tokens of up to 8 bytes (most of them) are compared
/// by this number alone. Overlapping reads instead of a loop; bytes read twice are the same bytes.
[[nodiscard]] inline std::uint64_t head_of(const unsigned char* p, std::size_t n) noexcept {
    if (n >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        return v;
    }
    if (n >= 4) return load_u32(p) | load_u32(p + n - 4) << ((n - 4) * 8);
    if (n > 0)
        return std::uint64_t(p[0]) | std::uint64_t(p[n / 2]) << (n / 2 * 8) | std::uint64_t(p[n - 1]) << ((n - 1) * 8);
    return 0;
}

/// @brief A fast hash of a byte string whose head is `head`.
[[nodiscard]] inline std::uint64_t hash_bytes(const unsigned char* p, std::size_t n, std::uint64_t head) noexcept {
    constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xBF58476D1CE4E5B9ull, k3 = 0x94D049BB133111EBull;
    std::uint64_t h = (head ^ (std::uint64_t(n) * k1)) * k2;
    for (std::size_t i = 8; i < n; i += 8) {
        h ^= h >> 31;
        h = (h ^ head_of(p + i, std::min<std::size_t>(n - i, 8))) * k3;
    }
    h ^= h >> 29;
    h *= k3;
    return h ^ (h >> 32);
}

}  // namespace token_hash

struct vocabulary_tables;  // below
struct vocabulary_image;   // compiled_vocabulary.hpp
}  // namespace detail

/// @brief Token bytes and ids, both ways. Built by `parse_tiktoken`, or opened from a compiled image
/// (compiled_vocabulary.hpp); immutable and safe to share between threads. Copies share the tables.
class vocabulary {
public:
    /// @brief Parses a `.tiktoken` file. `source` names it in errors, which give the line: a malformed line, an
    /// id or token listed twice, or a byte without a token of its own is `errc::invalid_config`.
    [[nodiscard]] POLYLLM_DECL static result<vocabulary> parse_tiktoken(std::string_view text,
                                                                        std::string_view source);

    /// @brief The id of a token, or `detail::no_token`.
    [[nodiscard]] token_id find(std::string_view token) const noexcept {
        const auto* p = reinterpret_cast<const unsigned char*>(token.data());
        const auto n = token.size();
        if (n == 2) return two_byte_tokens_[std::size_t(p[0]) << 8 | p[1]];  // the commonest lookup while merging
        const auto head = detail::token_hash::head_of(p, n);
        return find_hashed(p, n, head, detail::token_hash::hash_bytes(p, n, head));
    }

    /// @brief `find` for bytes whose head and hash (detail::token_hash) the caller has computed already.
    [[nodiscard]] token_id find_hashed(const unsigned char* p, std::size_t n, std::uint64_t head,
                                       std::uint64_t hash) const noexcept {
        if (!maybe_present(hash)) return detail::no_token;
        for (std::size_t i = std::size_t(hash) & mask_;; i = (i + 1) & mask_) {
            const slot& s = table_[i];
            if (s.id == detail::no_token) return detail::no_token;
            if (s.head == head && s.length == n &&
                (n <= 8 || std::memcmp(bytes_ + offsets_[s.id] + 8, p + 8, n - 8) == 0))
                return s.id;
        }
    }

    /// @brief Asks the CPU to start loading what `find_hashed` with this hash will read first.
    void prefetch(std::uint64_t hash) const noexcept {
        detail::prefetch(&table_[std::size_t(hash) & mask_]);
        detail::prefetch(&filter_[filter_word(hash)]);
    }

    /// @brief The bytes of a token; empty for an id the vocabulary does not have.
    [[nodiscard]] std::string_view bytes_of(token_id id) const noexcept {
        if (id >= ids_) return {};
        return {bytes_ + offsets_[id], lengths_[id]};
    }

    /// @brief The id of the one-byte token.
    [[nodiscard]] token_id byte_token(unsigned char b) const noexcept { return byte_tokens_[b]; }

    /// @brief The number of tokens.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// @brief The length in bytes of the longest token: a longer piece cannot be one token.
    [[nodiscard]] std::size_t longest_token() const noexcept { return longest_; }

    /// @brief Ids are below this bound, so that a corrupt file cannot make the tables huge.
    static constexpr std::uint64_t max_id = 1u << 24;

private:
    friend struct detail::vocabulary_tables;
    friend struct detail::vocabulary_image;

    struct slot {
        std::uint64_t head;  // the first 8 bytes, zero-padded
        token_id id;
        std::uint32_t length;
    };

    // Two bits of a Bloom filter per token, from hash bits that the table's index does not use. While merging,
    // most lookups are of byte strings that are not tokens; the filter (256 KiB, so it stays in the CPU's L2
    // cache) answers nearly all of those without touching the table (megabytes, so each probe is a cache miss).
    // Both bits are in one 64-bit word (a blocked filter): one memory access per lookup instead of two, for a
    // few more false positives.
    static constexpr unsigned filter_bits = 21;
    [[nodiscard]] bool maybe_present(std::uint64_t hash) const noexcept {
        const auto mask = filter_mask(hash);
        return (filter_[filter_word(hash)] & mask) == mask;
    }

    [[nodiscard]] static std::size_t filter_word(std::uint64_t hash) noexcept {  // from the top bits
        return std::size_t(hash >> (64 - filter_bits + 6));
    }
    [[nodiscard]] static std::uint64_t filter_mask(std::uint64_t hash) noexcept {
        return std::uint64_t(1) << (hash >> 24 & 63) | std::uint64_t(1) << (hash >> 30 & 63);
    }

    // The tables are read through plain pointers, wherever they live: in vectors that parsing filled, or in a
    // compiled image mapped from a file. `storage_` keeps whichever it is alive.
    std::shared_ptr<const void> storage_;
    const char* bytes_ = nullptr;              // every token's bytes, back to back
    const std::uint32_t* offsets_ = nullptr;   // by id, ids_ + 1 of them
    const std::uint32_t* lengths_ = nullptr;   // by id; 0 for an id without a token
    const slot* table_ = nullptr;              // open addressing, linear probing, at most half full
    const token_id* two_byte_tokens_ = nullptr;  // by the two bytes, big-endian: 65,536
    const std::uint64_t* filter_ = nullptr;      // see maybe_present
    std::array<token_id, 256> byte_tokens_{};
    std::size_t bytes_size_ = 0;
    std::size_t ids_ = 0;  // one more than the largest id
    std::size_t mask_ = 0;  // the table's size, less one
    std::size_t size_ = 0;
    std::size_t longest_ = 0;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/vocabulary.ipp>
#endif
