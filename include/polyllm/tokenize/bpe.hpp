#pragma once
/// @file
/// @brief Byte-pair merging of one piece: repeatedly join the adjacent pair of parts whose concatenation has the
/// lowest rank (the leftmost of equals), as tiktoken does, until no pair is a token.
///
/// tiktoken rescans every pair after each merge, which is quadratic in the piece's length: a megabyte of `^` is
/// one piece and takes hours. Short pieces (nearly all of them) are merged the same way here, in arrays on the
/// stack; longer ones keep their parts in a linked list and their pairs in a priority queue ordered by (rank,
/// position), so each merge costs O(log n) and the result is the same.

#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief Pieces up to this many bytes are merged by rescanning; longer ones through the priority queue.
inline constexpr std::size_t short_piece_limit = 128;

template <class Emit>
void merge_short_piece(const vocabulary& vocab, std::string_view piece, Emit& emit) {
    // Each part's start, own id, and the id of it joined with the next part (or no_token), in separate arrays:
    // finding the lowest rank is then a loop over one array of integers, which the compiler vectorizes, and
    // the leftmost position of that rank a second such loop.
    const std::size_t n = piece.size();
    std::uint32_t start[short_piece_limit + 1];
    token_id token[short_piece_limit], rank[short_piece_limit];
    for (std::size_t i = 0; i < n; ++i) {
        start[i] = std::uint32_t(i);
        token[i] = vocab.byte_token(static_cast<unsigned char>(piece[i]));
        rank[i] = i + 1 < n ? vocab.find(piece.substr(i, 2)) : no_token;
    }
    start[n] = std::uint32_t(n);
    std::size_t count = n;  // parts; rank[count - 1] is always no_token
    auto pair_rank = [&](std::size_t i) {
        if (i + 2 > count) return no_token;
        return vocab.find(piece.substr(start[i], start[i + 2] - start[i]));
    };
    for (;;) {
        token_id best = no_token;
        for (std::size_t i = 0; i + 1 < count; ++i) best = std::min(best, rank[i]);
        if (best == no_token) break;
        std::size_t at = 0;
        while (rank[at] != best) ++at;
        token[at] = best;
        for (std::size_t i = at + 1; i + 1 < count; ++i) {
            token[i] = token[i + 1];
            rank[i] = rank[i + 1];
            start[i] = start[i + 1];
        }
        start[count - 1] = start[count];
        --count;
        rank[at] = pair_rank(at);
        if (at > 0) rank[at - 1] = pair_rank(at - 1);
    }
    for (std::size_t i = 0; i < count; ++i) emit(token[i]);
}

template <class Emit>
void merge_long_piece(const vocabulary& vocab, std::string_view piece, Emit& emit) {
    const auto n = std::uint32_t(piece.size());
    constexpr std::uint32_t none = 0xFFFFFFFFu;
    // Parts are named by their first byte; a part ends where the next begins.
    std::vector<std::uint32_t> next(n), prev(n);
    std::vector<token_id> token(n), pair_rank(n);
    std::vector<std::uint64_t> queue;  // (rank << 32 | start), a min-heap; stale entries are skipped
    queue.reserve(n);
    auto end_of = [&](std::uint32_t i) { return i == none || next[i] == none ? n : next[i]; };
    for (std::uint32_t i = 0; i < n; ++i) {
        next[i] = i + 1 < n ? i + 1 : none;
        prev[i] = i > 0 ? i - 1 : none;
        token[i] = vocab.byte_token(static_cast<unsigned char>(piece[i]));
        pair_rank[i] = i + 1 < n ? vocab.find(piece.substr(i, 2)) : no_token;
        if (pair_rank[i] != no_token) queue.push_back(std::uint64_t(pair_rank[i]) << 32 | i);
    }
    std::greater<> later;
    std::make_heap(queue.begin(), queue.end(), later);
    auto update = [&](std::uint32_t i) {
        pair_rank[i] = next[i] == none ? no_token : vocab.find(piece.substr(i, end_of(next[i]) - i));
        if (pair_rank[i] != no_token) {
            queue.push_back(std::uint64_t(pair_rank[i]) << 32 | i);
            std::push_heap(queue.begin(), queue.end(), later);
        }
    };
    while (!queue.empty()) {
        std::pop_heap(queue.begin(), queue.end(), later);
        const auto top = queue.back();
        queue.pop_back();
        const auto i = std::uint32_t(top), rank = token_id(top >> 32);
        if (pair_rank[i] != rank || token[i] == no_token) continue;  // merged away or re-ranked since
        const auto j = next[i];
        token[i] = rank;
        token[j] = no_token;
        next[i] = next[j];
        if (next[j] != none) prev[next[j]] = i;
        update(i);
        if (prev[i] != none) update(prev[i]);
    }
    for (std::uint32_t i = 0; i != none; i = next[i]) emit(token[i]);
}

