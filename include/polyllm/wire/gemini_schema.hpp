#pragma once
/// @file
/// @brief JSON Schema translated to the `Schema` object of Gemini (and Vertex AI): an OpenAPI 3.0 subset, whose API
/// rejects the whole request for a keyword it does not know. The translation keeps an allowlist of Gemini's keywords
/// and turns the rest into what Gemini can say (`$ref` inlined, type arrays and null branches as `nullable`, `const`
/// as an `enum`, exclusive bounds as inclusive ones), or drops it. Every rule is a pure function on one keyword's
/// value, declared here to be tested alone; `write_gemini_schema` applies them all, writing straight into a request
/// body as the providers write the rest of it (`to_gemini_schema` gives the same as a JSON value). The table of
/// rules is in docs/providers/gemini.md. Nothing here throws on any JSON value.

#include <polyllm/detail/json_writer.hpp>
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
POLYLLM_NAMESPACE_BEGIN
namespace wire {
namespace detail {

using ojson = nlohmann::ordered_json;

// A schema's keywords as pointers into the user's JSON: a `$ref` overlays its target's keywords under the
// referring schema's own without copying either.
struct schema_view {
    std::vector<std::pair<std::string_view, const ojson*>> keywords;
    std::vector<const ojson*> more_properties;  // of allOf branches, after the schema's own
    std::vector<const ojson*> more_required;
    std::string_view type;  // a branch of a type array: its one type
    bool nullable = false;  // an anyOf had a null branch

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

inline bool listed(std::initializer_list<std::string_view> list, std::string_view k) noexcept {
    return std::find(list.begin(), list.end(), k) != list.end();
}

// Whether a keyword that belongs to some types belongs to `type`; any other keyword goes with every type.
inline bool keyword_applies(std::string_view type, std::string_view k) noexcept {
    if (listed({"minLength", "maxLength", "pattern"}, k)) return type == "string";
    if (listed({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}, k))
        return type == "number" || type == "integer";
    if (listed({"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"}, k)) return type == "array";
    if (listed({"properties", "required", "minProperties", "maxProperties", "propertyOrdering",
                "additionalProperties", "patternProperties"},
               k))
        return type == "object";
    return true;
}

// Writes schemas straight into the body. A `$ref`, an `allOf` and an `anyOf` with one branch left are merged as
// views (keyword pointers) before anything is written, so that every schema object is written once, in order.
class schema_writer {
public:
    schema_writer(polyllm::detail::json_writer& w, const ojson& root, const gemini_schema_limits& limits)
        : w_(w), root_(root), limits_(limits) {}

    gemini_schema_summary schema(const ojson& s, std::size_t depth) {
        if (!s.is_object()) {  // `true` allows anything; anything else is not a schema
            w_.begin_object().end_object();
            return {};
        }
        schema_view v;
        v.keywords.reserve(s.size());
        v.add_all(s);
        return view(std::move(v), depth);
    }

private:
    // An allOf branch joined to the schema: its properties and required names added to the schema's, any other
    // keyword taken when the schema lacks it. A branch that is a reference is followed (a few hops; a cycle of
    // allOf references is left to the depth limit).
    void merge(schema_view& v, const ojson& branch, int hops = 0) {
        for (auto it = branch.cbegin(); it != branch.cend(); ++it) {
            const std::string_view k = it.key();
            if (k == "$ref") continue;
            if (k == "properties" && v.find(k)) v.more_properties.push_back(&*it);
            else if (k == "required" && v.find(k)) v.more_required.push_back(&*it);
            else v.add(k, &*it);
        }
        const auto ref = branch.find("$ref");
        if (ref == branch.end() || !ref->is_string() || hops >= 8) return;
        if (const auto* target = resolve_ref(root_, ref->get_ref<const std::string&>()); target && target->is_object())
            merge(v, *target, hops + 1);
    }

    gemini_schema_summary cut(const schema_view& v, std::string_view why) {
        gemini_schema_summary summary;
        w_.begin_object();
        if (const auto* type = v.find("type")) {
            const auto types = types_of(*type);
            if (types.names.size() == 1) w_.key("type").string(summary.type = types.names.front());
        }
        const auto* d = v.find("description");
        if (d && d->is_string() && !d->get_ref<const std::string&>().empty())
            w_.key("description").string({d->get_ref<const std::string&>(), " ", why});
        else
            w_.key("description").string(why);
        w_.key("nullable").boolean(true);  // lets the model end the structure where the schema was cut
        w_.end_object();
        return summary;
    }

