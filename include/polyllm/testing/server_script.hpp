#pragma once
/// @file
/// @brief The scripted replies of polyllm-local-server (its --script file): what each answer says, in order,
/// instead of echoing the last user message. Read without I/O; the responder is testing/local_replies.hpp.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief One scripted answer. `finish_reason` is in OpenAI's terms (stop, length, tool_calls, content_filter) and
/// translated for Anthropic; empty means tool_calls when there are calls, else stop.
struct scripted_reply {
    std::string text;
    std::vector<tool_call> tool_calls;  ///< `arguments` must be a JSON object's text
    std::optional<polyllm::usage> usage;
    std::string finish_reason;
};

/// @brief Reads a --script file: a JSON array of replies (or an object with a "replies" array), each
/// `{"text", "tool_calls": [{"id", "name", "arguments"}], "usage": {"prompt_tokens", "completion_tokens", ...},
/// "finish_reason"}`, every field optional. `arguments` may be given as a JSON object or as its text.
[[nodiscard]] POLYLLM_DECL result<std::vector<scripted_reply>> parse_server_script(std::string_view text);

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/server_script.ipp>
#endif
