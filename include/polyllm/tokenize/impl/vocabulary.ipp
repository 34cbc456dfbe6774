#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/vocabulary.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/vocabulary.hpp>

#include <bit>
#include <charconv>
#include <cstdio>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

// The tables of a parsed vocabulary, in vectors; the vocabulary points into them and shares their ownership.
struct vocabulary_tables {
    std::string bytes;
    std::vector<std::uint32_t> offsets, lengths;
    std::vector<vocabulary::slot> table;
    std::vector<token_id> two_byte_tokens;
    std::vector<std::uint64_t> filter;

    // Adds a token, or returns the id of the token with the same bytes (no_token when there is none), in one
    // walk of the probe sequence: loading o200k_base is 200,000 of these.
    token_id insert(std::string_view token, token_id id, std::uint64_t hash) {
        const auto* p = reinterpret_cast<const unsigned char*>(token.data());
        const auto n = token.size();
        const auto head = token_hash::head_of(p, n);
        const std::size_t mask = table.size() - 1;
        std::size_t i = std::size_t(hash) & mask;
        for (; table[i].id != no_token; i = (i + 1) & mask) {
            const auto& s = table[i];
            if (s.head == head && s.length == n &&
                (n <= 8 || std::memcmp(bytes.data() + offsets[s.id] + 8, p + 8, n - 8) == 0))
                return s.id;
        }
        table[i] = {head, id, std::uint32_t(n)};
        filter[vocabulary::filter_word(hash)] |= vocabulary::filter_mask(hash);
        if (n == 2) two_byte_tokens[std::size_t(p[0]) << 8 | p[1]] = id;
        return no_token;
    }

    // Points `v` at these tables, which it then co-owns.
    static void adopt(vocabulary& v, std::shared_ptr<vocabulary_tables> t) {
        v.bytes_ = t->bytes.data();
        v.bytes_size_ = t->bytes.size();
        v.offsets_ = t->offsets.data();
        v.lengths_ = t->lengths.data();
        v.ids_ = t->lengths.size();
        v.table_ = t->table.data();
        v.mask_ = t->table.size() - 1;
        v.two_byte_tokens_ = t->two_byte_tokens.data();
        v.filter_ = t->filter.data();
        v.storage_ = std::move(t);
    }
};

}  // namespace detail

POLYLLM_DECL result<vocabulary> vocabulary::parse_tiktoken(std::string_view text, std::string_view source) {
    vocabulary v;
    auto t = std::make_shared<detail::vocabulary_tables>();
    std::vector<std::uint32_t> line_of_id;
    std::string& bytes = t->bytes;
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
    bytes.reserve(text.size() / 2);  // base64 is 4/3 of the bytes, and each line has a rank too
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
    t->offsets.assign(std::size_t(largest) + 2, std::uint32_t(bytes.size()));
    t->lengths.assign(std::size_t(largest) + 1, 0);
    for (const auto& e : entries) {
        t->offsets[e.id] = e.offset;
        t->lengths[e.id] = e.length;
        v.longest_ = std::max<std::size_t>(v.longest_, e.length);
    }
    v.size_ = entries.size();
    t->table.assign(std::bit_ceil(entries.size() * 2), slot{0, detail::no_token, 0});
    const std::size_t mask = t->table.size() - 1;
    t->two_byte_tokens.assign(std::size_t(1) << 16, detail::no_token);
    t->filter.assign((std::size_t(1) << filter_bits) / 64, 0);
    // The tokens go into the table in the order of their home slots, not of their ids: a counting sort by the
    // slot's top bits makes the inserts a walk along the table (megabytes) instead of a cache miss each, which
    // was half of the load time. The sort is stable, so of two equal tokens the later line is the one reported.
    std::vector<std::uint64_t> hashes(entries.size());
    const auto table_bits = unsigned(std::countr_zero(t->table.size()));
    const unsigned bucket_shift = table_bits - std::min(12u, table_bits);
    std::vector<std::uint32_t> order(entries.size()), bucket_end((mask >> bucket_shift) + 2, 0);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + entries[k].offset;
        const auto n = entries[k].length;
        hashes[k] = detail::token_hash::hash_bytes(p, n, detail::token_hash::head_of(p, n));
        ++bucket_end[((std::size_t(hashes[k]) & mask) >> bucket_shift) + 1];
    }
    for (std::size_t b = 1; b < bucket_end.size(); ++b) bucket_end[b] += bucket_end[b - 1];
    for (std::size_t k = 0; k < entries.size(); ++k)
        order[bucket_end[(std::size_t(hashes[k]) & mask) >> bucket_shift]++] = std::uint32_t(k);
    for (const auto k : order) {
        const auto& e = entries[k];
        const std::string_view token(bytes.data() + e.offset, e.length);
        if (const auto other = t->insert(token, e.id, hashes[k]); other != detail::no_token) {
            line_number = line_of_id[e.id];
            return fail("the token is listed twice (also rank " + std::to_string(other) + ", line " +
                        std::to_string(line_of_id[other]) + ")");
        }
    }
    detail::vocabulary_tables::adopt(v, std::move(t));
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

POLYLLM_NAMESPACE_END