    gemini_schema_summary view(schema_view v, std::size_t depth) {
        if (depth > limits_.depth) return cut(v, "(nested too deeply: not expanded further)");
        if (++nodes_ > limits_.nodes) return cut(v, "(the schema is too large: not expanded further)");

        if (const auto* ref = v.find("$ref")) {
            v.remove("$ref");
            const ojson* target = ref->is_string() ? resolve_ref(root_, ref->get_ref<const std::string&>()) : nullptr;
            if (!target || !target->is_object()) return view(std::move(v), depth);  // unresolvable: dropped
            const auto& name = ref->get_ref<const std::string&>();
            v.add_all(*target);  // the referring schema's own keywords win
            if (std::size_t(std::count(expanding_.begin(), expanding_.end(), name)) >= limits_.recursion)
                return cut(v, "(recursive " + name + ": not expanded further)");
            expanding_.push_back(name);
            const auto summary = view(std::move(v), depth + 1);
            expanding_.pop_back();
            return summary;
        }

        if (const auto* all = v.find("allOf"); all && all->is_array()) {
            v.remove("allOf");
            for (const auto& branch : *all)
                if (branch.is_object()) merge(v, branch);
            return view(std::move(v), depth + 1);
        }

        const auto* any = v.find("anyOf");
        if (!any || !any->is_array()) any = v.find("oneOf");
        any_of_branches branches;
        if (any && any->is_array()) {
            branches = branches_of(*any);
            v.remove("anyOf");
            v.remove("oneOf");
            v.nullable = v.nullable || branches.nullable;
            if (branches.kept.size() == 1 && branches.kept.front()->is_object()) {
                v.add_all(*branches.kept.front());  // the schema's own keywords win
                return view(std::move(v), depth + 1);
            }
        }

        schema_types types;
        if (const auto* type = v.find("type")) types = types_of(*type);
        if (types.names.size() > 1) return split(v, types, depth);
        return write(v, types, branches.kept, depth);
    }

    // ["string", "integer"]: a branch per type, each with the keywords of its type; the rest stays around them.
    gemini_schema_summary split(const schema_view& v, const schema_types& types, std::size_t depth) {
        auto shared = [](std::string_view k) {
            return listed({"title", "description", "default", "example", "examples", "nullable", "type"}, k);
        };
        schema_view around;
        for (const auto& [key, value] : v.keywords)
            if (shared(key) && key != "type") around.add(key, value);
        around.nullable = v.nullable || types.nullable;
        std::vector<schema_view> branches;
        for (const auto name : types.names) {
            schema_view branch;
            branch.type = name;
            for (const auto& [key, value] : v.keywords)
                if (!shared(key) && keyword_applies(name, key)) branch.add(key, value);
            if (name == "object") {  // what allOf branches added
                branch.more_properties = v.more_properties;
                branch.more_required = v.more_required;
            }
            branches.push_back(std::move(branch));
        }
        return write(around, {}, {}, depth, &branches);
    }

