#pragma once
/// @file
/// @brief Why a function call written as text could not be turned into a tool call. Each kind is a distinct
/// `error::type`; the message is written for the model, so a caller can send it back as it is and let the model
/// correct itself. See docs/tool-calling.md.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief What was wrong with a call the model wrote.
enum class call_error_kind {
    malformed_call,      ///< the text is not the call format (a parameter never closed, no function name)
    unknown_function,    ///< no tool has that name
    unknown_parameter,   ///< the tool's schema has no such parameter
    duplicate_parameter, ///< the same parameter twice
    invalid_integer,     ///< an integer parameter whose value does not parse as one
    invalid_number,      ///< a number parameter whose value does not parse as one
    invalid_boolean,     ///< a boolean parameter that is neither true nor false
    invalid_array,       ///< an array parameter whose value is not a JSON array
    invalid_object,      ///< an object parameter whose value is not a JSON object
    value_not_allowed,   ///< a value outside the parameter's enum
    missing_parameter,   ///< a required parameter is absent
};

[[nodiscard]] constexpr std::string_view to_string(call_error_kind k) noexcept {
    switch (k) {
        case call_error_kind::malformed_call: return "malformed_call";
        case call_error_kind::unknown_function: return "unknown_function";
        case call_error_kind::unknown_parameter: return "unknown_parameter";
        case call_error_kind::duplicate_parameter: return "duplicate_parameter";
        case call_error_kind::invalid_integer: return "invalid_integer";
        case call_error_kind::invalid_number: return "invalid_number";
        case call_error_kind::invalid_boolean: return "invalid_boolean";
        case call_error_kind::invalid_array: return "invalid_array";
        case call_error_kind::invalid_object: return "invalid_object";
        case call_error_kind::value_not_allowed: return "value_not_allowed";
        case call_error_kind::missing_parameter: return "missing_parameter";
    }
    return "malformed_call";
}

/// @brief The error for a call the model got wrong: `errc::malformed_response` (the reply is not a usable call),
/// `type` naming the kind, `message` addressed to the model.
[[nodiscard]] POLYLLM_DECL error make_call_error(call_error_kind kind, std::string message);

/// @brief The kind of a call error, or nothing for any other error.
[[nodiscard]] POLYLLM_DECL std::optional<call_error_kind> call_error_kind_of(const error& e) noexcept;

namespace detail {

// A value quoted in a message to the model: whole when short, its start otherwise, so an error about a huge
// value does not repeat the value.
[[nodiscard]] POLYLLM_DECL std::string quote_value(std::string_view value, std::size_t limit = 120);

}  // namespace detail
}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/call_error.ipp>
#endif
