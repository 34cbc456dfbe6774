#pragma once
/// @file
/// @brief The honest estimate for providers without a published tokenizer: one token per four characters
/// (the provider guide's rule), counting Unicode code points, rounded up so that an estimate errs on the side of
/// condensing history early rather than overflowing the context window.

#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief Code points in UTF-8 text: every byte that does not continue a sequence starts one.
[[nodiscard]] constexpr std::size_t count_code_points(std::string_view text) noexcept {
    std::size_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// @brief ceil(code points / 4), marked as an estimate.
[[nodiscard]] constexpr token_count approximate_tokens(std::string_view text) noexcept {
    return {(count_code_points(text) + 3) / 4, false};
}

POLYLLM_NAMESPACE_END
