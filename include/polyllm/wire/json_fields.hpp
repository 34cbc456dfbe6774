#pragma once
/// @file
/// @brief Reading fields of a parsed JSON body the way every provider reads them: a field that is absent or null is
/// not there (empty, zero or no value), and a field of the wrong type throws `nlohmann::json::exception`, which the
/// response parser and the stream decoder skeleton (wire/sse_decoder.hpp) turn into `errc::malformed_response`.

#include <polyllm/json.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief The string under `key`, or empty when the field is absent or null.
[[nodiscard]] POLYLLM_DECL std::string string_or_empty(const nlohmann::json& j, std::string_view key);

/// @brief The integer under `key`, or 0 when the field is absent or null.
[[nodiscard]] POLYLLM_DECL std::int64_t int_or_zero(const nlohmann::json& j, std::string_view key);

/// @brief The integer under `key`, or no value when the field is absent or null (a count not reported, which is not
/// a count of zero).
[[nodiscard]] POLYLLM_DECL std::optional<std::int64_t> int_or_null(const nlohmann::json& j, std::string_view key);

/// @brief The object under `key`, or null when the field is absent or not an object.
[[nodiscard]] POLYLLM_DECL const nlohmann::json* object_or_null(const nlohmann::json& j, std::string_view key);

/// @brief The array under `key`, or null when the field is absent or not an array.
[[nodiscard]] POLYLLM_DECL const nlohmann::json* array_or_null(const nlohmann::json& j, std::string_view key);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/json_fields.ipp>
#endif
