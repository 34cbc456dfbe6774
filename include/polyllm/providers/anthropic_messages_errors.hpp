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
POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view message) {
    const auto lower = polyllm::detail::to_lower(message);
    auto says = [&](std::string_view phrase) { return lower.find(phrase) != std::string::npos; };
    if (type == "request_too_large" || status == 413 ||
        ((status == 400 || type == "invalid_request_error") && wire::mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (type == "billing_error" || status == 402 || says("credit balance is too low")) return errc::quota_exceeded;
    if (says("content filtering policy")) return errc::content_policy;
    if (type == "overloaded_error" || status == 529) return errc::service_unavailable;
    if (type == "rate_limit_error") return errc::rate_limited;
    if (type == "authentication_error") return errc::authentication;
    if (type == "permission_error") return errc::permission_denied;
    if (type == "not_found_error") return errc::not_found;
    if (type == "timeout_error") return errc::timeout;
    if (status < 400 && type == "invalid_request_error") return errc::bad_request;
    return wire::errc_for_status(status);  // on a 2xx, an error event or body: the server failed
}

POLYLLM_DECL std::optional<wire::error_fields> read_error(const nlohmann::json& body) {
    const auto err = body.is_object() ? body.find("error") : body.end();
    if (!body.is_object() || err == body.end() || !err->is_object()) return std::nullopt;
    auto text = [](const nlohmann::json& from, std::string_view key) {
        auto it = from.find(key);
        return it != from.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    wire::error_fields fields;
    fields.message = text(*err, "message");
    fields.type = text(*err, "type");
    fields.request_id = text(body, "request_id");
    if (fields.message.empty()) fields.message = fields.type.empty() ? "an error without a message" : fields.type;
    return fields;
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
