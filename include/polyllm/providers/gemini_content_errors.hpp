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
#include <polyllm/providers/impl/gemini_content_errors.ipp>
#endif
