#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic_messages_errors.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic_messages_errors.hpp>

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
