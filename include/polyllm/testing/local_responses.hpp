#pragma once
/// @file
/// @brief polyllm-local-server's side of OpenAI's Responses API (`POST /v1/responses`), plain and streamed, without
/// I/O: the answer (the echo of the last user message or tool output, or the next scripted reply) as `output` items,
/// a `reasoning` item first when the request asks for reasoning, with a summary and, when the request includes
/// `reasoning.encrypted_content`, an opaque `encrypted_content` the server checks when a later request sends the item
/// back (a changed one is refused as OpenAI refuses it). Faults (--fail-status, --drop-mid-stream, --stall-ms) are
/// applied by local_responder::respond as for every API. local_replies.hpp routes the path here and includes this
/// header at its end.

#include <polyllm/detail/base64.hpp>
#include <polyllm/testing/local_replies.hpp>
#include <polyllm/testing/server_script.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief The `encrypted_content` the local server gives the reasoning item `item_id`: opaque to a client, and what
/// the server expects back with that item.
[[nodiscard]] POLYLLM_DECL std::string local_encrypted_reasoning(std::string_view item_id);

/// @brief Why the server refuses the reasoning items of a request's `input`, if it does: an item whose
/// `encrypted_content` is not the one the server gave, an item without it (nothing is stored), or one not followed
/// by the item it led to. The message is OpenAI's for the same mistake.
[[nodiscard]] POLYLLM_DECL std::optional<std::string> refused_reasoning(const nlohmann::json& input);

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_responses.ipp>
#endif
