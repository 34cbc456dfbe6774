#pragma once
/// @file
/// @brief Reading an OpenAI Responses response (`object: "response"`), without I/O: the output items in order
/// (`message` text and refusals, `function_call`, `reasoning` kept whole for the next turn), the status, the usage,
/// framed by wire::parse_response with Chat Completions' errors (openai_chat_errors.hpp), which the Responses API
/// shares. The stream's terminal events carry the same response object (openai_responses_stream.hpp).
/// Reference: https://platform.openai.com/docs/api-reference/responses/object

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/openai_chat_errors.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/response.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace openai_responses_api {

/// @brief The Responses usage object: `input_tokens` includes the cached ones, as polyllm's prompt_tokens does.
[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

/// @brief The finish reason of a response's `status` and `incomplete_details.reason`; `calls` says whether it asked
/// for tools. The raw value is the incomplete reason when there is one, else the status.
[[nodiscard]] POLYLLM_DECL std::pair<finish_reason, std::string> finish_of(const nlohmann::json& response, bool calls);

/// @brief The classified error of a `failed` response (its `error` object: `code`, `message`), or of a stream's
/// `error` event (the same fields at the top level).
[[nodiscard]] POLYLLM_DECL error failure_from(const nlohmann::json& error_object);

/// @brief The reasoning item's summary texts, joined by a blank line.
[[nodiscard]] POLYLLM_DECL std::string summary_of(const nlohmann::json& reasoning_item);

/// @brief A parsed response object: the completion, or the error of a failed response.
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& response);

/// @brief Parses a Responses response: the completion for a 2xx response object, the classified error otherwise.
/// Never throws: a body of the wrong shape is `errc::malformed_response`.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res,
                                                             std::string_view request_id_header);

}  // namespace openai_responses_api
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_responses_response.ipp>
#endif
