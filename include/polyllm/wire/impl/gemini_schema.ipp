#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/gemini_schema.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/gemini_schema.hpp>
#include <polyllm/wire/impl/gemini_schema_rules.ipp>  // the helpers it shares with that file

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

}  // namespace wire
POLYLLM_NAMESPACE_END
