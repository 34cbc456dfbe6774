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
#include <polyllm/wire/impl/error_body.ipp>
#endif
