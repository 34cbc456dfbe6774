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
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

inline constexpr token_id no_token = 0xFFFFFFFFu;

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
}  // namespace detail

/// @brief Token bytes and ids, both ways. Built by `parse_tiktoken`; immutable and safe to share between threads.
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
        for (std::size_t i = std::size_t(detail::token_hash::hash_bytes(p, n, head)) & mask_;; i = (i + 1) & mask_) {
            const slot& s = table_[i];
            if (s.id == detail::no_token) return detail::no_token;
            if (s.head == head && s.length == n &&
                (n <= 8 || std::memcmp(bytes_.data() + offsets_[s.id] + 8, p + 8, n - 8) == 0))
                return s.id;
        }
    }

    /// @brief The bytes of a token; empty for an id the vocabulary does not have.
    [[nodiscard]] std::string_view bytes_of(token_id id) const noexcept {
        if (id >= lengths_.size()) return {};
        return {bytes_.data() + offsets_[id], lengths_[id]};
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
    struct slot {
        std::uint64_t head;  // the first 8 bytes, zero-padded
        token_id id;
        std::uint32_t length;
    };

    POLYLLM_DECL void insert(std::string_view token, token_id id);

    std::string bytes_;                  // every token's bytes, back to back
    std::vector<std::uint32_t> offsets_;  // by id
    std::vector<std::uint32_t> lengths_;  // by id; 0 for an id without a token
    std::vector<slot> table_;             // open addressing, linear probing, at most half full
    std::array<token_id, 256> byte_tokens_{};
    std::vector<token_id> two_byte_tokens_;  // by the two bytes, big-endian
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
    std::size_t longest_ = 0;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <bit>
#include <charconv>
#include <cstdio>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL result<vocabulary> vocabulary::parse_tiktoken(std::string_view text, std::string_view source) {
    vocabulary v;
    std::vector<std::uint32_t> line_of_id;
    std::string bytes;
    std::size_t line_number = 0;
    auto fail = [&](std::string_view what) {
        return error{errc::invalid_config,
                     std::string(source) + ":" + std::to_string(line_number) + ": " + std::string(what)};
    };
    struct entry {
        token_id id;
        std::uint32_t offset, length;
    };
    std::vector<entry> entries;
    entries.reserve(text.size() / 12);
    while (!text.empty()) {
        ++line_number;
        const auto eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty()) continue;
        const auto space = line.find(' ');
        if (space == std::string_view::npos || line.find(' ', space + 1) != std::string_view::npos)
            return fail("expected \"<base64 token> <rank>\", found \"" + std::string(line.substr(0, 60)) + "\"");
        const auto offset = bytes.size();
        if (offset + space > 0xFFFFFFFFu) return fail("the tokens add up to more than 4 GiB");
        if (!detail::strict_base64::decode(line.substr(0, space), bytes))
            return fail("the token \"" + std::string(line.substr(0, std::min<std::size_t>(space, 60))) +
                        "\" is not base64");
        const auto rank_text = line.substr(space + 1);
        std::uint64_t rank = 0;
        const auto [end, ec] = std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
        if (ec != std::errc{} || end != rank_text.data() + rank_text.size())
            return fail("the rank \"" + std::string(rank_text.substr(0, 20)) + "\" is not a number");
        if (rank >= max_id)
            return fail("the rank " + std::to_string(rank) + " is too large (ids are below " +
                        std::to_string(max_id) + ")");
        if (rank >= line_of_id.size()) line_of_id.resize(std::max<std::size_t>(rank + 1, line_of_id.size() * 2));
        if (line_of_id[rank] != 0)
            return fail("the rank " + std::to_string(rank) + " is already taken by line " +
                        std::to_string(line_of_id[rank]));
        line_of_id[rank] = std::uint32_t(line_number);
        entries.push_back({token_id(rank), std::uint32_t(offset), std::uint32_t(bytes.size() - offset)});
    }
    line_number = 0;
    if (entries.empty()) return fail("no tokens");

    token_id largest = 0;
    for (const auto& e : entries) largest = std::max(largest, e.id);
    v.bytes_ = std::move(bytes);
    v.offsets_.assign(std::size_t(largest) + 2, 0);
    v.lengths_.assign(std::size_t(largest) + 1, 0);
    for (const auto& e : entries) {
        v.offsets_[e.id] = e.offset;
        v.lengths_[e.id] = e.length;
        v.longest_ = std::max<std::size_t>(v.longest_, e.length);
    }
    v.size_ = entries.size();
    v.table_.assign(std::bit_ceil(entries.size() * 2), slot{0, detail::no_token, 0});
    v.mask_ = v.table_.size() - 1;
    v.two_byte_tokens_.assign(std::size_t(1) << 16, detail::no_token);
    for (const auto& e : entries) {
        const auto token = v.bytes_of(e.id);
        if (const auto other = v.find(token); other != detail::no_token) {
            line_number = line_of_id[e.id];
            return fail("the token is listed twice (also rank " + std::to_string(other) + ", line " +
                        std::to_string(line_of_id[other]) + ")");
        }
        v.insert(token, e.id);
    }
    for (int b = 0; b < 256; ++b) {
        const char c = char(b);
        v.byte_tokens_[std::size_t(b)] = v.find(std::string_view(&c, 1));
        if (v.byte_tokens_[std::size_t(b)] == detail::no_token) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b);
            return error{errc::invalid_config, std::string(source) + ": the byte " + hex +
                                                   " has no token of its own; byte-pair encoding needs one for "
                                                   "each of the 256 bytes"};
        }
    }
    return v;
}

POLYLLM_DECL void vocabulary::insert(std::string_view token, token_id id) {
    const auto* p = reinterpret_cast<const unsigned char*>(token.data());
    const auto head = detail::token_hash::head_of(p, token.size());
    std::size_t i = std::size_t(detail::token_hash::hash_bytes(p, token.size(), head)) & mask_;
    while (table_[i].id != detail::no_token) i = (i + 1) & mask_;
    table_[i] = {head, id, std::uint32_t(token.size())};
    if (token.size() == 2) two_byte_tokens_[std::size_t(p[0]) << 8 | p[1]] = id;
}

POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
