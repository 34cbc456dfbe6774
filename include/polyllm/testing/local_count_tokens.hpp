#pragma once
/// @file
/// @brief polyllm-local-server's token counting endpoints, without I/O: Anthropic's `POST /v1/messages/count_tokens`
/// (`{"input_tokens": N}`) and the Gemini API's `POST /{version}/models/{model}:countTokens` (`{"totalTokens": N,
/// "promptTokensDetails": [...]}`). The count is deterministic: approximate.hpp's estimate of every string in the
/// body but the model's name, so a test can predict it (`local_count_of`). Each endpoint checks the shape the real
/// one takes (Anthropic: model and messages, no max_tokens or other call-only field; Gemini: contents or
/// generateContentRequest, not both) and the key (--api-key: `x-api-key`, `x-goog-api-key`). `local_responder`
/// (testing/local_replies.hpp) routes these paths to `count_tokens_reply`, declared there, and includes this header
/// at its end.

#include <polyllm/testing/local_replies.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief The count the local server gives a count request's parsed body.
[[nodiscard]] POLYLLM_DECL std::size_t local_count_of(const nlohmann::json& body);

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_count_tokens.ipp>
#endif
