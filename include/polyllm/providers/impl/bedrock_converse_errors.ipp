#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/bedrock_converse_errors.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/bedrock_converse_errors.hpp>

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
