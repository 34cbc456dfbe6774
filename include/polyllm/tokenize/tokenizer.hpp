#pragma once
/// @file
/// @brief `polyllm::tokenizer`: tiktoken-compatible byte-pair encoding for one encoding and its vocabulary:
/// `encode`, `count`, `decode`. The ids are tiktoken's, exactly (tests/tokenize compares them with tiktoken).

#include <polyllm/error.hpp>
#include <polyllm/tokenize/bpe.hpp>
#include <polyllm/tokenize/detail/piece_cache.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/pretokenize.hpp>
#include <polyllm/tokenize/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

namespace detail {
/// @brief The processors this process may run on: its CPU affinity on Linux (under `taskset` or a container's CPU
/// set, fewer than the machine has; threads beyond them only take turns, and each merges again the words another
/// has cached), else std::thread::hardware_concurrency(); at least 1.
[[nodiscard]] POLYLLM_DECL unsigned usable_cpus() noexcept;
}  // namespace detail

/// @brief How `tokenizer::count` may spread a large text over threads (opt-in: only the overload that takes it
/// starts threads). The text is cut where no piece can cross (split_at_piece_boundaries), so the count is the
/// same as on one thread.
struct count_threads {
    /// At most this many threads, the calling one included; 0: the processors this process may run on (its CPU
    /// affinity on Linux, else std::thread::hardware_concurrency()).
    unsigned threads = 0;
    /// Each thread gets at least this many bytes: below twice this, the text is counted on the calling thread,
    /// as starting a thread costs more than counting a small text.
    std::size_t min_bytes_per_thread = std::size_t(1) << 20;
};

/// @brief Encodes text to token ids and back. Immutable once built, so one instance serves every thread.
class tokenizer {
public:
    /// @brief A tokenizer for `e` over `vocab`, which the caller vouches is that encoding's vocabulary (or a test
    /// vocabulary). Fails with `errc::invalid_config` when a vocabulary id collides with a special token's.
    [[nodiscard]] POLYLLM_DECL static result<tokenizer> create(encoding e, vocabulary vocab,
                                                               std::string_view source = {});

    /// @brief Parses a `.tiktoken` file's text and builds the tokenizer. Errors name `source`, and the line when a
    /// line is malformed; a file that is not the encoding's (another size, or a known word with another id) is
    /// `errc::invalid_config` too, as its ids would be silently wrong.
    [[nodiscard]] POLYLLM_DECL static result<tokenizer> from_tiktoken(encoding e, std::string_view file_text,
                                                                      std::string_view source);

    /// @brief `from_tiktoken` for a vocabulary already parsed (or opened from a compiled image): the same checks that
    /// it is the encoding's.
    [[nodiscard]] POLYLLM_DECL static result<tokenizer> from_vocabulary(encoding e, vocabulary vocab,
                                                                        std::string_view source);

    /// @brief Calls `emit(token_id)` for each token of `text`, without building a vector.
    template <class Emit>
    void encode_to(std::string_view text, special_tokens specials, Emit&& emit) const {
        if (specials == special_tokens::allowed) {
            for (;;) {
                const auto [at, special] = find_special(text);
                encode_ordinary(text.substr(0, at), emit);
                if (!special) return;
                emit(special->id);
                text.remove_prefix(at + special->text.size());
            }
        }
        encode_ordinary(text, emit);
    }

    /// @brief The ids of `text`. With `special_tokens::as_text` (the default) text such as "<|endoftext|>" is
    /// encoded as the characters it is made of, as tiktoken's `encode_ordinary` does.
    [[nodiscard]] POLYLLM_DECL std::vector<token_id> encode(std::string_view text,
                                                            special_tokens specials = special_tokens::as_text) const;

    /// @brief The number of tokens of `text`; the same as `encode(text).size()`, without the vector.
    [[nodiscard]] POLYLLM_DECL std::size_t count(std::string_view text,
                                                 special_tokens specials = special_tokens::as_text) const;

    /// @brief `count(text, specials)`, on up to `threads.threads` threads for a large text; the same result.
    [[nodiscard]] POLYLLM_DECL std::size_t count(std::string_view text, count_threads threads,
                                                 special_tokens specials = special_tokens::as_text) const;

    /// @brief The bytes the ids stand for. They may end inside a UTF-8 character when the ids are a prefix of an
    /// encoding. An id that is neither a token nor a special token is an error (`errc::bad_request`).
    [[nodiscard]] POLYLLM_DECL result<std::string> decode(std::span<const token_id> ids) const;

