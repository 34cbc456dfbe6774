#pragma once
/// @file
/// @brief A model's reply in the text form turned into a standard completion: the call becomes a tool call with
/// the conversation's next id, the text before it stays the content, and `finish_reason` becomes `tool_calls`
/// (the provider's own value stays in `finish_reason_raw`). A call that fails its tool's schema is an error whose
/// message is addressed to the model and whose `partial` is the reply as the model wrote it.

#include <polyllm/error.hpp>
#include <polyllm/fn_call/parse.hpp>
#include <polyllm/fn_call/validate.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief The completion with its call in the standard form, the call checked against `tools` and given `id`;
/// unchanged when its text has no call (or one the output limit cut off: `finish_reason` then says `length`), or
/// when it already has native tool calls.
[[nodiscard]] POLYLLM_DECL result<completion> restore_reply(completion c, std::span<const tool> tools, std::string id);

/// @brief What reading a reply needs, kept for the length of a stream: the request's tools, the id the call gets,
/// and whether to look for a call at all (not when the caller's `tool_choice` was none).
struct reply_reader {
    std::vector<tool> tools;
    std::string call_id = "toolu_01";
    bool read_calls = true;

    /// @brief The call in a text that begins at `<function=`, or nothing when the output limit cut it off.
    [[nodiscard]] POLYLLM_DECL result<std::optional<tool_call>> read_call(std::string_view text, reply_end end) const;

    /// @brief `restore_reply` with this reader's tools and id; unchanged when calls are not read.
    [[nodiscard]] POLYLLM_DECL result<completion> restore(completion c) const;
};

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/reply.ipp>
#endif
