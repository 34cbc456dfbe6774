#pragma once
/// @file
/// @brief Why a body that should be a JSON object is not one, said precisely: "is not valid JSON (it ends at byte
/// 1024 of 1024, inside a value)" for a truncated body, "is JSON but an array, not an object" for the wrong shape. A
/// user who sees "not a JSON object" for a cut-off reply looks in the wrong place. Bytes in, text out, no I/O.

#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief What is wrong with `text` as a JSON object, to follow a subject: "the response body " + this. Empty when
/// it is a JSON object.
[[nodiscard]] POLYLLM_DECL std::string json_object_problem(std::string_view text);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/json_diagnosis.ipp>
#endif
