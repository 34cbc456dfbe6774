#pragma once
/// @file
/// @brief Bedrock's errors, on the wire toolkit. The type comes in the `x-amzn-ErrorType` header
/// (`ThrottlingException:http://internal.amazon.com/coral/...`) or a body's `__type`, the text in the body's `message`
/// (`Message` from some services); a stream's exception message names it in `:exception-type` (`throttlingException`).
/// Types are compared without case. No I/O.
/// Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html (Errors) and
/// CommonErrors.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {

inline constexpr std::string_view request_id_header = "x-amzn-RequestId";

/// @brief "ThrottlingException" from `ThrottlingException:http://...` or `com.amazon.coral#ThrottlingException`.
[[nodiscard]] POLYLLM_DECL std::string error_type_name(std::string_view raw);

/// @brief The errc for an HTTP status with Bedrock's error type and message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view message);

/// @brief The fields of a Bedrock error body: `message` or `Message`, `__type`.
[[nodiscard]] POLYLLM_DECL std::optional<wire::error_fields> read_error(const nlohmann::json& body);

/// @brief What the AWS SDKs retry for Bedrock: throttling, 5xx (service unavailable, model not ready, model
/// timeout, internal and stream errors), and a connection failure before any response; never a rejected or stale
/// signature, missing model access, a prompt too long or a spent quota.
inline constexpr wire::retry_rules retry_rules{
    .statuses = {408, 429},
    .every_5xx = true,
    .never = {errc::quota_exceeded, errc::cancelled, errc::context_window_exceeded, errc::authentication,
              errc::permission_denied, errc::bad_request},
    .always = {errc::service_unavailable, errc::rate_limited, errc::timeout},
};

inline constexpr wire::error_dialect errors{
    read_error, [](int status, const wire::error_fields& f) { return classify(status, f.type, f.message); },
    retry_rules};

/// @brief The error for a non-2xx response: the header's type, the body's message, the request id header.
[[nodiscard]] POLYLLM_DECL error error_from(const http_response& res);

/// @brief The error for a stream's exception message (`:exception-type`, payload `message`), with the status Bedrock
/// documents for that exception.
[[nodiscard]] POLYLLM_DECL error stream_exception(std::string_view type, std::string_view message);

[[nodiscard]] inline bool should_retry(const error& e) noexcept { return wire::should_retry(e, retry_rules); }

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/bedrock_converse_errors.ipp>
#endif
