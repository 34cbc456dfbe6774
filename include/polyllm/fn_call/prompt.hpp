#pragma once
/// @file
/// @brief The system-message text that teaches a model without native function calling to call tools: one block
/// per tool in the format that agent frameworks and fine-tuned open models share (`---- BEGIN FUNCTION #1: name
/// ----` ... `---- END FUNCTION #1 ----`), the call syntax, and the rules (one call per message, reasoning before
/// it). Pure functions; see docs/tool-calling.md for the whole format.

#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief Where the model's output is cut when it takes stop words: right before the call's closing tag, so
/// nothing it imagines after a call (an invented result, a second call) is generated or paid for.
inline constexpr std::string_view stop_word = "</function";

namespace detail {

// A schema's `type`: a string, or a list such as ["string", "null"] (the first non-null one is meant);
// "string" when absent, as the parser then keeps the text as it is.
[[nodiscard]] POLYLLM_DECL std::string schema_type(const nlohmann::ordered_json& schema);

// An enum value as the model should write it: strings bare, anything else as JSON.
[[nodiscard]] POLYLLM_DECL std::string enum_value_text(const nlohmann::ordered_json& v);

}  // namespace detail

/// @brief One tool as a numbered block: description, then each parameter with its type, whether it is required,
/// its description and its allowed values.
///
///     ---- BEGIN FUNCTION #1: execute_bash ----
///     Description: Run a command in a shell.
///     Parameters:
///       (1) command (string, required): The command.
///       (2) mode (string, optional): How to run it.
///     Allowed values: [`fg`, `bg`]
///     ---- END FUNCTION #1 ----
[[nodiscard]] POLYLLM_DECL std::string describe_tool(const tool& t, std::size_t number);

/// @brief Every tool's block, numbered from 1, separated by blank lines.
[[nodiscard]] POLYLLM_DECL std::string describe_tools(std::span<const tool> tools);

/// @brief The text appended to the system message: the tools, the call syntax with an example, and the rules.
/// `choice` adds a line when the caller requires a call, a particular function, or no call at all.
[[nodiscard]] POLYLLM_DECL std::string system_prompt_suffix(std::span<const tool> tools,
                                                            const std::optional<tool_choice>& choice = std::nullopt);

/// @brief How a tool result is shown to the model, as the start of a user message: `EXECUTION RESULT of [NAME]:`
/// and a line break, then the output.
[[nodiscard]] POLYLLM_DECL std::string result_prefix(std::string_view tool_name);

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/prompt.ipp>
#endif
