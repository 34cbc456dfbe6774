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
POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {

POLYLLM_DECL std::string error_type_name(std::string_view raw) {
    if (auto hash = raw.rfind('#'); hash != std::string_view::npos) raw.remove_prefix(hash + 1);
    return std::string(raw.substr(0, raw.find(':')));
}

POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view message) {
    const auto t = polyllm::detail::to_lower(type);
    const auto lower = polyllm::detail::to_lower(message);
    if (t == "throttlingexception" || t == "toomanyrequestsexception") return errc::rate_limited;
    if (t == "servicequotaexceededexception") return errc::quota_exceeded;
    if (t == "validationexception" || (t.empty() && status == 400)) {
        if (wire::mentions_context_window(message, {"too long", "context window", "context length",
                                                    "too many input tokens", "exceeds the maximum number of tokens"}))
            return errc::context_window_exceeded;
        return errc::bad_request;
    }
    if (t == "accessdeniedexception" || t == "unrecognizedclientexception" || t == "invalidsignatureexception" ||
        t == "incompletesignatureexception" || t == "expiredtokenexception" ||
        t == "missingauthenticationtokenexception" || t == "invalidclienttokenid")
        return errc::authentication;
    if (t == "resourcenotfoundexception") return errc::not_found;
    if (t == "modelnotreadyexception" || t == "serviceunavailableexception") return errc::service_unavailable;
    if (t == "modeltimeoutexception") return errc::timeout;
    if (t == "internalserverexception" || t == "modelstreamerrorexception" || t == "modelerrorexception")
        return errc::server_error;
    if (t == "conflictexception") return errc::conflict;
    if (status >= 400 && status < 500 && wire::mentions_context_window(lower)) return errc::context_window_exceeded;
    return wire::errc_for_status(status);
}

POLYLLM_DECL std::optional<wire::error_fields> read_error(const nlohmann::json& body) {
    if (!body.is_object()) return std::nullopt;
    auto text = [&](std::string_view key) {
        auto it = body.find(key);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    wire::error_fields fields;
    fields.message = text("message");
    if (fields.message.empty()) fields.message = text("Message");
    fields.type = error_type_name(text("__type"));
    if (fields.message.empty() && fields.type.empty()) return std::nullopt;
    if (fields.message.empty()) fields.message = fields.type;
    // A stale clock signs with a date Bedrock no longer accepts: say so, since a retry signs with the same clock.
    if (polyllm::detail::to_lower(fields.type) == "invalidsignatureexception" &&
        polyllm::detail::to_lower(fields.message).find("signature expired") != std::string::npos)
        fields.message = "the request's signature date is outside Bedrock's window: check this machine's clock "
                         "(clock skew). " + fields.message;
    return fields;
}

POLYLLM_DECL error error_from(const http_response& res) {
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    const auto header_type = error_type_name(res.headers.value_or_empty("x-amzn-ErrorType"));
    error e;
    if (body.is_object()) {
        if (!header_type.empty()) body["__type"] = header_type;  // the header is what every Bedrock error carries
        e = wire::error_from_json(res.status, body, errors);
    } else if (!header_type.empty()) {
        e = wire::error_from_json(res.status, nlohmann::json{{"__type", header_type}}, errors);
    } else {
        e = wire::error_from_body(res.status, res.body, errors);
    }
    if (auto id = res.headers.value_or_empty(request_id_header); !id.empty())
        e.request_id = polyllm::detail::shown_server_text(id);
    return e;
}

POLYLLM_DECL error stream_exception(std::string_view type, std::string_view message) {
    const auto t = polyllm::detail::to_lower(type);
    int status = 500;
    if (t == "throttlingexception") status = 429;
    else if (t == "validationexception") status = 400;
    else if (t == "modelstreamerrorexception") status = 424;
    else if (t == "serviceunavailableexception") status = 503;
    else if (t == "modeltimeoutexception") status = 408;
    nlohmann::json body{{"__type", std::string(type)}, {"message", std::string(message)}};
    auto e = wire::error_from_json(status, body, errors);
    // Model stream errors are transient on Bedrock's side (the SDKs retry them); a plain 424 would not be.
    if (t == "modelstreamerrorexception") e.verdict = retry_verdict::yes;
    return e;
}

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
