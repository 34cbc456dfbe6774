#pragma once
/// @file
/// @brief A tool call written as text, the way a model without native function calling writes it:
///
///     <function=NAME>
///     <parameter=KEY>value</parameter>
///     <parameter=OTHER>
///     a value of
///     several lines
///     </parameter>
///     </function>
///
/// A value with a line break gets a line of its own on each side, which the parser removes again, so every string
/// survives the round trip unchanged. Arrays, objects, numbers and booleans are written as compact JSON.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief One parameter: `<parameter=KEY>value</parameter>` and a line break.
[[nodiscard]] POLYLLM_DECL std::string parameter_text(std::string_view key, std::string_view value);

/// @brief The call as text. Its arguments must be a JSON object (or empty, for a call without parameters);
/// anything else is `errc::bad_request` naming the call, as it cannot be written in this form.
[[nodiscard]] POLYLLM_DECL result<std::string> call_text(const tool_call& call);

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/call_text.ipp>
#endif
