#pragma once
/// @file
/// @brief Checking a written call against the tools' JSON schemas and typing its values, so that the caller gets
/// the arguments a native tool call would carry: integers and numbers as JSON numbers, booleans as booleans,
/// arrays and objects parsed, strings as strings. Every problem is a distinct `call_error_kind` with a message
/// written for the model (call_error.hpp).

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/call_error.hpp>
#include <polyllm/fn_call/parse.hpp>
#include <polyllm/fn_call/prompt.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief The tool named `name`, or null.
[[nodiscard]] POLYLLM_DECL const tool* find_tool(std::span<const tool> tools, std::string_view name) noexcept;

/// @brief The call's arguments as JSON text (an object, parameters in the order written), checked against `t`'s
/// schema: every parameter known (unless the schema lists none or allows additional ones), none twice, each value
/// of its type and within its enum, every required one present.
[[nodiscard]] POLYLLM_DECL result<std::string> typed_arguments(const written_call& call, const tool& t);

/// @brief A standard tool call from a written one: the tool found by name, the arguments typed, the id given.
[[nodiscard]] POLYLLM_DECL result<tool_call> to_tool_call(const written_call& call, std::span<const tool> tools,
                                                         std::string id);

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/validate.ipp>
#endif
