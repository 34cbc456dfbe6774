#pragma once
/// @file
/// @brief Anthropic's Messages request body (`POST /v1/messages`), without I/O: the top-level fields, written with the
/// wire toolkit (wire::body_fields merges request::extra). The settings that shape it and the turns and blocks are in
/// anthropic_messages_turns.hpp.
/// Reference: https://docs.anthropic.com/en/api/messages and the anthropic-sdk-python types.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/providers/anthropic_messages_turns.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/error_body.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

// Written straight into the request's body with wire::json_writer: no tree of the conversation is built.

/// @brief Appends the Messages body to `out`. System messages, wherever they are, form the top-level `system`;
/// tool results become `tool_result` blocks in user turns; consecutive turns of one role are merged. Request
/// fields win over the configuration's defaults; a field `extra` sets takes extra's value in its place, and the
/// rest of `extra` follows. Fails with a clear error, leaving `out` as it was, on a request Anthropic would reject
/// and polyllm may not adjust (see docs/providers/anthropic.md).
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   std::string_view model, const model_traits& traits, bool stream);

/// @brief The same body as a JSON value, for tests and for code that changes a body after it is built.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg,
                                                                    std::string_view model, const model_traits& traits,
                                                                    bool stream);

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic_messages_body.ipp>
#endif
