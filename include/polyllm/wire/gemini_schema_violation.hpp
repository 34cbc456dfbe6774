#pragma once
/// @file
/// @brief Whether a JSON value is a `Schema` that Gemini accepts: the check of what `to_gemini_schema`
/// (gemini_schema.hpp) writes, for tests, fuzzing and users who build a Gemini schema by hand.

#include <polyllm/version.hpp>
#include <polyllm/wire/gemini_schema_rules.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief The first place where `schema` is not a Gemini `Schema` (a keyword outside the allowlist, or a value of a
/// type Gemini does not read), as a JSON pointer and a reason; empty when there is none. Checks what
/// `to_gemini_schema` writes.
[[nodiscard]] POLYLLM_DECL std::string gemini_schema_violation(const nlohmann::ordered_json& schema);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/gemini_schema_violation.ipp>
#endif
