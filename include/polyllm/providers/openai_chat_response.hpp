#pragma once
/// @file
/// @brief Reading an OpenAI Chat Completions response, without I/O: the finish reason, the usage, the message, and
/// the response itself, framed by wire::parse_response with the errors of openai_chat_errors.hpp.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/providers/openai_chat_errors.hpp>
#include <polyllm/wire/response.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw) noexcept {
    if (raw == "stop") return finish_reason::stop;
    if (raw == "length") return finish_reason::length;
    if (raw == "tool_calls" || raw == "function_call") return finish_reason::tool_calls;
    if (raw == "content_filter") return finish_reason::content_filter;
    return finish_reason::other;
}

// The field readers every provider's parsers share, under the name they had before wire/ (wire/json_fields.hpp).
namespace field {
using wire::int_or_null;
using wire::int_or_zero;
using wire::object_or_null;
using wire::string_or_empty;
}  // namespace field

/// @brief OpenAI's usage object: `prompt_tokens` already includes cached tokens, as polyllm's does.
/// Compatible servers that report cache hits as DeepSeek does (`prompt_cache_hit_tokens`) are read too.
[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

[[nodiscard]] POLYLLM_DECL tool_call tool_call_from(const nlohmann::json& j);

/// @brief The assistant message of a choice: content, refusal and tool calls.
[[nodiscard]] POLYLLM_DECL message message_from(const nlohmann::json& m);

/// @brief A parsed completion body. The first choice is the answer (polyllm never asks for n > 1).
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

/// @brief Parses a Chat Completions response: the completion for a 2xx with choices, the classified error
/// otherwise. `adjust(completion&, const nlohmann::json& body)` lets a provider read its own fields (a
/// non-standard key for tool calls, say) before the completion is returned. Never throws: a body of the wrong
/// shape is `errc::malformed_response` (wire::parse_response).
template <class Adjust>
[[nodiscard]] result<completion> parse_response(const http_response& res, std::string_view request_id_header,
                                                Adjust&& adjust) {
    return wire::parse_response(res, errors, request_id_header, [&](const nlohmann::json& body) -> result<completion> {
        if (body.contains("error") && !body.contains("choices")) return error_from(res, request_id_header);
        auto c = completion_from(body);
        if (c) adjust(c.value(), body);
        return c;
    });
}

[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res,
                                                             std::string_view request_id_header);

}  // namespace openai_chat
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_chat_response.ipp>
#endif
