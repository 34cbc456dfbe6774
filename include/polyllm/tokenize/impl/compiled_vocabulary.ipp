#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/compiled_vocabulary.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/compiled_vocabulary.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

// An image is this header, then the tables, each at a multiple of 64 bytes:
//   table    slots x 16 bytes (vocabulary::slot: head, id, length)
//   filter   2^filter_bits / 64 words of 8 bytes
//   offsets  (ids + 1) x 4 bytes
//   lengths  ids x 4 bytes
//   bytes    every token's bytes, back to back
// all in the writing machine's byte order. The table's hashes and the filter's bits depend on token_hash and on
// vocabulary's filter layout: a change to either, or to this layout, must raise `version`.
struct vocabulary_image {
    static constexpr char magic[8] = {'p', 'o', 'l', 'y', 'v', 'o', 'c', 'b'};
    static constexpr std::uint32_t version = 1;
    static constexpr std::uint32_t byte_order_mark = 0x01020304u;

    struct header {
        char magic[8];
        std::uint32_t version, byte_order;
        std::uint64_t source_size, source_hash;
        std::uint64_t tokens, ids, slots, bytes;
        std::uint64_t reserved[2];
    };
    static_assert(sizeof(header) == 80);
    static_assert(sizeof(vocabulary::slot) == 16);

    struct layout {
        std::uint64_t table, filter, offsets, lengths, bytes, end;
    };
    static constexpr std::uint64_t filter_words = (std::uint64_t(1) << vocabulary::filter_bits) / 64;

    [[nodiscard]] static std::uint64_t aligned(std::uint64_t at) noexcept { return (at + 63) / 64 * 64; }

    // Where each table starts, for counts that are already known to be bounded (so that nothing overflows).
    [[nodiscard]] static layout layout_of(std::uint64_t ids, std::uint64_t slots, std::uint64_t bytes) noexcept {
        layout l{};
        l.table = aligned(sizeof(header));
        l.filter = aligned(l.table + slots * sizeof(vocabulary::slot));
        l.offsets = aligned(l.filter + filter_words * 8);
        l.lengths = aligned(l.offsets + (ids + 1) * 4);
        l.bytes = aligned(l.lengths + ids * 4);
        l.end = l.bytes + bytes;
        return l;
    }

    // The vocabulary points into the caller's image; only the two-byte table is rebuilt (from the table's slots of
    // length 2, while they are checked), so it is kept here, beside what keeps the image alive.
    struct storage {
        std::shared_ptr<const void> image;
        std::vector<token_id> two_byte_tokens;
    };

    static std::string compile(const vocabulary& v, vocabulary_digest source) {
        const std::uint64_t slots = v.mask_ + 1;
        const auto l = layout_of(v.ids_, slots, v.bytes_size_);
        std::string out(l.end, '\0');
        header h{};
        std::memcpy(h.magic, magic, sizeof magic);
        h.version = version;
        h.byte_order = byte_order_mark;
        h.source_size = source.size;
        h.source_hash = source.hash;
        h.tokens = v.size_;
        h.ids = v.ids_;
        h.slots = slots;
        h.bytes = v.bytes_size_;
        std::memcpy(out.data(), &h, sizeof h);
        std::memcpy(out.data() + l.table, v.table_, slots * sizeof(vocabulary::slot));
        std::memcpy(out.data() + l.filter, v.filter_, filter_words * 8);
        std::memcpy(out.data() + l.offsets, v.offsets_, (v.ids_ + 1) * 4);
        std::memcpy(out.data() + l.lengths, v.lengths_, v.ids_ * 4);
        if (v.bytes_size_) std::memcpy(out.data() + l.bytes, v.bytes_, v.bytes_size_);
        return out;
    }

