#pragma once
/// @file
/// @brief The rules that translate JSON Schema to Gemini's `Schema` (see gemini_schema.hpp), one keyword at a time:
/// Gemini's allowlist of keywords and a pure function per keyword's value, declared here to be tested alone. The
/// writer in gemini_schema.hpp applies them all. Nothing here throws on any JSON value.

#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief The keywords of Gemini's `Schema`, in the order a translated schema writes them.
inline constexpr std::array<std::string_view, 22> gemini_schema_keywords{
    "type",        "format",   "title",         "description",   "nullable",  "enum",      "items",   "minItems",
    "maxItems",    "properties", "required",    "minProperties", "maxProperties", "minLength", "maxLength",
    "pattern",     "minimum",  "maximum",       "default",       "example",   "anyOf",     "propertyOrdering"};

[[nodiscard]] constexpr bool is_gemini_schema_keyword(std::string_view keyword) noexcept {
    for (auto k : gemini_schema_keywords)
        if (k == keyword) return true;
    return false;
}

// ---------------------------------------------------------------------------------------------- the rules

/// @brief `type`: a name or an array of names, as Gemini's lower-case names (known names only, each once) and
/// whether "null" was among them. `"integer"` and `"INTEGER"` are both "integer".
struct schema_types {
    std::vector<std::string_view> names;
    bool nullable = false;
};
[[nodiscard]] POLYLLM_DECL schema_types types_of(const nlohmann::ordered_json& type);

/// @brief `enum`: the string values (Gemini's enum is a list of strings) and whether null was among them. Any other
/// value makes the enum inexpressible: then `values` is null and `note` lists the values for the description.
struct enum_translation {
    nlohmann::ordered_json values;  ///< an array of strings, or null
    bool nullable = false;
    std::string note;
};
[[nodiscard]] POLYLLM_DECL enum_translation enum_of(const nlohmann::ordered_json& values);

/// @brief `const: v`: a one-string enum for a string, else the value said in the description.
[[nodiscard]] POLYLLM_DECL enum_translation const_of(const nlohmann::ordered_json& value);

/// @brief The lower bound Gemini's inclusive `minimum` can say for `minimum` and `exclusiveMinimum` (draft 6 and
/// later: a number; draft 4 and OpenAPI: a boolean that makes `minimum` exclusive). The nearest expressible bound:
/// for an integer, the next integer up; for a number, the bound itself (one value more is allowed). The tighter
/// bound wins when both are given. Null when there is none.
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json lower_bound(const nlohmann::ordered_json* minimum,
                                                            const nlohmann::ordered_json* exclusive_minimum,
                                                            bool integer);
/// @brief The same for `maximum` and `exclusiveMaximum` (the next integer down for an integer).
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json upper_bound(const nlohmann::ordered_json* maximum,
                                                            const nlohmann::ordered_json* exclusive_maximum,
                                                            bool integer);

/// @brief Whether Gemini takes `format` for `type`: "enum" and "date-time" for a string, "float" and "double" for a
/// number, "int32" and "int64" for an integer; nothing else.
[[nodiscard]] POLYLLM_DECL bool keeps_format(std::string_view type, const nlohmann::ordered_json& format) noexcept;

/// @brief The `example`: the schema's own, else the first of `examples`; null pointer when there is none.
[[nodiscard]] POLYLLM_DECL const nlohmann::ordered_json* example_of(const nlohmann::ordered_json* example,
                                                                  const nlohmann::ordered_json* examples) noexcept;

/// @brief `minItems`, `maxLength` and the other counts: a non-negative integer (an integral float counts), or none.
[[nodiscard]] POLYLLM_DECL std::optional<std::uint64_t> count_of(const nlohmann::ordered_json& value) noexcept;

/// @brief `required` lists (the schema's own, then those of `allOf` branches) kept to the names of `properties`
/// (Gemini refuses a required property it was not given), each once.
[[nodiscard]] POLYLLM_DECL std::vector<std::string_view> required_of(const std::vector<const nlohmann::ordered_json*>& lists,
                                                                   const std::vector<std::string_view>& properties);

/// @brief `propertyOrdering`: the user's own when it names only properties (each once), else `properties` in the
/// order they are written; empty for fewer than two properties.
[[nodiscard]] POLYLLM_DECL std::vector<std::string_view> property_ordering_of(
    const nlohmann::ordered_json* user, const std::vector<std::string_view>& properties);

/// @brief The value a local reference (`#`, `#/$defs/Name`, `#/definitions/Name`, any JSON pointer after `#`,
/// `~0`, `~1` and `%xx` decoded) names in `root`; null pointer for another document or a missing value.
[[nodiscard]] POLYLLM_DECL const nlohmann::ordered_json* resolve_ref(const nlohmann::ordered_json& root,
                                                                   std::string_view ref);

/// @brief A schema that allows only null: `{"type": "null"}` (or `{"nullable": true}`) and nothing that allows more.
[[nodiscard]] POLYLLM_DECL bool is_null_schema(const nlohmann::ordered_json& schema);

/// @brief The branches of `anyOf` (or `oneOf`, which Gemini lacks and anyOf loosens) that are written: all but the
/// null ones, which make the schema `nullable`, and `false`, which allows nothing. One branch left is merged into the
/// schema around it (whose own keywords win): Pydantic's `Optional[X]` is X with `nullable: true`.
struct any_of_branches {
    std::vector<const nlohmann::ordered_json*> kept;
    bool nullable = false;
};
[[nodiscard]] POLYLLM_DECL any_of_branches branches_of(const nlohmann::ordered_json& any_of);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/gemini_schema_rules.ipp>
#endif