    /// @brief The bytes of one id (a token or a special token); empty for an unknown id.
    [[nodiscard]] std::string_view token_bytes(token_id id) const noexcept {
        if (const auto bytes = vocab_.bytes_of(id); !bytes.empty()) return bytes;
        for (const auto& special : special_tokens_of(encoding_))
            if (special.id == id) return special.text;
        return {};
    }

    [[nodiscard]] polyllm::encoding encoding() const noexcept { return encoding_; }
    [[nodiscard]] const polyllm::vocabulary& vocabulary() const noexcept { return vocab_; }

private:
    tokenizer(polyllm::encoding e, polyllm::vocabulary vocab) : encoding_(e), vocab_(std::move(vocab)) {}

    template <class Emit>
    void encode_ordinary(std::string_view text, Emit& emit) const {
        if (text.size() < detail::piece_cache::min_text) {
            split_pieces(encoding_, text, [&](std::string_view piece) { encode_piece(piece, emit); });
            return;
        }
        // Each piece's cache entry and vocabulary slot (megabytes both, so a cache miss each) are prefetched a few
        // pieces ahead: the pre-tokenizer runs while they arrive. The pieces are still encoded in order.
        detail::piece_cache cache(text.size());
        constexpr std::size_t ahead = 8;  // a power of two
        struct pending {
            std::string_view piece;
            std::uint64_t head, hash;
        } ring[ahead];
        std::size_t queued = 0;
        split_pieces(encoding_, text, [&](std::string_view piece) {
            auto& next = ring[queued % ahead];
            if (queued >= ahead) encode_piece(next.piece, next.head, next.hash, cache, emit);
            next.piece = piece;
            if (piece.size() > 2 && piece.size() <= detail::piece_cache::max_piece) {
                const auto* p = reinterpret_cast<const unsigned char*>(piece.data());
                next.head = detail::token_hash::head_of(p, piece.size());
                next.hash = detail::token_hash::hash_bytes(p, piece.size(), next.head);
                detail::prefetch(&cache.slot(next.hash));
                vocab_.prefetch(next.hash);
            }
            ++queued;
        });
        for (std::size_t i = queued > ahead ? queued - ahead : 0; i < queued; ++i)
            encode_piece(ring[i % ahead].piece, ring[i % ahead].head, ring[i % ahead].hash, cache, emit);
    }

    template <class Emit>
    void encode_piece(std::string_view piece, Emit& emit) const {
        if (piece.size() <= vocab_.longest_token())
            if (const token_id id = vocab_.find(piece); id != detail::no_token) {
                emit(id);
                return;
            }
        detail::merge_piece(vocab_, piece, emit);
    }

    // `head` and `hash` are the piece's (detail::token_hash) when it is one the cache holds, else unused.
    template <class Emit>
    void encode_piece(std::string_view piece, std::uint64_t head, std::uint64_t hash, detail::piece_cache& cache,
                      Emit& emit) const {
        const auto* p = reinterpret_cast<const unsigned char*>(piece.data());
        const std::size_t n = piece.size();
        if (n <= 2 || n > detail::piece_cache::max_piece) return encode_piece(piece, emit);  // no probe needed
        auto& entry = cache.slot(hash);
        if (detail::piece_cache::matches(entry, p, n, head)) {
            for (std::size_t i = 0; i < entry.count; ++i) emit(entry.ids[i]);
            return;
        }
        detail::piece_cache::entry fresh{head, p, std::uint8_t(n), 0, {}};
        if (n <= vocab_.longest_token())
            if (const token_id id = vocab_.find_hashed(p, n, head, hash); id != detail::no_token) {
                fresh.count = 1;
                fresh.ids[0] = id;
                entry = fresh;
                emit(id);
                return;
            }
        std::size_t count = 0;
        auto record = [&](token_id id) {
            if (count < detail::piece_cache::max_ids) fresh.ids[count] = id;
            ++count;
            emit(id);
        };
        detail::merge_piece(vocab_, piece, record);
        if (count <= detail::piece_cache::max_ids) {
            fresh.count = std::uint8_t(count);
            entry = fresh;
        }
    }

    // The first special token in `text` and where it starts, or text.size() and nullptr. All special tokens start
    // with "<|" and none is a prefix of another, so the first one found at a position is the one.
    [[nodiscard]] std::pair<std::size_t, const special_token*> find_special(std::string_view text) const noexcept {
        for (std::size_t at = text.find("<|"); at != std::string_view::npos; at = text.find("<|", at + 1))
            for (const auto& special : special_tokens_of(encoding_))
                if (text.substr(at).starts_with(special.text)) return {at, &special};
        return {text.size(), nullptr};
    }

    polyllm::encoding encoding_;
    polyllm::vocabulary vocab_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/tokenizer.ipp>
#endif
