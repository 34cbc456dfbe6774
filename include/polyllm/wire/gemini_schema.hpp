#pragma once
/// @file
/// @brief JSON Schema translated to the `Schema` object of Gemini (and Vertex AI): an OpenAPI 3.0 subset, whose API
/// rejects the whole request for a keyword it does not know. The translation keeps an allowlist of Gemini's keywords
/// and turns the rest into what Gemini can say (`$ref` inlined, type arrays and null branches as `nullable`, `const`
/// as an `enum`, exclusive bounds as inclusive ones), or drops it. Every rule is a pure function on one keyword's
/// value, declared here to be tested alone; `to_gemini_schema` applies them all. The table of rules is in
/// docs/providers/gemini.md. Nothing here throws on any JSON value.

#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

/// @brief A JSON Schema (draft 4 to 2020-12, or OpenAPI 3.0) as Gemini's `Schema`: only the keywords of
/// `gemini_schema_keywords`, each with a value of the type Gemini reads, properties in the order the user wrote them
/// (`propertyOrdering`, since Gemini otherwise orders them alphabetically). Anything that is not an object is `{}`.
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json to_gemini_schema(const nlohmann::ordered_json& schema,
                                                                 const gemini_schema_limits& limits = {});

/// @brief The first place where `schema` is not a Gemini `Schema` (a keyword outside the allowlist, or a value of a
/// type Gemini does not read), as a JSON pointer and a reason; empty when there is none. Checks what
/// `to_gemini_schema` writes.
[[nodiscard]] POLYLLM_DECL std::string gemini_schema_violation(const nlohmann::ordered_json& schema);

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

/// @brief `required` kept to the names of `properties` (Gemini refuses a required property it was not given),
/// each once; null when none is left.
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json required_of(const nlohmann::ordered_json& required,
                                                            const nlohmann::ordered_json& properties);

/// @brief `propertyOrdering`: the user's own when it names only properties (each once), else the order in which
/// `properties` are written; null for fewer than two properties.
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json property_ordering_of(const nlohmann::ordered_json* user,
                                                                     const nlohmann::ordered_json& properties);

/// @brief The value a local reference (`#`, `#/$defs/Name`, `#/definitions/Name`, any JSON pointer after `#`,
/// `~0`, `~1` and `%xx` decoded) names in `root`; null pointer for another document or a missing value.
[[nodiscard]] POLYLLM_DECL const nlohmann::ordered_json* resolve_ref(const nlohmann::ordered_json& root,
                                                                   std::string_view ref);

/// @brief `anyOf` (or `oneOf`, which Gemini lacks and anyOf loosens) of translated `branches`, with the rest of the
/// schema, `parent`: branches that allow only null become `nullable: true`; one branch left is merged into the parent
/// (the parent's keywords win), none left leaves the parent.
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json collapse_any_of(nlohmann::ordered_json parent,
                                                                std::vector<nlohmann::ordered_json> branches);

/// @brief `allOf` of translated `branches` merged into `parent`: properties and required names joined, any other
/// keyword taken from the first that has it (the parent first).
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json merge_all_of(nlohmann::ordered_json parent,
                                                             const std::vector<nlohmann::ordered_json>& branches);

