#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/error_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/error_body.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

POLYLLM_DECL std::optional<error_fields> read_common_error(const nlohmann::json& body) {
    if (!body.is_object()) return std::nullopt;
    auto text = [](const nlohmann::json& from, std::string_view key) {
        auto it = from.find(key);
        if (it == from.end() || it->is_null()) return std::string{};
        return it->is_string() ? it->get<std::string>() : it->dump();  // some servers send numeric codes
    };
    error_fields fields;
    auto err = body.find("error");
    if (err != body.end() && err->is_object()) {
        fields.message = text(*err, "message");
        fields.type = text(*err, "type");
        fields.code = text(*err, "code");
        return fields;
    }
    if (err != body.end() && err->is_string()) {
        fields.message = err->get<std::string>();
        return fields;
    }
    if (auto message = body.find("message"); message != body.end() && message->is_string()) {
        fields.message = message->get<std::string>();
        return fields;
    }
    return std::nullopt;
}

POLYLLM_DECL errc classify_common(int status, const error_fields& fields) {
    if (status >= 400 && status < 500 && mentions_context_window(fields.message)) return errc::context_window_exceeded;
    return errc_for_status(status);
}

namespace errors {

// The dialect's reading of `body`; a reader that reads a field of the wrong type (json throws) read nothing.
inline std::optional<error_fields> read(const nlohmann::json& body, const error_dialect& dialect) {
    if (!dialect.read || body.is_discarded()) return std::nullopt;
    try {
        return dialect.read(body);
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

inline error classified(int status, const error_fields& fields, const error_dialect& dialect) {
    error e;
    e.http_status = status;
    e.code = make_error_code(dialect.classify ? dialect.classify(status, fields) : errc_for_status(status));
    // Classified from the server's words as they came; shown only as server text may be shown.
    e.message = polyllm::detail::shown_server_text(fields.message);
    e.type = polyllm::detail::shown_server_text(fields.code.empty() ? fields.type : fields.code);
    e.request_id = polyllm::detail::shown_server_text(fields.request_id);
    e.retry_after = fields.retry_after;
    e.verdict = verdict_for(e, dialect.retry);
    return e;
}

// A body the dialect does not read: its status, and its start as the message.
inline error unread(int status, std::string_view text, const error_dialect& dialect) {
    error_fields fields;
    const auto http = "HTTP " + std::to_string(status);
    fields.message = text.empty() ? http + " with an empty body" : http + ": " + excerpt(text);
    return classified(status, fields, dialect);
}

}  // namespace errors

POLYLLM_DECL error error_from_json(int status, const nlohmann::json& body, const error_dialect& dialect) {
    if (auto fields = errors::read(body, dialect)) return errors::classified(status, *fields, dialect);
    return errors::unread(status, body.is_discarded() ? std::string() : body.dump(), dialect);
}

POLYLLM_DECL error error_from_body(int status, std::string_view body, const error_dialect& dialect) {
    if (auto fields = errors::read(nlohmann::json::parse(body, nullptr, false), dialect))
        return errors::classified(status, *fields, dialect);
    return errors::unread(status, body, dialect);
}

POLYLLM_DECL error error_from(const http_response& res, const error_dialect& dialect,
                              std::string_view request_id_header) {
    auto e = error_from_body(res.status, res.body, dialect);
    if (!request_id_header.empty())
        if (auto id = res.headers.value_or_empty(request_id_header); !id.empty())
            e.request_id = polyllm::detail::shown_server_text(id);
    return e;
}

POLYLLM_DECL std::string excerpt(std::string_view body) {
    return polyllm::detail::shown_server_text(body, polyllm::detail::body_excerpt_limit);
}

}  // namespace wire
POLYLLM_NAMESPACE_END
