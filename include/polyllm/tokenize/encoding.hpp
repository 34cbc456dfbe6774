#pragma once
/// @file
/// @brief The tiktoken encodings polyllm implements (`cl100k_base`, `o200k_base`), their special tokens, and the
/// encoding each OpenAI model uses.

#include <polyllm/version.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief A token id: the token's rank in its vocabulary, as tiktoken numbers them.
using token_id = std::uint32_t;

/// @brief The byte-pair encodings of OpenAI's chat models.
enum class encoding {
    cl100k_base,  ///< gpt-4, gpt-3.5-turbo, text-embedding-3-*
    o200k_base,   ///< gpt-4o, gpt-4.1, gpt-4.5, o1, o3, o4, gpt-5
};

[[nodiscard]] constexpr std::string_view to_string(encoding e) noexcept {
    return e == encoding::o200k_base ? "o200k_base" : "cl100k_base";
}

[[nodiscard]] constexpr std::optional<encoding> parse_encoding(std::string_view name) noexcept {
    for (auto e : {encoding::cl100k_base, encoding::o200k_base})
        if (to_string(e) == name) return e;
    return std::nullopt;
}

/// @brief Whether text that spells a special token (`<|endoftext|>`) is that token or ordinary text. Text from
/// users should stay text (it is what the OpenAI API does with message content); `allowed` is for prompts that
/// are built with special tokens on purpose.
enum class special_tokens { as_text, allowed };

/// @brief A special token: text that stands for one id outside the byte-pair vocabulary.
struct special_token {
    std::string_view text;
    token_id id;
};

namespace detail {
inline constexpr std::array<special_token, 5> cl100k_specials{{{"<|endoftext|>", 100257},
                                                               {"<|fim_prefix|>", 100258},
                                                               {"<|fim_middle|>", 100259},
                                                               {"<|fim_suffix|>", 100260},
                                                               {"<|endofprompt|>", 100276}}};
inline constexpr std::array<special_token, 2> o200k_specials{{{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}}};

// A word and its id in each vocabulary: a file with another encoding's ranks fails this check instead of
// silently producing wrong ids.
struct vocabulary_fingerprint {
    std::size_t size;
    std::string_view word;
    token_id id;
};
}  // namespace detail

/// @brief The special tokens of an encoding, as tiktoken defines them.
[[nodiscard]] constexpr std::span<const special_token> special_tokens_of(encoding e) noexcept {
    if (e == encoding::o200k_base) return detail::o200k_specials;
    return detail::cl100k_specials;
}

namespace detail {
[[nodiscard]] constexpr vocabulary_fingerprint fingerprint_of(encoding e) noexcept {
    if (e == encoding::o200k_base) return {199998, "hello", 24912};
    return {100256, "hello", 15339};
}
}  // namespace detail

/// @brief The encoding of an OpenAI model, or nullopt for a model without a published tokenizer. Accepts the
/// names OpenAI and Azure use ("gpt-4o-2024-08-06", "gpt-35-turbo"), fine-tuned models ("ft:gpt-4o-mini:org::id")
/// and the "openai/" or "azure/" prefix.
[[nodiscard]] constexpr std::optional<encoding> encoding_for_model(std::string_view model) noexcept {
    for (std::string_view prefix : {"openai/", "azure/", "ft:"})
        if (model.starts_with(prefix)) model.remove_prefix(prefix.size());
    // Longest names first: "gpt-4o" and "gpt-4.1" must not fall to the "gpt-4" rule.
    for (std::string_view prefix : {"gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "chatgpt-4o", "o1", "o3", "o4"})
        if (model.starts_with(prefix)) return encoding::o200k_base;
    for (std::string_view prefix : {"gpt-4", "gpt-3.5", "gpt-35", "text-embedding-3", "text-embedding-ada-002",
                                    "davinci-002", "babbage-002"})
        if (model.starts_with(prefix)) return encoding::cl100k_base;
    return std::nullopt;
}

POLYLLM_NAMESPACE_END