    // One schema object, its keywords in the allowlist's order.
    gemini_schema_summary write(const schema_view& v, const schema_types& types,
                                const std::vector<const ojson*>& any_of, std::size_t depth,
                                std::vector<schema_view>* type_branches = nullptr) {
        gemini_schema_summary summary;
        summary.type = !v.type.empty() ? v.type : !types.names.empty() ? types.names.front() : std::string_view{};
        bool nullable = v.nullable || types.nullable;
        if (const auto* n = v.find("nullable"); n && *n == true) nullable = true;

        // const and enum: strings as an enum, anything else said in the description.
        const ojson* enum_values = nullptr;
        enum_translation from_const, from_enum;
        std::string notes;
        auto take = [&](enum_translation& e) {
            nullable = nullable || e.nullable;
            if (!e.note.empty()) notes += (notes.empty() ? "" : " ") + e.note;
            if (!e.values.is_array() || enum_values) return;
            if (summary.type.empty() || summary.type == "string") {
                enum_values = &e.values;
                summary.type = "string";
            } else {  // names for a number or an object: Gemini's enum is for strings only
                notes += (notes.empty() ? "" : " ") + one_of_note(e.values);
            }
        };
        if (const auto* c = v.find("const")) take(from_const = const_of(*c));
        if (const auto* e = v.find("enum")) {
            const bool strings = e->is_array() && !e->empty() &&
                                 std::all_of(e->begin(), e->end(), [](const ojson& x) { return x.is_string(); });
            if (strings && !enum_values && (summary.type.empty() || summary.type == "string")) {
                enum_values = e;  // the common case, written as it is
                summary.type = "string";
            } else {
                take(from_enum = enum_of(*e));
            }
        }

        w_.begin_object();
        if (!summary.type.empty()) w_.key("type").string(summary.type);
        if (const auto* format = v.find("format"); format && keeps_format(summary.type, *format))
            w_.key("format").value(*format);
        if (const auto* title = v.find("title"); title && title->is_string()) w_.key("title").value(*title);
        const auto* description = v.find("description");
        const std::string_view own =
            description && description->is_string() ? std::string_view(description->get_ref<const std::string&>()) : "";
        if (!own.empty() && !notes.empty()) w_.key("description").string({own, " ", notes});
        else if (!own.empty() || !notes.empty())
            w_.key("description").string(own.empty() ? std::string_view(notes) : own);
        if (nullable) w_.key("nullable").boolean(true);
        if (enum_values) w_.key("enum").value(*enum_values);

        const auto* items = v.find("items");
        if (!items || !(items->is_object() || items->is_array() || *items == true)) items = v.find("prefixItems");
        if (items && items->is_array()) {  // a tuple: Gemini's arrays have one item schema, the others anyOf it
            if (!items->empty()) {
                w_.key("items");
                if (items->size() == 1) {
                    schema(items->front(), depth + 1);
                } else {
                    w_.begin_object().key("anyOf").begin_array();
                    for (const auto& item : *items) schema(item, depth + 1);
                    w_.end_array().end_object();
                }
            }
        } else if (items && (items->is_object() || *items == true)) {
            w_.key("items");
            schema(*items, depth + 1);
        }
        count("minItems", v);
        count("maxItems", v);

        // Properties: the schema's own, then those allOf branches added; a schema `false` allows no property.
        std::vector<std::pair<std::string_view, const ojson*>> properties;
        auto gather = [&](const ojson* from) {
            if (!from || !from->is_object()) return;
            for (auto it = from->cbegin(); it != from->cend(); ++it) {
                if (!(it->is_object() || *it == true)) continue;
                const std::string_view name = it.key();
                if (std::none_of(properties.begin(), properties.end(), [&](const auto& p) { return p.first == name; }))
                    properties.emplace_back(name, &*it);
            }
        };
        gather(v.find("properties"));
        for (const auto* more : v.more_properties) gather(more);
        std::vector<std::string_view> names;
        if (!properties.empty()) {
            summary.has_properties = true;
            w_.key("properties").begin_object();
            for (const auto& [name, property] : properties) {
                names.push_back(name);
                w_.key(name);
                schema(*property, depth + 1);
            }
            w_.end_object();
            std::vector<const ojson*> lists;
            if (const auto* required = v.find("required")) lists.push_back(required);
            lists.insert(lists.end(), v.more_required.begin(), v.more_required.end());
            if (const auto required = required_of(lists, names); !required.empty()) {
                w_.key("required").begin_array();
                for (auto name : required) w_.string(name);
                w_.end_array();
            }
        }
        count("minProperties", v);
        count("maxProperties", v);
        count("minLength", v);
        count("maxLength", v);
        if (const auto* pattern = v.find("pattern"); pattern && pattern->is_string()) w_.key("pattern").value(*pattern);

        const bool integer = summary.type == "integer";
        if (auto low = lower_bound(v.find("minimum"), v.find("exclusiveMinimum"), integer); !low.is_null())
            w_.key("minimum").value(low);
        if (auto high = upper_bound(v.find("maximum"), v.find("exclusiveMaximum"), integer); !high.is_null())
            w_.key("maximum").value(high);
        if (const auto* d = v.find("default")) w_.key("default").value(*d);
        if (const auto* example = example_of(v.find("example"), v.find("examples"))) w_.key("example").value(*example);

        if (type_branches) {
            w_.key("anyOf").begin_array();
            for (auto& branch : *type_branches) view(std::move(branch), depth + 1);
            w_.end_array();
        } else if (!any_of.empty()) {
            w_.key("anyOf").begin_array();
            for (const auto* branch : any_of) schema(*branch, depth + 1);
            w_.end_array();
        }
        if (const auto order = property_ordering_of(v.find("propertyOrdering"), names); !order.empty()) {
            w_.key("propertyOrdering").begin_array();
            for (auto name : order) w_.string(name);
            w_.end_array();
        }
        w_.end_object();
        return summary;
    }

