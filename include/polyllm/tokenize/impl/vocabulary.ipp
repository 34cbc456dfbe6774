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
    v.filter_.assign((std::size_t(1) << filter_bits) / 64, 0);
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
    const auto hash = detail::token_hash::hash_bytes(p, token.size(), head);
    for (const auto bit : {std::size_t(hash >> (64 - filter_bits)),
                           std::size_t(hash >> 24) & ((std::size_t(1) << filter_bits) - 1)})
        filter_[bit / 64] |= std::uint64_t(1) << (bit % 64);
    if (token.size() == 2) two_byte_tokens_[std::size_t(p[0]) << 8 | p[1]] = id;
}

POLYLLM_NAMESPACE_END
