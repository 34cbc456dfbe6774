#pragma once
/// @file
/// @brief A conversation converted between the standard form (assistant tool calls, tool results) and the text
/// form a model without native function calling reads and writes, both ways:
/// - the tools are described at the end of the (first) system message; a system message is added when there is none;
/// - an assistant turn with several calls becomes one turn per call, each followed by its result;
/// - an assistant call becomes text after the turn's own text (`<function=NAME>` ... `</function>`);
/// - a tool result becomes a user message `EXECUTION RESULT of [NAME]:` followed by the output.
/// The way back reads those shapes and numbers the calls `toolu_01`, `toolu_02`, ... Pure functions.

#include <polyllm/error.hpp>
#include <polyllm/fn_call/call_text.hpp>
#include <polyllm/fn_call/parse.hpp>
#include <polyllm/fn_call/prompt.hpp>
#include <polyllm/fn_call/validate.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief The id of the n-th call of a conversation in the text form: `toolu_01`, `toolu_02`, ..., `toolu_100`.
[[nodiscard]] POLYLLM_DECL std::string call_id(std::size_t n);

/// @brief The id for the next call after `history`: numbered after the calls already made, and never one that
/// the history already uses.
[[nodiscard]] POLYLLM_DECL std::string next_call_id(std::span<const message> history);

/// @brief One call per assistant turn: a turn with several calls becomes a turn per call, in the order of the
/// calls, each followed by its results; the turn's text and other content go with the first call, its cache
/// breakpoint with the last. Results that answer none of the turn's calls keep their place after them.
[[nodiscard]] POLYLLM_DECL std::vector<message> split_parallel_calls(std::vector<message> messages);

namespace detail {

inline constexpr std::string_view suffix_marker = "\n\nYou can call the functions described below.\n\n";

}  // namespace detail

/// @brief The conversation in the text form: tools described in the system message (with a line for `choice`
/// when the caller requires or forbids a call), calls written as text, results as user messages. A call whose
/// arguments are not a JSON object cannot be written and is `errc::bad_request`. Messages are taken by value and
/// converted in place: pass an rvalue when the standard form is not needed any more.
[[nodiscard]] POLYLLM_DECL result<std::vector<message>> to_text_messages(
    std::vector<message> messages, std::span<const tool> tools,
    const std::optional<tool_choice>& choice = std::nullopt);

/// @brief The way back: a conversation in the text form (as `to_text_messages` writes it, or as recorded from a
/// model) in the standard form. The tool descriptions leave the system message, each call written by the
/// assistant becomes a tool call with the next id (`toolu_01`, ...), checked against `tools`, and each
/// `EXECUTION RESULT of [NAME]:` message becomes the result of the call before it. A call that fails the check
/// is that call's error.
[[nodiscard]] POLYLLM_DECL result<std::vector<message>> from_text_messages(std::span<const message> messages,
                                                                           std::span<const tool> tools);

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/history.ipp>
#endif
