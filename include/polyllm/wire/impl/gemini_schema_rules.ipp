#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/gemini_schema_rules.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/gemini_schema_rules.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {
namespace detail {

using ojson = nlohmann::ordered_json;

inline std::string note_value(const ojson& v) { return v.dump(-1, ' ', false, ojson::error_handler_t::replace); }

inline std::string one_of_note(const ojson& values) {
    std::string note = "(one of: ";
    for (std::size_t i = 0; i < values.size(); ++i) note += (i ? ", " : "") + note_value(values[i]);
    return note + ")";
}

inline bool listed(std::initializer_list<std::string_view> list, std::string_view k) noexcept {
    return std::find(list.begin(), list.end(), k) != list.end();
}

}  // namespace detail

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
