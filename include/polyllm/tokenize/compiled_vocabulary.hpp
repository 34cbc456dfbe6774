#pragma once
/// @file
/// @brief A vocabulary's tables as one image that a later process maps instead of parsing the `.tiktoken` file.
///
/// Parsing o200k_base (base64, ranks, then 200,000 inserts into an 8 MiB hash table) is most of the fixed cost of a
/// `polyllm tokens` run: about 20 ms of 30. The image is those tables exactly as `find` reads them, so opening one
/// is a map of the file and a check of its structure. An image names the `.tiktoken` text it was compiled from by
/// a digest (size and 64-bit hash), so an edited or replaced vocabulary is compiled anew, never read stale. Images
/// are in the byte order and layout of the machine that wrote them; another machine's is refused, not misread.
/// The file part (where images live, mapping them) is in load.hpp; this file does no I/O.

#include <polyllm/error.hpp>
#include <polyllm/tokenize/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief Which `.tiktoken` text an image was compiled from.
struct vocabulary_digest {
    std::uint64_t size = 0;  ///< of the text, in bytes
    std::uint64_t hash = 0;  ///< of the text (not cryptographic: it tells versions apart, it does not authenticate)
    friend bool operator==(const vocabulary_digest&, const vocabulary_digest&) = default;
};

/// @brief The digest of a `.tiktoken` file's text (about 1 ms for o200k_base).
[[nodiscard]] POLYLLM_DECL vocabulary_digest digest_vocabulary_text(std::string_view text) noexcept;

/// @brief The image of `vocab`, compiled from the text whose digest is `source`.
[[nodiscard]] POLYLLM_DECL std::string compile_vocabulary(const vocabulary& vocab, vocabulary_digest source);

/// @brief The vocabulary in `image`, which must be 8-byte aligned and stay valid while `owner` (or any copy of the
/// result) lives. Fails with `errc::invalid_config` when the image is of another format version or machine, was
/// compiled from another text than `source`, or is damaged: every offset, length and id in it is checked, so a bad
/// image is refused, never read out of bounds.
[[nodiscard]] POLYLLM_DECL result<vocabulary> open_compiled_vocabulary(std::span<const unsigned char> image,
                                                                       std::shared_ptr<const void> owner,
                                                                       vocabulary_digest source);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/compiled_vocabulary.ipp>
#endif
