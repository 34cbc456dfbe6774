#pragma once
/// @file
/// @brief Anthropic's errors, on the wire toolkit: the body `{"type": "error", "error": {"type", "message"},
/// "request_id"}` (a non-2xx body, or a stream's `error` event), its types and messages classified, and what
/// Anthropic's SDKs retry. No I/O.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

/// @brief The errc for an HTTP status with Anthropic's error type and message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view message);

/// @brief The fields of Anthropic's error body; the request id is the body's, which the header's replaces.
[[nodiscard]] POLYLLM_DECL std::optional<wire::error_fields> read_error(const nlohmann::json& body);

/// @brief What Anthropic's SDKs retry: 408, 409, 429 and every 5xx (529 overloaded among them), overloaded and rate
/// limited also as an error event in a 200 stream, and a connection failure or timeout before any response; never a
/// spent credit, a rejected key, a prompt too long, a refusal.
inline constexpr wire::retry_rules retry_rules{
    .statuses = {408, 409, 429},
    .every_5xx = true,
    .never = {errc::quota_exceeded, errc::cancelled, errc::context_window_exceeded, errc::authentication,
              errc::permission_denied, errc::content_policy},
    .always = {errc::service_unavailable, errc::rate_limited},
};

/// @brief Anthropic's error dialect: read_error, classify, retry_rules.
inline constexpr wire::error_dialect errors{
    read_error, [](int status, const wire::error_fields& f) { return classify(status, f.type, f.message); },
    retry_rules};

/// @brief The error for a non-2xx response or an error body. The request id comes from the header, else the body.
[[nodiscard]] inline error error_from(const http_response& res, std::string_view request_id_header) {
    return wire::error_from(res, errors, request_id_header);
}

/// @brief The error for a stream's `error` event, read from its parsed data.
[[nodiscard]] inline error error_from(const nlohmann::json& data) { return wire::error_from_json(200, data, errors); }

/// @brief The verdict the error was made with, else retry_rules.
[[nodiscard]] inline bool should_retry(const error& e) noexcept { return wire::should_retry(e, retry_rules); }

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic_messages_errors.ipp>
#endif
