#pragma once
/// @file
/// @brief The pre-tokenizer: splits text into the pieces that byte-pair encoding works on, exactly as tiktoken's
/// regular expressions do. Written by hand, one branch per alternative of the published patterns:
///
/// cl100k_base:
///     (?i:'s|'t|'re|'ve|'m|'ll|'d) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,3} | ?[^\s\p{L}\p{N}]+[\r\n]*
///     | \s*[\r\n]+ | \s+(?!\S) | \s+
/// o200k_base:
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     | [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     | \p{N}{1,3} | ?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
///
/// The patterns are matched the way a backtracking engine does (alternatives in order, greedy quantifiers giving
/// back one character at a time); each branch below computes the match that search would find, without
/// backtracking. `\s` is Unicode White_Space; the character classes come from detail/unicode_tables.hpp.

#include <polyllm/tokenize/detail/unicode_tables.hpp>
#include <polyllm/tokenize/detail/utf8.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/version.hpp>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief A character as the patterns see it: its class, with \r and \n apart from the other White_Space.
enum class char_kind : std::uint8_t { other, upper, lower, caseless, mark, number, space, newline };

struct scanned_char {
    char_kind kind;
    unsigned length;
};

[[nodiscard]] constexpr char_kind kind_of_class(unicode::char_class c) noexcept {
    return static_cast<char_kind>(static_cast<std::uint8_t>(c));  // the first seven values coincide
}

inline constexpr std::array<char_kind, 128> ascii_kinds = [] {
    std::array<char_kind, 128> kinds{};
    for (char32_t c = 0; c < 128; ++c) kinds[c] = kind_of_class(unicode::class_of(c));
    kinds['\r'] = kinds['\n'] = char_kind::newline;
    return kinds;
}();

static_assert(static_cast<int>(unicode::char_class::space) == static_cast<int>(char_kind::space) &&
                  static_cast<int>(unicode::char_class::number) == static_cast<int>(char_kind::number),
              "char_kind must extend unicode::char_class value for value");

[[nodiscard]] constexpr bool is_letter(char_kind k) noexcept {
    return k == char_kind::upper || k == char_kind::lower || k == char_kind::caseless;
}
[[nodiscard]] constexpr bool is_space(char_kind k) noexcept {
    return k == char_kind::space || k == char_kind::newline;
}
// [^\r\n\p{L}\p{N}]: the optional character before a word.
[[nodiscard]] constexpr bool is_word_prefix(char_kind k) noexcept {
    return k == char_kind::other || k == char_kind::mark || k == char_kind::space;
}
// [^\s\p{L}\p{N}]: punctuation and symbols (marks too, as they are not \p{L}).
[[nodiscard]] constexpr bool is_punctuation(char_kind k) noexcept {
    return k == char_kind::other || k == char_kind::mark;
}
// A character of o200k's word classes: a letter or a mark.
[[nodiscard]] constexpr bool is_word_char(char_kind k) noexcept { return is_letter(k) || k == char_kind::mark; }
// o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and [\p{Ll}\p{Lm}\p{Lo}\p{M}].
[[nodiscard]] constexpr bool is_upper_or_caseless(char_kind k) noexcept {
    return k == char_kind::upper || k == char_kind::caseless || k == char_kind::mark;
}
[[nodiscard]] constexpr bool is_lower_or_caseless(char_kind k) noexcept {
    return k == char_kind::lower || k == char_kind::caseless || k == char_kind::mark;
}

template <encoding E>
class piece_scanner {
public:
    using byte = unsigned char;

    explicit constexpr piece_scanner(const byte* end) noexcept : end_(end) {}

    [[nodiscard]] constexpr scanned_char at(const byte* p) const noexcept {
        if (*p < 0x80) return {ascii_kinds[*p], 1};
        const auto d = utf8_sequence::decode(p, end_);
        if (d.code_point == utf8_sequence::invalid) return {char_kind::other, 1};
        return {kind_of_class(unicode::class_of(d.code_point)), d.length};
    }

    /// @brief The end of the piece that starts at p (p < end).
    [[nodiscard]] constexpr const byte* piece_end(const byte* p) const noexcept {
        if constexpr (E == encoding::cl100k_base) return cl100k_piece_end(p);
        else return o200k_piece_end(p);
    }

private:
    const byte* end_;

    // (?i:'s|'t|'re|'ve|'m|'ll|'d) at p; returns p when there is none. Unicode case folding adds one character:
    // U+017F LATIN SMALL LETTER LONG S matches 's' (tools/unicode-tables checks that it is the only one).
    [[nodiscard]] constexpr const byte* contraction_end(const byte* p) const noexcept {
        if (p >= end_ || *p != '\'' || end_ - p < 2) return p;
        const byte c = byte(p[1] | 0x20u);  // ASCII lower case; harmless for the other bytes compared below
        if (c == 's' || c == 't' || c == 'm' || c == 'd') return p + 2;
        if (end_ - p >= 3) {
            const byte c2 = byte(p[2] | 0x20u);
            if ((c == 'r' || c == 'v') && c2 == 'e') return p + 3;
            if (c == 'l' && c2 == 'l') return p + 3;
            if (p[1] == 0xC5 && p[2] == 0xBF) return p + 3;
        }
        return p;
    }

    template <class Predicate>
    [[nodiscard]] constexpr const byte* run_end(const byte* p, Predicate&& in_run) const noexcept {
        while (p < end_) {
            const auto c = at(p);
            if (!in_run(c.kind)) break;
            p += c.length;
        }
        return p;
    }

    // \p{N}{1,3}
    [[nodiscard]] constexpr const byte* digits_end(const byte* p) const noexcept {
        for (int i = 0; i < 3 && p < end_; ++i) {
            const auto c = at(p);
            if (c.kind != char_kind::number) break;
            p += c.length;
        }
        return p;
    }

    // ' ?[^\s\p{L}\p{N}]+' followed by [\r\n]* (cl100k) or [\r\n/]* (o200k); nullptr when it does not match.
    [[nodiscard]] constexpr const byte* punctuation_end(const byte* p, const byte* next) const noexcept {
        const byte* q = p;
        if (*p == ' ' && next < end_ && is_punctuation(at(next).kind)) q = next;
        else if (!is_punctuation(at(p).kind)) return nullptr;
        q = run_end(q, is_punctuation);
        while (q < end_ && (*q == '\r' || *q == '\n' || (E == encoding::o200k_base && *q == '/'))) ++q;
        return q;
    }

    // \s*[\r\n]+ | \s+(?!\S) | \s+ at a White_Space character: up to the last line break of the run; else the
    // whole run at the end of the text; else the run but its last character, which then joins the next piece.
    [[nodiscard]] constexpr const byte* whitespace_end(const byte* p) const noexcept {
        const byte* after_newline = nullptr;
        const byte* last = p;
        int count = 0;
        while (p < end_) {
            const auto c = at(p);
            if (!is_space(c.kind)) break;
            if (c.kind == char_kind::newline) after_newline = p + 1;
            last = p;
            p += c.length;
            ++count;
        }
        if (after_newline) return after_newline;
        if (p == end_ || count == 1) return p;
        return last;
    }

    [[nodiscard]] constexpr const byte* cl100k_piece_end(const byte* p) const noexcept {
        const auto first = at(p);
        const byte* next = p + first.length;
        if (*p == '\'') {
            if (const byte* e = contraction_end(p); e != p) return e;
        }
        if (is_letter(first.kind)) return run_end(next, is_letter);
        if (is_word_prefix(first.kind) && next < end_) {
            const auto second = at(next);
            if (is_letter(second.kind)) return run_end(next + second.length, is_letter);
        }
        if (first.kind == char_kind::number) return digits_end(p);
        if (const byte* e = punctuation_end(p, next)) return e;
        return whitespace_end(p);
    }

    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ then an optional contraction. When no lower-case
    // letter follows the first run, the engine gives characters back until the run ends with one that is in both
    // classes (Lm, Lo, M): that character is the one-character [\p{Ll}...]+.
    [[nodiscard]] constexpr const byte* o200k_lower_word_end(const byte* p) const noexcept {
        const byte* after_caseless = nullptr;
        while (p < end_) {
            const auto c = at(p);
            if (!is_upper_or_caseless(c.kind)) break;
            p += c.length;
            if (c.kind != char_kind::upper) after_caseless = p;
        }
        if (p < end_ && at(p).kind == char_kind::lower) return contraction_end(run_end(p, is_lower_or_caseless));
        return after_caseless ? contraction_end(after_caseless) : nullptr;
    }

    // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]* then an optional contraction.
    [[nodiscard]] constexpr const byte* o200k_upper_word_end(const byte* p) const noexcept {
        const byte* q = run_end(p, is_upper_or_caseless);
        if (q == p) return nullptr;
        return contraction_end(run_end(q, is_lower_or_caseless));
    }

    [[nodiscard]] constexpr const byte* o200k_piece_end(const byte* p) const noexcept {
        const auto first = at(p);
        const byte* next = p + first.length;
        // Each word alternative is tried with its optional leading character first, then without it. A word needs
        // a letter or mark at p, or after a leading character: without one (punctuation, digits, spaces, most of
        // code) none of the four can match, and trying them would read the same characters again several times.
        const bool prefixed = is_word_prefix(first.kind) && next < end_;
        if (is_word_char(first.kind) || (prefixed && is_word_char(at(next).kind))) {
            if (prefixed)
                if (const byte* e = o200k_lower_word_end(next)) return e;
            if (const byte* e = o200k_lower_word_end(p)) return e;
            if (prefixed)
                if (const byte* e = o200k_upper_word_end(next)) return e;
            if (const byte* e = o200k_upper_word_end(p)) return e;
        }
        if (first.kind == char_kind::number) return digits_end(p);
        if (const byte* e = punctuation_end(p, next)) return e;
        return whitespace_end(p);
    }
};

template <encoding E, class OnPiece>
void split_pieces(std::string_view text, OnPiece& on_piece) {
    const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = begin + text.size();
    const piece_scanner<E> scanner(end);
    for (const auto* p = begin; p < end;) {
        const auto* e = scanner.piece_end(p);
        on_piece(text.substr(std::size_t(p - begin), std::size_t(e - p)));
        p = e;
    }
}

}  // namespace detail

