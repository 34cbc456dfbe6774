#pragma once
/// @file
/// @brief Vertex AI's text embeddings (`publishers/google/models/{model}:predict`, for text-embedding-005,
/// gemini-embedding-001 and the like), without I/O: `{"instances": [{"content": text}, ...]}` out, and
/// `{"predictions": [{"embeddings": {"values": [...], "statistics": {"token_count": n}}}]}` read back, one prediction
/// per text, in order. Errors are Google's (gemini_content::error_from).
/// Reference: cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/gemini_content_errors.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace vertex_ai_wire {

/// @brief The `:predict` body for `texts`.
[[nodiscard]] POLYLLM_DECL std::string embeddings_body(const std::vector<std::string>& texts);

/// @brief The vectors, and the summed token counts as prompt tokens; `expected_count` predictions or
/// errc::malformed_response.
[[nodiscard]] POLYLLM_DECL result<embeddings> parse_embeddings(const http_response& res, std::size_t expected_count);

}  // namespace vertex_ai_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/vertex_ai_embeddings.ipp>
#endif
