#pragma once
/// @file
/// @brief Turning what a server said about a failure into one classified `polyllm::error`: a non-2xx response's
/// body, an error body on a 2xx, or an error event of a stream, whose JSON is already parsed (it is read as it is,
/// not written back into a response first). A provider states three things and gets the rest:
///   - how its error body reads (`read`): the common `{"error": {"message", "type", "code"}}` family is built in;
///   - how its fields classify (`classify`): the status table (wire/status.hpp) refined by its types and codes;
///   - what it retries (`retry`, wire/retry_rules.hpp), which sets `error::verdict`.
/// Everything the server chose to say (message, type, request id) reaches the error only as
/// `polyllm::detail::shown_server_text` makes it fit to show: one line, control characters escaped, capped.

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief What an error body says, in the server's words (not yet made fit to show).
struct error_fields {
    std::string message;
    std::string type;        ///< the error's type, e.g. "rate_limit_error"
    std::string code;        ///< a code beside the type (OpenAI's "code"); `error::type` shows it when present
    std::string request_id;  ///< when the body carries one; the response header wins
    std::optional<std::chrono::milliseconds> retry_after;  ///< a retry hint in the body
};

/// @brief Reads the common family: `{"error": {"message", "type", "code"}}` (a numeric code is kept as its text),
/// `{"error": "text"}` and a bare `{"message": "text"}`; no value for any other shape.
[[nodiscard]] POLYLLM_DECL std::optional<error_fields> read_common_error(const nlohmann::json& body);

/// @brief The common classification: a 4xx whose message names the context window is `context_window_exceeded`;
/// otherwise the status decides (`errc_for_status`).
[[nodiscard]] POLYLLM_DECL errc classify_common(int status, const error_fields& fields);

/// @brief How one provider's errors read and classify. Plain function pointers (a lambda without captures converts),
/// so that a provider states its dialect as a `static constexpr` value.
struct error_dialect {
    std::optional<error_fields> (*read)(const nlohmann::json& body) = read_common_error;
    errc (*classify)(int status, const error_fields& fields) = classify_common;
    retry_rules retry = openai_sdk_retry_rules;
};

/// @brief The error for an already-parsed body (or stream event data) that came with `status`.
[[nodiscard]] POLYLLM_DECL error error_from_json(int status, const nlohmann::json& body,
                                                 const error_dialect& dialect = {});

/// @brief The error for a body as text: its JSON when it parses to a shape the dialect reads, else "HTTP 502: <the
/// start of the body>" (an HTML page from a proxy, say) classified by its status alone.
[[nodiscard]] POLYLLM_DECL error error_from_body(int status, std::string_view body, const error_dialect& dialect = {});

/// @brief The error for a whole response; `request_id_header` names the header that carries the request id, which
/// wins over one in the body.
[[nodiscard]] POLYLLM_DECL error error_from(const http_response& res, const error_dialect& dialect = {},
                                            std::string_view request_id_header = {});

/// @brief The start of a body that is not the provider's JSON, as it may be shown in an error (200 bytes, one line).
[[nodiscard]] POLYLLM_DECL std::string excerpt(std::string_view body);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
