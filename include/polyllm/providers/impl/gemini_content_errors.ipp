#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini_content_errors.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini_content_errors.hpp>

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
