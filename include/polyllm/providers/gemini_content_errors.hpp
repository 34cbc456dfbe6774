#pragma once
/// @file
/// @brief Gemini's errors, on the wire toolkit: the body `{"error": {"code", "message", "status", "details"}}` (also
/// inside a one-element array, as the non-SSE stream sends it), its google.rpc status and ErrorInfo reason
/// classified, a RetryInfo delay kept as the error's retry hint, and what Google's SDKs retry. No I/O.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

/// @brief "17s" or "0.5s", as google.rpc.RetryInfo's retryDelay is written in JSON.
[[nodiscard]] inline std::optional<std::chrono::milliseconds> duration_from(std::string_view text) {
    if (text.size() < 2 || text.back() != 's') return std::nullopt;
    text.remove_suffix(1);
    double seconds = 0;
    bool digits = false, dot = false;
    double scale = 1;
    for (char c : text) {
        if (c == '.' && !dot) {
            dot = true;
        } else if (c >= '0' && c <= '9') {
            digits = true;
            if (dot) seconds += (scale /= 10) * (c - '0');
            else seconds = seconds * 10 + (c - '0');
        } else {
            return std::nullopt;
        }
    }
    if (!digits) return std::nullopt;
    // Saturated, not ignored: a delay beyond any cap means "do not retry", which the retry policy then says.
    if (!(seconds * 1000 < double(retry_hint_ceiling.count()))) return retry_hint_ceiling;
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000 + 0.5));
}

/// @brief The errc for Gemini's `error.status` (google.rpc codes), the ErrorInfo reason, the HTTP status and the
/// message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view rpc_status, std::string_view reason,
                                         std::string_view message);

/// @brief The fields of Gemini's error body: `type` is the rpc status, `code` the ErrorInfo reason (which the error
/// shows when there is one), and a RetryInfo detail the retry hint.
[[nodiscard]] POLYLLM_DECL std::optional<wire::error_fields> read_error(const nlohmann::json& body);

/// @brief What Google's SDKs retry (408, 429, 500, 502, 503, 504), and a response without candidates; never a
/// rejected key, a prompt too long, a blocked prompt.
inline constexpr wire::retry_rules retry_rules{
    .statuses = {408, 429, 500, 502, 503, 504},
    .never = {errc::quota_exceeded, errc::cancelled, errc::context_window_exceeded, errc::authentication,
              errc::permission_denied, errc::content_policy},
    .always = {errc::no_response, errc::rate_limited, errc::service_unavailable},
};

/// @brief Gemini's error dialect: read_error, classify, retry_rules.
inline constexpr wire::error_dialect errors{
    read_error, [](int status, const wire::error_fields& f) { return classify(status, f.type, f.code, f.message); },
    retry_rules};

/// @brief The error for a non-2xx response or an error body.
[[nodiscard]] inline error error_from(const http_response& res) { return wire::error_from(res, errors); }

/// @brief The error for a stream's error chunk, read from its parsed data.
[[nodiscard]] inline error error_from(const nlohmann::json& data) { return wire::error_from_json(200, data, errors); }

/// @brief The verdict the error was made with, else retry_rules.
[[nodiscard]] inline bool should_retry(const error& e) noexcept { return wire::should_retry(e, retry_rules); }

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL errc classify(int status, std::string_view rpc_status, std::string_view reason, std::string_view message) {
    if (reason == "API_KEY_INVALID" || reason == "API_KEY_SERVICE_BLOCKED") return errc::authentication;
    if (polyllm::detail::to_lower(message).find("exceeds the maximum number of tokens") != std::string::npos ||
        (status >= 400 && status < 500 && wire::mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (rpc_status == "RESOURCE_EXHAUSTED") return errc::rate_limited;
    if (rpc_status == "UNAUTHENTICATED") return errc::authentication;
    if (rpc_status == "PERMISSION_DENIED") return errc::permission_denied;
    if (rpc_status == "INVALID_ARGUMENT" || rpc_status == "FAILED_PRECONDITION" || rpc_status == "OUT_OF_RANGE")
        return errc::bad_request;
    if (rpc_status == "NOT_FOUND") return errc::not_found;
    if (rpc_status == "UNAVAILABLE") return errc::service_unavailable;
    if (rpc_status == "DEADLINE_EXCEEDED") return errc::timeout;
    if (rpc_status == "ABORTED" || rpc_status == "ALREADY_EXISTS") return errc::conflict;
    if (rpc_status == "INTERNAL" || rpc_status == "UNKNOWN" || rpc_status == "DATA_LOSS") return errc::server_error;
    return wire::errc_for_status(status);  // on a 2xx, an error body or event: the server failed
}

POLYLLM_DECL std::optional<wire::error_fields> read_error(const nlohmann::json& json) {
    const auto& body = json.is_array() && !json.empty() ? json.front() : json;
    const nlohmann::json* err = body.is_object() ? wire::object_or_null(body, "error") : nullptr;
    if (!err) return std::nullopt;
    auto text = [&](const nlohmann::json& from, std::string_view key) {
        auto it = from.find(key);
        return it != from.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    wire::error_fields fields;
    fields.message = text(*err, "message");
    fields.type = text(*err, "status");
    if (auto details = err->find("details"); details != err->end() && details->is_array())
        for (const auto& detail : *details) {
            if (!detail.is_object()) continue;
            const auto kind = text(detail, "@type");
            if (kind.ends_with("google.rpc.ErrorInfo") && fields.code.empty()) fields.code = text(detail, "reason");
            if (kind.ends_with("google.rpc.RetryInfo")) fields.retry_after = duration_from(text(detail, "retryDelay"));
        }
    if (fields.message.empty()) fields.message = fields.type.empty() ? "an error without a message" : fields.type;
    return fields;
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
