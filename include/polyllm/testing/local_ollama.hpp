#pragma once
/// @file
/// @brief polyllm-local-server's Ollama side (--ollama), without I/O: Ollama's native `POST /api/chat` (the last user
/// or tool message echoed, or the --script replies in turn; tools as `message.tool_calls` with object arguments; NDJSON
/// streams ending in a `"done": true` line with `done_reason` and the counts), `POST /api/show` (`model_info` with
/// `<arch>.context_length`, --ollama-context) and `GET /api/tags` (the --model names). Like Ollama, it keeps only the
/// last num_ctx tokens of a prompt (2048 when the request sets none) and reports that in `prompt_eval_count`, so a
/// client's truncation check can be tried against it. Faults (--ollama-fault): `error-line` (an `{"error": ...}` line
/// after the first piece), `cut` (the stream ends before `"done": true`), `no-model` (Ollama's 404 for a model it has
/// not pulled).

#include <polyllm/version.hpp>

#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

// Declared before local_replies.hpp is read, which calls them whichever header a program includes first.
struct server_request;
struct planned_response;
struct local_server_options;

/// @brief True for the paths of Ollama's native API this server answers (/api/chat, /api/show, /api/tags).
[[nodiscard]] POLYLLM_DECL bool is_ollama_path(std::string_view path) noexcept;

/// @brief The answer to a request on one of those paths; `n` is the request's number (1, 2, ...), which picks the
/// --script reply.
[[nodiscard]] POLYLLM_DECL planned_response ollama_reply(const server_request& req,
                                                         const local_server_options& options, int n);

}  // namespace testing
POLYLLM_NAMESPACE_END

#include <polyllm/testing/local_replies.hpp>

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_ollama.ipp>
#endif
