#pragma once
/// @file
/// @brief OpenAI's Embeddings wire format (`POST /embeddings`), as free functions without I/O; shared by OpenAI,
/// Azure OpenAI and the compatible servers. Reference: https://platform.openai.com/docs/api-reference/embeddings

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace openai_embeddings {

/// @brief `{"model", "input": [...], "encoding_format": "float"}`. Floats, not base64: every compatible server
/// accepts them.
[[nodiscard]] POLYLLM_DECL std::string body(const std::vector<std::string>& texts, std::string_view model);

/// @brief The vectors in input order (the API gives each an `index`), the model and the usage; an error body is
/// classified as for chat.
[[nodiscard]] POLYLLM_DECL result<embeddings> parse(const http_response& res, std::string_view request_id_header,
                                                    std::size_t expected_count);

}  // namespace openai_embeddings
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_embeddings.ipp>
#endif