    static result<vocabulary> open(std::span<const unsigned char> image, std::shared_ptr<const void> owner,
                                   vocabulary_digest source) {
        auto refuse = [](std::string_view why) {
            return error{errc::invalid_config, "the compiled vocabulary " + std::string(why)};
        };
        header h{};
        if (image.size() < sizeof h) return refuse("is too short");
        if (reinterpret_cast<std::uintptr_t>(image.data()) % 8 != 0) return refuse("is not 8-byte aligned in memory");
        std::memcpy(&h, image.data(), sizeof h);
        if (std::memcmp(h.magic, magic, sizeof magic) != 0) return refuse("is not one (no polyllm image header)");
        if (h.byte_order != byte_order_mark) return refuse("was written on a machine of another byte order");
        if (h.version != version)
            return refuse("is of format version " + std::to_string(h.version) + ", not " + std::to_string(version));
        if (h.source_size != source.size || h.source_hash != source.hash)
            return refuse("was compiled from another version of the vocabulary");
        // Bounds first, so that the layout's arithmetic cannot overflow.
        if (h.ids == 0 || h.ids > vocabulary::max_id || h.tokens == 0 || h.tokens > h.ids ||
            h.slots > (std::uint64_t(1) << 32) || !std::has_single_bit(h.slots) || h.tokens >= h.slots ||
            h.bytes > 0xFFFFFFFFu)
            return refuse("has impossible sizes");
        const auto l = layout_of(h.ids, h.slots, h.bytes);
        if (image.size() != l.end)
            return refuse("is " + std::to_string(image.size()) + " bytes, not the " + std::to_string(l.end) +
                          " its header says");

        vocabulary v;
        const auto* base = image.data();
        v.table_ = reinterpret_cast<const vocabulary::slot*>(base + l.table);
        v.filter_ = reinterpret_cast<const std::uint64_t*>(base + l.filter);
        v.offsets_ = reinterpret_cast<const std::uint32_t*>(base + l.offsets);
        v.lengths_ = reinterpret_cast<const std::uint32_t*>(base + l.lengths);
        v.bytes_ = reinterpret_cast<const char*>(base + l.bytes);
        v.ids_ = std::size_t(h.ids);
        v.bytes_size_ = std::size_t(h.bytes);
        v.mask_ = std::size_t(h.slots - 1);
        v.size_ = std::size_t(h.tokens);

        // Every token's bytes lie inside the image, and every slot names a token of its length: `find` and
        // `bytes_of` then cannot read outside it. At least one slot is empty, so that a probe ends.
        std::size_t tokens = 0;
        for (std::size_t id = 0; id < v.ids_; ++id) {
            if (v.offsets_[id] > v.bytes_size_ || v.lengths_[id] > v.bytes_size_ - v.offsets_[id])
                return refuse("has a token outside its bytes");
            if (v.lengths_[id] == 0) continue;
            ++tokens;
            v.longest_ = std::max<std::size_t>(v.longest_, v.lengths_[id]);
        }
        if (tokens != v.size_) return refuse("does not have the tokens its header says");
        auto kept = std::make_shared<storage>(storage{std::move(owner), std::vector<token_id>(1u << 16, no_token)});
        std::size_t occupied = 0;
        for (std::size_t i = 0; i <= v.mask_; ++i) {
            const auto& s = v.table_[i];
            if (s.id == no_token) continue;
            if (s.id >= v.ids_ || s.length == 0 || v.lengths_[s.id] != s.length)
                return refuse("has a table slot that names no token of its length");
            ++occupied;
            if (s.length == 2) kept->two_byte_tokens[std::size_t(s.head & 0xFF) << 8 | (s.head >> 8 & 0xFF)] = s.id;
        }
        if (occupied != v.size_) return refuse("has a table that does not hold each token once");
        v.two_byte_tokens_ = kept->two_byte_tokens.data();
        v.storage_ = std::move(kept);
        for (int b = 0; b < 256; ++b) {
            const char c = char(b);
            v.byte_tokens_[std::size_t(b)] = v.find(std::string_view(&c, 1));
            if (v.byte_tokens_[std::size_t(b)] == no_token) return refuse("lacks a token for a single byte");
        }
        return v;
    }
};

}  // namespace detail

POLYLLM_DECL vocabulary_digest digest_vocabulary_text(std::string_view text) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    return {text.size(), detail::token_hash::hash_bytes(p, text.size(), detail::token_hash::head_of(p, text.size()))};
}

POLYLLM_DECL std::string compile_vocabulary(const vocabulary& vocab, vocabulary_digest source) {
    return detail::vocabulary_image::compile(vocab, source);
}

POLYLLM_DECL result<vocabulary> open_compiled_vocabulary(std::span<const unsigned char> image,
                                                         std::shared_ptr<const void> owner, vocabulary_digest source) {
    return detail::vocabulary_image::open(image, std::move(owner), source);
}

POLYLLM_NAMESPACE_END
