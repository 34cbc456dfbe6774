#pragma once
/// @file
/// @brief JSON Schema translated to the `Schema` object of Gemini (and Vertex AI): an OpenAPI 3.0 subset, whose API
/// rejects the whole request for a keyword it does not know. The translation keeps an allowlist of Gemini's keywords
/// and turns the rest into what Gemini can say (`$ref` inlined, type arrays and null branches as `nullable`, `const`
/// as an `enum`, exclusive bounds as inclusive ones), or drops it. Every rule is a pure function on one keyword's
/// value, declared in gemini_schema_rules.hpp to be tested alone; `write_gemini_schema` applies them all, writing
/// straight into a request body as the providers write the rest of it (`to_gemini_schema` gives the same as a JSON
/// value), and `gemini_schema_violation` (gemini_schema_violation.hpp) checks the result. The table of rules is in
/// docs/providers/gemini.md. Nothing here throws on any JSON value.

#include <polyllm/detail/json_writer.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/gemini_schema_rules.hpp>
#include <polyllm/wire/gemini_schema_violation.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief Limits that keep the translation finite on any input.
struct gemini_schema_limits {
    /// How many times a `$ref` is expanded inside its own expansion (a recursive model such as a tree node); the
    /// next occurrence is cut: a nullable schema of the definition's type, saying so in its description.
    std::size_t recursion = 2;
    /// Schemas nested deeper are cut the same way (a guard for the stack; Gemini refuses deep schemas anyway).
    std::size_t depth = 32;
    /// Schemas written in all; past it each further schema is cut (definitions that refer to each other twice over
    /// would otherwise expand exponentially).
    std::size_t nodes = 4096;
};

/// @brief What `write_gemini_schema` wrote at the top: the type (empty when none) and whether it has properties.
struct gemini_schema_summary {
    std::string_view type;
    bool has_properties = false;
};

/// @brief Writes a JSON Schema (draft 4 to 2020-12, or OpenAPI 3.0) as Gemini's `Schema`, straight into a request
/// body: only the keywords of `gemini_schema_keywords`, each with a value of the type Gemini reads, in that order,
/// and the properties in the order the user wrote them (`propertyOrdering`, since Gemini otherwise orders them
/// alphabetically). Anything that is not an object is `{}`. No tree of the translation is built.
POLYLLM_DECL gemini_schema_summary write_gemini_schema(polyllm::detail::json_writer& w,
                                                       const nlohmann::ordered_json& schema,
                                                       const gemini_schema_limits& limits = {});

/// @brief The same translation as a JSON value.
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json to_gemini_schema(const nlohmann::ordered_json& schema,
                                                                 const gemini_schema_limits& limits = {});

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/gemini_schema.ipp>
#endif