    void count(std::string_view k, const schema_view& v) {
        if (const auto* value = v.find(k))
            if (const auto n = count_of(*value)) w_.key(k).integer(*n);
    }

    polyllm::detail::json_writer& w_;
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

POLYLLM_DECL gemini_schema_summary write_gemini_schema(polyllm::detail::json_writer& w,
                                                       const nlohmann::ordered_json& schema,
                                                       const gemini_schema_limits& limits) {
    return detail::schema_writer(w, schema, limits).schema(schema, 0);
}

POLYLLM_DECL nlohmann::ordered_json to_gemini_schema(const nlohmann::ordered_json& schema,
                                                   const gemini_schema_limits& limits) {
    std::string text;
    polyllm::detail::json_writer w(text);
    write_gemini_schema(w, schema, limits);
    auto out = nlohmann::ordered_json::parse(text, nullptr, false);
    return out.is_object() ? out : nlohmann::ordered_json::object();
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

POLYLLM_DECL std::vector<std::string_view> required_of(const std::vector<const nlohmann::ordered_json*>& lists,
                                                     const std::vector<std::string_view>& properties) {
    std::vector<std::string_view> out;
    for (const auto* list : lists) {
        if (!list || !list->is_array()) continue;
        for (const auto& name : *list) {
            if (!name.is_string()) continue;
            const std::string_view n = name.get_ref<const std::string&>();
            if (std::find(properties.begin(), properties.end(), n) != properties.end() &&
                std::find(out.begin(), out.end(), n) == out.end())
                out.push_back(n);
        }
    }
    return out;
}

POLYLLM_DECL std::vector<std::string_view> property_ordering_of(const nlohmann::ordered_json* user,
                                                              const std::vector<std::string_view>& properties) {
    if (properties.size() < 2) return {};
    if (user && user->is_array() && !user->empty()) {
        std::vector<std::string_view> names;
        bool valid = true;
        for (const auto& name : *user) {
            valid = name.is_string();
            if (!valid) break;
            const std::string_view n = name.get_ref<const std::string&>();
            valid = std::find(properties.begin(), properties.end(), n) != properties.end() &&
                    std::find(names.begin(), names.end(), n) == names.end();
            if (!valid) break;
            names.push_back(n);
        }
        if (valid) return names;
    }
    return properties;
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

POLYLLM_DECL bool is_null_schema(const nlohmann::ordered_json& schema) {
    if (!schema.is_object()) return false;
    bool null = false;
    for (auto it = schema.cbegin(); it != schema.cend(); ++it) {
        const std::string_view k = it.key();
        if (k == "type") {
            const auto types = types_of(*it);
            if (!types.names.empty()) return false;
            null = null || types.nullable;
        } else if (k == "nullable") {
            null = null || *it == true;
        } else if (detail::listed({"enum", "const", "items", "prefixItems", "properties", "anyOf", "oneOf", "allOf",
                                   "$ref"},
                                  k)) {
            return false;
        }
    }
    return null;
}

POLYLLM_DECL any_of_branches branches_of(const nlohmann::ordered_json& any_of) {
    any_of_branches out;
    if (!any_of.is_array()) return out;
    for (const auto& branch : any_of) {
        if (is_null_schema(branch)) out.nullable = true;
        else if (branch.is_object() || branch == true) out.kept.push_back(&branch);
    }
    return out;
}

}  // namespace wire
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
