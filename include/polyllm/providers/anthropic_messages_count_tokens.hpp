#pragma once
/// @file
/// @brief Anthropic's token counting (`POST /v1/messages/count_tokens`), without I/O: the Messages body of a request
/// cut to the fields that endpoint takes, and its answer `{"input_tokens": N}` read.
/// Reference: https://docs.anthropic.com/en/api/messages-count-tokens (the body: model, messages, system, tools,
/// tool_choice, thinking, output_config, cache_control and the beta fields; no max_tokens, sampling or stream).

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/anthropic_messages_body.hpp>
#include <polyllm/providers/anthropic_messages_errors.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/token_count.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

/// @brief Appends the count_tokens body of `r` to `out`: the body `write_body` makes (so the count is of what a call
/// sends, key order kept), with only the fields the endpoint takes. Where the Messages body names its version instead
/// of the model (`model_traits::body_version`, Vertex AI), the count body names the model, as Vertex's count-tokens
/// endpoint asks. Fails as `write_body` does, leaving `out` as it was.
[[nodiscard]] POLYLLM_DECL result<void> write_count_tokens_body(std::string& out, const request& r,
                                                                const llm_config& cfg, std::string_view model,
                                                                const model_traits& traits);

/// @brief The count in an answer of count_tokens (`input_tokens`), exact; Anthropic's error for an error answer.
[[nodiscard]] inline result<token_count> parse_count_tokens(const http_response& res,
                                                            std::string_view request_id_header) {
    return wire::read_token_count(res, errors, request_id_header, {"input_tokens"});
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic_messages_count_tokens.ipp>
#endif