/// @brief `schema`'s keywords in `gemini_schema_keywords` order (any other key after them, as it was).
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json in_keyword_order(nlohmann::ordered_json schema);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace wire {
namespace detail {

using ojson = nlohmann::ordered_json;

// A schema's keywords as pointers into the user's JSON: a `$ref` overlays its target's keywords under the
// referring schema's own without copying either.
struct schema_view {
    std::vector<std::pair<std::string_view, const ojson*>> keywords;

    [[nodiscard]] const ojson* find(std::string_view k) const noexcept {
        for (const auto& [key, value] : keywords)
            if (key == k) return value;
        return nullptr;
    }
    void add(std::string_view k, const ojson* value) {
        if (!find(k)) keywords.emplace_back(k, value);
    }
    void add_all(const ojson& object) {
        for (auto it = object.cbegin(); it != object.cend(); ++it) add(it.key(), &*it);
    }
    void remove(std::string_view k) {
        std::erase_if(keywords, [&](const auto& entry) { return entry.first == k; });
    }
};

inline std::string note_value(const ojson& v) { return v.dump(-1, ' ', false, ojson::error_handler_t::replace); }

inline std::string one_of_note(const ojson& values) {
    std::string note = "(one of: ";
    for (std::size_t i = 0; i < values.size(); ++i) note += (i ? ", " : "") + note_value(values[i]);
    return note + ")";
}

inline void add_note(ojson& schema, std::string_view note) {
    if (note.empty()) return;
    auto it = schema.find("description");
    if (it == schema.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        schema["description"] = std::string(note);
        return;
    }
    it->get_ref<std::string&>().append(" ").append(note);
}

// A branch that allows only null: what `{"type": "null"}` translates to.
inline bool only_null(const ojson& s) {
    if (!s.is_object()) return false;
    const auto nullable = s.find("nullable");
    if (nullable == s.end() || *nullable != true) return false;
    for (std::string_view k : {"type", "enum", "items", "properties", "anyOf"})
        if (s.contains(k)) return false;
    return true;
}

class translator {
public:
    translator(const ojson& root, const gemini_schema_limits& limits) : root_(root), limits_(limits) {}

    ojson schema(const ojson& s, std::size_t depth) {
        if (s.is_boolean() && s.get<bool>()) return ojson::object();  // `true` allows anything
        if (!s.is_object()) return ojson::object();
        schema_view v;
        v.add_all(s);
        return view(v, depth);
    }

private:
    ojson cut(const schema_view& v, std::string_view why) {
        ojson out = ojson::object();
        if (const auto* type = v.find("type")) {
            const auto types = types_of(*type);
            if (types.names.size() == 1) out["type"] = types.names.front();
        }
        if (const auto* d = v.find("description"); d && d->is_string()) out["description"] = *d;
        add_note(out, why);
        out["nullable"] = true;  // lets the model end the structure where the schema was cut
        return in_keyword_order(std::move(out));
    }

    ojson view(schema_view v, std::size_t depth) {
        if (depth > limits_.depth) return cut(v, "(nested too deeply: not expanded further)");
        if (++nodes_ > limits_.nodes) return cut(v, "(the schema is too large: not expanded further)");
        if (const auto* ref = v.find("$ref")) return referenced(std::move(v), *ref, depth);

        std::optional<schema_types> types;
        if (const auto* type = v.find("type")) types = types_of(*type);
        if (types && types->names.size() > 1) return split_types(v, *types, depth);
        const std::string_view type = types && !types->names.empty() ? types->names.front() : std::string_view{};

        ojson out = ojson::object();
        if (!type.empty()) out["type"] = type;
        if (const auto* format = v.find("format"); format && keeps_format(type, *format)) out["format"] = *format;
        for (std::string_view k : {"title", "description", "pattern"})
            if (const auto* text = v.find(k); text && text->is_string()) out[k] = *text;
        if ((types && types->nullable) || (v.find("nullable") && *v.find("nullable") == true)) out["nullable"] = true;

        std::string notes;
        auto values = [&](const enum_translation& e) {
            if (e.nullable) out["nullable"] = true;
            if (!e.note.empty()) notes += (notes.empty() ? "" : " ") + e.note;
            if (!e.values.is_array() || out.contains("enum")) return;
            if (type.empty() || type == "string") {
                out["enum"] = e.values;
                out["type"] = "string";
            } else {  // names for a number or an object: Gemini's enum is for strings only
                notes += (notes.empty() ? "" : " ") + one_of_note(e.values);
            }
        };
        if (const auto* c = v.find("const")) values(const_of(*c));
        if (const auto* e = v.find("enum")) values(enum_of(*e));

        const auto* items = v.find("items");
        if (!items || !(items->is_object() || items->is_array() || *items == true)) items = v.find("prefixItems");
        if (items && items->is_array()) {  // a tuple: Gemini's arrays have one item schema
            std::vector<ojson> branches;
            for (const auto& item : *items) branches.push_back(schema(item, depth + 1));
            if (!branches.empty()) out["items"] = collapse_any_of(ojson::object(), std::move(branches));
        } else if (items && (items->is_object() || *items == true)) {
            out["items"] = schema(*items, depth + 1);
        }
        for (std::string_view k : {"minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength"})
            if (const auto* count = v.find(k))
                if (const auto n = count_of(*count)) out[k] = *n;

        if (const auto* properties = v.find("properties"); properties && properties->is_object()) {
            ojson translated = ojson::object();
            for (auto it = properties->cbegin(); it != properties->cend(); ++it)
                if (it->is_object() || *it == true) translated[it.key()] = schema(*it, depth + 1);
            if (!translated.empty()) {
                if (const auto* required = v.find("required"))
                    if (auto names = required_of(*required, translated); !names.is_null()) out["required"] = names;
                if (auto order = property_ordering_of(v.find("propertyOrdering"), translated); !order.is_null())
                    out["propertyOrdering"] = std::move(order);
                out["properties"] = std::move(translated);
            }
        }

        const bool integer = type == "integer";
        if (auto low = lower_bound(v.find("minimum"), v.find("exclusiveMinimum"), integer); !low.is_null())
            out["minimum"] = std::move(low);
        if (auto high = upper_bound(v.find("maximum"), v.find("exclusiveMaximum"), integer); !high.is_null())
            out["maximum"] = std::move(high);
        if (const auto* d = v.find("default")) out["default"] = *d;
        if (const auto* example = example_of(v.find("example"), v.find("examples"))) out["example"] = *example;
        add_note(out, notes);

        if (const auto* all = v.find("allOf"); all && all->is_array()) {
            std::vector<ojson> branches;
            for (const auto& branch : *all) branches.push_back(schema(branch, depth + 1));
            out = merge_all_of(std::move(out), branches);
        }
        const auto* any = v.find("anyOf");
        if (!any || !any->is_array()) any = v.find("oneOf");
        if (any && any->is_array()) {
            std::vector<ojson> branches;
            for (const auto& branch : *any)
                if (branch != false) branches.push_back(schema(branch, depth + 1));  // false: never this branch
            out = collapse_any_of(std::move(out), std::move(branches));
        }
        return in_keyword_order(std::move(out));
    }

    ojson referenced(schema_view v, const ojson& ref, std::size_t depth) {
        v.remove("$ref");
        const ojson* target = ref.is_string() ? resolve_ref(root_, ref.get_ref<const std::string&>()) : nullptr;
        if (!target || !target->is_object()) return view(std::move(v), depth);  // unresolvable: dropped
        const auto& name = ref.get_ref<const std::string&>();
        if (std::size_t(std::count(expanding_.begin(), expanding_.end(), name)) >= limits_.recursion) {
            schema_view of_target = v;
            of_target.add_all(*target);
            return cut(of_target, "(recursive " + name + ": not expanded further)");
        }
        v.add_all(*target);  // the referring schema's own keywords win
        expanding_.push_back(name);
        auto out = view(std::move(v), depth + 1);
        expanding_.pop_back();
        return out;
    }

    // ["string", "integer"]: a branch per type, each with the keywords of its type; the rest stays around them.
    ojson split_types(const schema_view& v, const schema_types& types, std::size_t depth) {
        static constexpr std::string_view shared[] = {"title", "description", "default", "example", "examples",
                                                      "nullable", "anyOf", "oneOf", "allOf", "type"};
        auto is_shared = [](std::string_view k) {
            return std::find(std::begin(shared), std::end(shared), k) != std::end(shared);
        };
        schema_view rest;
        for (const auto& [key, value] : v.keywords)
            if (is_shared(key) && key != "type") rest.add(key, value);
        std::vector<ojson> names(types.names.begin(), types.names.end());
        std::vector<ojson> branches;
        for (std::size_t i = 0; i < names.size(); ++i) {
            schema_view branch;
            branch.add("type", &names[i]);
            for (const auto& [key, value] : v.keywords)
                if (!is_shared(key) && keyword_applies(types.names[i], key)) branch.add(key, value);
            branches.push_back(view(std::move(branch), depth + 1));
        }
        auto out = view(std::move(rest), depth);
        if (types.nullable) out["nullable"] = true;
        return in_keyword_order(collapse_any_of(std::move(out), std::move(branches)));
    }

    // Whether a keyword that belongs to some types belongs to `type`; any other keyword goes with every type.
    static bool keyword_applies(std::string_view type, std::string_view k) {
        static constexpr std::string_view string_only[] = {"minLength", "maxLength", "pattern"};
        static constexpr std::string_view number_only[] = {"minimum", "maximum", "exclusiveMinimum",
                                                           "exclusiveMaximum", "multipleOf"};
        static constexpr std::string_view array_only[] = {"items", "prefixItems", "minItems", "maxItems",
                                                          "uniqueItems", "contains"};
        static constexpr std::string_view object_only[] = {"properties", "required", "minProperties",
                                                           "maxProperties", "propertyOrdering",
                                                           "additionalProperties", "patternProperties"};
        auto in = [&](const auto& list) { return std::find(std::begin(list), std::end(list), k) != std::end(list); };
        if (in(string_only)) return type == "string";
        if (in(number_only)) return type == "number" || type == "integer";
        if (in(array_only)) return type == "array";
        if (in(object_only)) return type == "object";
        return true;
    }

    const ojson& root_;
    const gemini_schema_limits& limits_;
    std::vector<std::string> expanding_;  // the references being expanded, outermost first
    std::size_t nodes_ = 0;
};

inline bool is_count(const ojson& v) {
    return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

inline std::string violation(const ojson& s, const std::string& at, std::size_t depth) {
    if (depth > 256) return at + ": nested too deeply";
    if (!s.is_object()) return at + ": not an object";
    for (auto it = s.cbegin(); it != s.cend(); ++it) {
        const std::string& k = it.key();
        const auto& v = *it;
        const std::string here = at + "/" + k;
        if (!is_gemini_schema_keyword(k)) return here + ": not a keyword of Gemini's Schema";
        auto strings = [&] {
            return v.is_array() && std::all_of(v.begin(), v.end(), [](const ojson& e) { return e.is_string(); });
        };
        bool ok = true;
        if (k == "type") {
            const auto types = types_of(v);
            ok = v.is_string() && types.names.size() == 1 && v.get_ref<const std::string&>() == types.names.front();
        }
        else if (k == "format" || k == "title" || k == "description" || k == "pattern") ok = v.is_string();
        else if (k == "nullable") ok = v.is_boolean();
        else if (k == "enum" || k == "required" || k == "propertyOrdering") ok = strings();
        else if (k.starts_with("min") && k != "minimum") ok = is_count(v);
        else if (k.starts_with("max") && k != "maximum") ok = is_count(v);
        else if (k == "minimum" || k == "maximum") ok = v.is_number();
        else if (k == "items") {
            if (auto inner = violation(v, here, depth + 1); !inner.empty()) return inner;
        } else if (k == "properties") {
            if (!v.is_object()) return here + ": not an object";
            for (auto p = v.cbegin(); p != v.cend(); ++p)
                if (auto inner = violation(*p, here + "/" + p.key(), depth + 1); !inner.empty()) return inner;
        } else if (k == "anyOf") {
            if (!v.is_array()) return here + ": not an array";
            for (std::size_t i = 0; i < v.size(); ++i)
                if (auto inner = violation(v[i], here + "/" + std::to_string(i), depth + 1); !inner.empty())
                    return inner;
        }
        if (!ok) return here + ": a value Gemini does not read there (" + note_value(v).substr(0, 80) + ")";
    }
    return {};
}

}  // namespace detail

POLYLLM_DECL nlohmann::ordered_json to_gemini_schema(const nlohmann::ordered_json& schema,
                                                   const gemini_schema_limits& limits) {
    return detail::translator(schema, limits).schema(schema, 0);
}

POLYLLM_DECL std::string gemini_schema_violation(const nlohmann::ordered_json& schema) {
    return detail::violation(schema, "", 0);
}

POLYLLM_DECL schema_types types_of(const nlohmann::ordered_json& type) {
    static constexpr std::string_view known[] = {"string", "number", "integer", "boolean", "array", "object"};
    schema_types out;
    auto add = [&](const nlohmann::ordered_json& name) {
        if (!name.is_string()) return;
        const auto& text = name.get_ref<const std::string&>();
        auto same = [&](std::string_view k) {
            return text.size() == k.size() && std::equal(k.begin(), k.end(), text.begin(), [](char a, char b) {
                       return a == (b >= 'A' && b <= 'Z' ? char(b - 'A' + 'a') : b);
                   });
        };
        if (same("null")) {
            out.nullable = true;
            return;
        }
        for (auto k : known)
            if (same(k) && std::find(out.names.begin(), out.names.end(), k) == out.names.end()) out.names.push_back(k);
    };
    if (type.is_array()) {
        for (const auto& name : type) add(name);
    } else {
        add(type);
    }
    return out;
}

POLYLLM_DECL enum_translation enum_of(const nlohmann::ordered_json& values) {
    enum_translation out;
    if (!values.is_array()) return out;
    auto strings = nlohmann::ordered_json::array();
    bool others = false;
    for (const auto& v : values) {
        if (v.is_null()) out.nullable = true;
        else if (v.is_string()) strings.push_back(v);
        else others = true;
    }
    if (!others) {
        if (!strings.empty()) out.values = std::move(strings);
        return out;
    }
    out.note = detail::one_of_note(values);
    out.nullable = false;  // said in the note with the rest
    return out;
}

POLYLLM_DECL enum_translation const_of(const nlohmann::ordered_json& value) {
    enum_translation out;
    if (value.is_string()) out.values = nlohmann::ordered_json::array({value});
    else out.note = "(always " + detail::note_value(value) + ")";
    return out;
}

namespace detail {

// A bound given as a number, made inclusive: `step` is +1 for a lower bound, -1 for an upper one.
inline ojson inclusive(const ojson& bound, int step, bool integer) {
    if (!integer) return bound;
    if (bound.is_number_integer() && !bound.is_number_unsigned()) {
        const auto n = bound.get<std::int64_t>();
        if ((step > 0 && n == std::numeric_limits<std::int64_t>::max()) ||
            (step < 0 && n == std::numeric_limits<std::int64_t>::min()))
            return bound;
        return n + step;
    }
    if (bound.is_number_unsigned()) {
        const auto n = bound.get<std::uint64_t>();
        if (step > 0) return n == std::numeric_limits<std::uint64_t>::max() ? bound : ojson(n + 1);
        return n == 0 ? ojson(-1) : ojson(n - 1);
    }
    const double d = bound.get<double>();
    if (!std::isfinite(d)) return bound;
    return step > 0 ? std::floor(d) + 1 : std::ceil(d) - 1;
}

inline ojson bound(const ojson* plain, const ojson* exclusive, int step, bool integer) {
    ojson candidates[2];
    if (plain && plain->is_number()) {
        const bool draft4_exclusive = exclusive && *exclusive == true;
        candidates[0] = draft4_exclusive ? inclusive(*plain, step, integer) : *plain;
    }
    if (exclusive && exclusive->is_number()) candidates[1] = inclusive(*exclusive, step, integer);
    if (candidates[0].is_null()) return candidates[1];
    if (candidates[1].is_null()) return candidates[0];
    const double a = candidates[0].get<double>(), b = candidates[1].get<double>();
    return (step > 0 ? b > a : b < a) ? candidates[1] : candidates[0];
}

}  // namespace detail

POLYLLM_DECL nlohmann::ordered_json lower_bound(const nlohmann::ordered_json* minimum,
                                              const nlohmann::ordered_json* exclusive_minimum, bool integer) {
    return detail::bound(minimum, exclusive_minimum, +1, integer);
}

POLYLLM_DECL nlohmann::ordered_json upper_bound(const nlohmann::ordered_json* maximum,
                                              const nlohmann::ordered_json* exclusive_maximum, bool integer) {
    return detail::bound(maximum, exclusive_maximum, -1, integer);
}

POLYLLM_DECL bool keeps_format(std::string_view type, const nlohmann::ordered_json& format) noexcept {
    if (!format.is_string()) return false;
    const std::string_view f = format.get_ref<const std::string&>();
    if (type == "string") return f == "enum" || f == "date-time";
    if (type == "number") return f == "float" || f == "double";
    if (type == "integer") return f == "int32" || f == "int64";
    return false;
}

POLYLLM_DECL const nlohmann::ordered_json* example_of(const nlohmann::ordered_json* example,
                                                    const nlohmann::ordered_json* examples) noexcept {
    if (example) return example;
    if (examples && examples->is_array() && !examples->empty()) return &examples->front();
    return nullptr;
}

POLYLLM_DECL std::optional<std::uint64_t> count_of(const nlohmann::ordered_json& value) noexcept {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer()) {
        const auto n = value.get<std::int64_t>();
        return n >= 0 ? std::optional<std::uint64_t>(std::uint64_t(n)) : std::nullopt;
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (d >= 0 && d < 9.0e18 && std::floor(d) == d) return std::uint64_t(d);
    }
    return std::nullopt;
}

POLYLLM_DECL nlohmann::ordered_json required_of(const nlohmann::ordered_json& required,
                                              const nlohmann::ordered_json& properties) {
    if (!required.is_array() || !properties.is_object()) return nullptr;
    auto out = nlohmann::ordered_json::array();
    for (const auto& name : required)
        if (name.is_string() && properties.contains(name.get_ref<const std::string&>()) &&
            std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    return out.empty() ? nlohmann::ordered_json() : out;
}

POLYLLM_DECL nlohmann::ordered_json property_ordering_of(const nlohmann::ordered_json* user,
                                                       const nlohmann::ordered_json& properties) {
    if (!properties.is_object() || properties.size() < 2) return nullptr;
    if (user && user->is_array() && !user->empty()) {
        auto names = nlohmann::ordered_json::array();
        bool valid = true;
        for (const auto& name : *user) {
            valid = name.is_string() && properties.contains(name.get_ref<const std::string&>()) &&
                    std::find(names.begin(), names.end(), name) == names.end();
            if (!valid) break;
            names.push_back(name);
        }
        if (valid) return names;
    }
    auto names = nlohmann::ordered_json::array();
    for (auto it = properties.cbegin(); it != properties.cend(); ++it) names.push_back(it.key());
    return names;
}

POLYLLM_DECL const nlohmann::ordered_json* resolve_ref(const nlohmann::ordered_json& root, std::string_view ref) {
    if (ref.empty() || ref.front() != '#') return nullptr;
    ref.remove_prefix(1);
    const nlohmann::ordered_json* at = &root;
    if (ref.empty()) return at;
    if (ref.front() != '/') return nullptr;  // a plain-name fragment ($anchor) is not followed
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    while (!ref.empty()) {
        ref.remove_prefix(1);  // the '/'
        const auto end = std::min(ref.find('/'), ref.size());
        std::string token;
        for (std::size_t i = 0; i < end; ++i) {
            const char c = ref[i];
            if (c == '~' && i + 1 < end && (ref[i + 1] == '0' || ref[i + 1] == '1')) {
                token += ref[++i] == '0' ? '~' : '/';
            } else if (c == '%' && i + 2 < end && hex(ref[i + 1]) >= 0 && hex(ref[i + 2]) >= 0) {
                token += char(hex(ref[i + 1]) * 16 + hex(ref[i + 2]));
                i += 2;
            } else {
                token += c;
            }
        }
        ref.remove_prefix(end);
        if (at->is_object()) {
            const auto it = at->find(token);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array()) {
            if (token.empty() || token.size() > 9 || !std::all_of(token.begin(), token.end(), [](char c) {
                    return c >= '0' && c <= '9';
                }))
                return nullptr;
            const auto index = std::stoul(token);
            if (index >= at->size()) return nullptr;
            at = &(*at)[index];
        } else {
            return nullptr;
        }
    }
    return at;
}

POLYLLM_DECL nlohmann::ordered_json collapse_any_of(nlohmann::ordered_json parent,
                                                  std::vector<nlohmann::ordered_json> branches) {
    if (!parent.is_object()) parent = nlohmann::ordered_json::object();
    bool nullable = false;
    std::erase_if(branches, [&](const nlohmann::ordered_json& b) {
        if (!detail::only_null(b)) return false;
        nullable = true;
        return true;
    });
    if (branches.size() == 1 && branches.front().is_object()) {
        auto merged = std::move(branches.front());
        for (auto it = parent.begin(); it != parent.end(); ++it) merged[it.key()] = std::move(*it);
        parent = std::move(merged);
    } else if (!branches.empty()) {
        parent["anyOf"] = std::move(branches);
    }
    if (nullable) parent["nullable"] = true;
    return in_keyword_order(std::move(parent));
}

POLYLLM_DECL nlohmann::ordered_json merge_all_of(nlohmann::ordered_json parent,
                                               const std::vector<nlohmann::ordered_json>& branches) {
    if (!parent.is_object()) parent = nlohmann::ordered_json::object();
    bool joined = false;  // a branch added properties to those the parent had
    for (const auto& branch : branches) {
        if (!branch.is_object()) continue;
        for (auto it = branch.cbegin(); it != branch.cend(); ++it) {
            const auto& k = it.key();
            auto mine = parent.find(k);
            if (mine == parent.end()) {
                parent[k] = *it;
            } else if (k == "properties" && mine->is_object() && it->is_object()) {
                for (auto p = it->cbegin(); p != it->cend(); ++p)
                    if (!mine->contains(p.key())) {
                        (*mine)[p.key()] = *p;
                        joined = true;
                    }
            } else if (k == "required" && mine->is_array() && it->is_array()) {
                for (const auto& name : *it)
                    if (std::find(mine->begin(), mine->end(), name) == mine->end()) mine->push_back(name);
            }
        }
    }
    // The joined properties are ordered as they came: the parent's, then each branch's new ones.
    if (auto properties = parent.find("properties"); joined && properties != parent.end())
        parent["propertyOrdering"] = property_ordering_of(nullptr, *properties);
    return in_keyword_order(std::move(parent));
}

POLYLLM_DECL nlohmann::ordered_json in_keyword_order(nlohmann::ordered_json schema) {
    if (!schema.is_object()) return schema;
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (auto k : gemini_schema_keywords)
        if (auto it = schema.find(k); it != schema.end()) out[std::string(k)] = std::move(*it);
    for (auto it = schema.begin(); it != schema.end(); ++it)
        if (!is_gemini_schema_keyword(it.key())) out[it.key()] = std::move(*it);
    return out;
}

}  // namespace wire
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
