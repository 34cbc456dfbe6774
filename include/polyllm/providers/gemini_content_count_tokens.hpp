#pragma once
/// @file
/// @brief Gemini's token counting (`models/{model}:countTokens`), without I/O: the body of a request, and the answer
/// `{"totalTokens": N, "cachedContentTokenCount", "promptTokensDetails"}` read (the total is the count).
/// Reference: https://ai.google.dev/api/tokens (the body: `contents`, or a whole `generateContentRequest` when
/// there is more than contents to count) and, for Vertex AI, the publisher model's `:countTokens` (its body is flat:
/// `contents`, `systemInstruction`, `tools`, `generationConfig`).

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/gemini_content_body.hpp>
#include <polyllm/providers/gemini_content_errors.hpp>
#include <polyllm/providers/gemini_content_settings.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/token_count.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

/// @brief Which countTokens speaks: the Gemini API's (`contents` alone, else a `generateContentRequest` naming
/// `models/{model}`), or Vertex AI's (the generateContent fields it documents, at the top level).
enum class count_tokens_form { gemini_api, vertex_ai };

/// @brief Appends the countTokens body of `r` to `out`: made from the body `write_body` makes, so the count is of what
/// a call sends (key order kept). Fails as `write_body` does, leaving `out` as it was.
[[nodiscard]] POLYLLM_DECL result<void> write_count_tokens_body(std::string& out, const request& r,
                                                                const llm_config& cfg, std::string_view model,
                                                                const model_traits& traits,
                                                                count_tokens_form form = count_tokens_form::gemini_api);

/// @brief The count in a countTokens answer (`totalTokens`; absent means zero, as proto3 JSON leaves zeros out),
/// exact; Google's error for an error answer.
[[nodiscard]] inline result<token_count> parse_count_tokens(const http_response& res) {
    return wire::read_token_count(res, errors, {}, {"totalTokens", true});
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/gemini_content_count_tokens.ipp>
#endif