/// @brief Calls `on_piece(std::string_view)` for each piece of `text` under the encoding's split pattern, in
/// order; the pieces concatenate to `text`. Special tokens are not recognized here (see tokenizer::encode).
template <class OnPiece>
void split_pieces(encoding e, std::string_view text, OnPiece&& on_piece) {
    if (e == encoding::o200k_base) detail::split_pieces<encoding::o200k_base>(text, on_piece);
    else detail::split_pieces<encoding::cl100k_base>(text, on_piece);
}

/// @brief The pieces of `text`, as views into it.
[[nodiscard]] POLYLLM_DECL std::vector<std::string_view> split_pieces(encoding e, std::string_view text);

/// @brief The first position from `from` on (0 < position < text.size()) where the text can be cut without
/// changing its pieces under either encoding, or text.size() when there is none: a space or line break right
/// after an ASCII letter. No alternative of either pattern matches a letter followed by White_Space (words stop
/// there, contractions end in a letter, the rest hold no letter), so a piece ends at that position wherever the
/// scan started, and no piece before it looks past it. Nor does a special token contain one, so the parts of a
/// text split there encode, with or without special tokens, to the ids of the whole, in order.
[[nodiscard]] constexpr std::size_t piece_safe_cut(std::string_view text, std::size_t from) noexcept {
    for (std::size_t at = from < 1 ? 1 : from; at < text.size(); ++at) {
        const char c = text[at];
        if (c != ' ' && c != '\n') continue;
        const char before = text[at - 1];
        if ((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z')) return at;
    }
    return text.size();
}

/// @brief `text` cut at piece-safe positions (piece_safe_cut) into at most `parts` parts of at least
/// `min_bytes` bytes each where the text allows; the parts concatenate to `text`.
[[nodiscard]] POLYLLM_DECL std::vector<std::string_view> split_at_piece_boundaries(std::string_view text,
                                                                                     std::size_t parts,
                                                                                     std::size_t min_bytes);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/pretokenize.ipp>
#endif
