#pragma once
/// @file
/// @brief Ollama's errors, on the wire toolkit: the body `{"error": "text"}` (a non-2xx body, or a line of a stream),
/// classified by status and words, and a missing model turned into an error that says how to get it. No I/O.

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/status.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

/// @brief The errc for a status and Ollama's message: a prompt that does not fit is `context_window_exceeded`, a
/// model the server does not have `not_found`, else the status decides.
[[nodiscard]] POLYLLM_DECL errc classify(int status, const wire::error_fields& fields);

/// @brief A local server: a connection refused or a 5xx while the model loads is worth another try; a missing model,
/// a prompt too long or a bad request never is.
inline constexpr wire::retry_rules retry_rules{
    .statuses = {408, 429},
    .every_5xx = true,
    .never = {errc::cancelled, errc::context_window_exceeded, errc::not_found, errc::bad_request},
    .always = {errc::service_unavailable, errc::rate_limited},
};

/// @brief Ollama's error dialect: the common reader (`{"error": "text"}`), classify, retry_rules.
inline constexpr wire::error_dialect errors{wire::read_common_error, classify, retry_rules};

/// @brief `e` with "run `ollama pull <model>`" added when the server said it does not have the model (`model "x" not
/// found, try pulling it first`).
[[nodiscard]] POLYLLM_DECL error with_pull_hint(error e);

/// @brief The error for a non-2xx response.
[[nodiscard]] inline error error_from(const http_response& res) { return with_pull_hint(wire::error_from(res, errors)); }

/// @brief The error for an `{"error": ...}` line of a stream (or an error body on a 200).
[[nodiscard]] inline error error_from(const nlohmann::json& line) {
    return with_pull_hint(wire::error_from_json(200, line, errors));
}

/// @brief The verdict the error was made with, else retry_rules.
[[nodiscard]] inline bool should_retry(const error& e) noexcept { return wire::should_retry(e, retry_rules); }

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/ollama_chat_errors.ipp>
#endif
