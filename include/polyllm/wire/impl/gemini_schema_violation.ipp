#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/gemini_schema_violation.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/gemini_schema_violation.hpp>
#include <polyllm/wire/impl/gemini_schema_rules.ipp>  // the helpers it shares with that file

POLYLLM_NAMESPACE_BEGIN
namespace wire {
namespace detail {

using ojson = nlohmann::ordered_json;

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

POLYLLM_DECL std::string gemini_schema_violation(const nlohmann::ordered_json& schema) {
    return detail::violation(schema, "", 0);
}

}  // namespace wire
POLYLLM_NAMESPACE_END