/// @brief Pieces from this many bytes on are merged rank by rank (merge_huge_piece) when the vocabulary allows.
inline constexpr std::size_t huge_piece_limit = 4096;

// Merging rank by rank, for very long pieces: all pairs of the lowest pending rank, left to right, then the next
// rank. This is the same order as tiktoken's when a merge only ever creates pairs of higher rank than its own,
// which holds for OpenAI's vocabularies; the lists of positions are then appended mostly in order, so there is
// no priority queue to keep. Returns false, having emitted nothing, when a merge creates a lower-ranked pair: the
// caller then merges with the priority queue instead.
template <class Emit>
bool merge_huge_piece(const vocabulary& vocab, std::string_view piece, Emit& emit) {
    const auto n = std::uint32_t(piece.size());
    constexpr std::uint32_t none = 0xFFFFFFFFu, merged_away = 0xFFFFFFFEu;
    std::vector<std::uint32_t> next(n), prev(n);
    std::vector<token_id> pair_rank(n);
    struct level {
        std::vector<std::uint32_t> positions;
        bool sorted = true;
    };
    std::unordered_map<token_id, level> levels;
    std::vector<token_id> pending;  // ranks with a level, as a min-heap
    std::greater<> later;
    token_id current = 0;
    auto schedule = [&](std::uint32_t at, token_id rank) {
        auto [it, added] = levels.try_emplace(rank);
        if (added) {
            pending.push_back(rank);
            std::push_heap(pending.begin(), pending.end(), later);
        }
        auto& l = it->second;
        if (!l.positions.empty() && at < l.positions.back()) l.sorted = false;
        l.positions.push_back(at);
    };
    auto end_of = [&](std::uint32_t i) { return next[i] == none ? n : next[i]; };
    for (std::uint32_t i = 0; i < n; ++i) {
        next[i] = i + 1 < n ? i + 1 : none;
        prev[i] = i > 0 ? i - 1 : none;
        pair_rank[i] = i + 1 < n ? vocab.find(piece.substr(i, 2)) : no_token;
        if (pair_rank[i] != no_token) schedule(i, pair_rank[i]);
    }
    auto rerank = [&](std::uint32_t i) {
        pair_rank[i] = next[i] == none ? no_token : vocab.find(piece.substr(i, end_of(next[i]) - i));
        if (pair_rank[i] == no_token) return true;
        if (pair_rank[i] <= current) return false;
        schedule(i, pair_rank[i]);
        return true;
    };
    while (!pending.empty()) {
        std::pop_heap(pending.begin(), pending.end(), later);
        current = pending.back();
        pending.pop_back();
        auto positions = std::move(levels.extract(current).mapped());
        if (!positions.sorted) std::sort(positions.positions.begin(), positions.positions.end());
        for (const auto i : positions.positions) {
            if (prev[i] == merged_away || pair_rank[i] != current) continue;  // merged or re-ranked since
            const auto j = next[i];
            next[i] = next[j];
            if (next[j] != none) prev[next[j]] = i;
            prev[j] = merged_away;
            if (!rerank(i) || (prev[i] != none && !rerank(prev[i]))) return false;
        }
    }
    for (std::uint32_t i = 0; i != none; i = next[i]) emit(vocab.find(piece.substr(i, end_of(i) - i)));
    return true;
}

/// @brief Pieces longer than this (positions are 32-bit) are merged a gigabyte at a time, the one place where the
/// ids may differ from tiktoken's, which could not encode such a piece in any case.
inline constexpr std::size_t giant_piece_limit = std::size_t(1) << 30;

/// @brief Emits the ids of one piece that is not itself a token.
template <class Emit>
void merge_piece(const vocabulary& vocab, std::string_view piece, Emit& emit) {
    if (piece.size() > giant_piece_limit) {
        for (std::size_t at = 0; at < piece.size(); at += giant_piece_limit)
            merge_piece(vocab, piece.substr(at, giant_piece_limit), emit);
        return;
    }
    if (piece.size() <= short_piece_limit) merge_short_piece(vocab, piece, emit);
    else if (piece.size() < huge_piece_limit || !merge_huge_piece(vocab, piece, emit))
        merge_long_piece(vocab, piece, emit);
}

}  // namespace detail
POLYLLM_NAMESPACE_END
