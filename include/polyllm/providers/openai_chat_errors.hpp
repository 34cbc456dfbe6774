#pragma once
/// @file
/// @brief OpenAI's errors and every compatible server's, on the wire toolkit: the body
/// `{"error": {"message", "type", "param", "code"}}` (or a bare `{"message"}`), its types and codes classified, and
/// what the official SDKs retry. No I/O.

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <cstddef>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

/// Phrases OpenAI and the compatible servers use for a prompt that does not fit (wire/context_window.hpp).
using wire::context_window_phrases;
using wire::mentions_context_window;

/// @brief The errc for an HTTP status with the provider's error type/code and message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view code,
                                         std::string_view message);

/// @brief What the official SDKs retry: 408, 409, 429 (but not an exhausted quota) and 5xx gateway and overload
/// errors, plus connection failures and timeouts before any response.
inline constexpr wire::retry_rules retry_rules = wire::openai_sdk_retry_rules;

/// @brief The error dialect of OpenAI and the compatible servers: the common reader, classify, retry_rules.
inline constexpr wire::error_dialect errors{
    wire::read_common_error,
    [](int status, const wire::error_fields& f) { return classify(status, f.type, f.code, f.message); }, retry_rules};

/// @brief The error for a non-2xx response (or a 2xx whose body is an `error` object).
[[nodiscard]] inline error error_from(const http_response& res, std::string_view request_id_header) {
    return wire::error_from(res, errors, request_id_header);
}

/// @brief The verdict the error was made with, else retry_rules.
[[nodiscard]] inline bool should_retry(const error& e) noexcept { return wire::should_retry(e, retry_rules); }

}  // namespace openai_chat
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_chat_errors.ipp>
#endif
