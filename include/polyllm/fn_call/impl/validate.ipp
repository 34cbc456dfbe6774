#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/validate.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/validate.hpp>

#include <charconv>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

POLYLLM_DECL const tool* find_tool(std::span<const tool> tools, std::string_view name) noexcept {
    for (const auto& t : tools)
        if (t.name == name) return &t;
    return nullptr;
}

namespace detail {

[[nodiscard]] inline std::string name_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

[[nodiscard]] inline std::string parameter_of(std::string_view parameter, std::string_view function) {
    return "The parameter `" + std::string(parameter) + "` of the function `" + std::string(function) + "`";
}

// Strict: an optional sign and digits that fit in 64 bits, with white space around allowed.
[[nodiscard]] inline std::optional<std::int64_t> parse_integer(std::string_view text) noexcept {
    text = polyllm::detail::trim(text);
    if (text.starts_with('+')) text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The value typed as the schema says; a type polyllm does not convert (string, null, absent) stays text.
[[nodiscard]] inline result<nlohmann::ordered_json> typed_value(const written_parameter& p, const nlohmann::ordered_json& schema,
                                                               std::string_view function) {
    const auto type = schema_type(schema);
    const auto trimmed = polyllm::detail::trim(p.value);
    auto fail = [&](call_error_kind kind, std::string_view must_be) {
        return make_call_error(kind, parameter_of(p.name, function) + " must be " + std::string(must_be) + ", but " +
                                         quote_value(p.value) + " is not one.");
    };
    if (type == "integer") {
        if (auto n = parse_integer(p.value)) return nlohmann::ordered_json(*n);
        return fail(call_error_kind::invalid_integer, "an integer");
    }
    if (type == "number") {
        auto n = nlohmann::ordered_json::parse(trimmed, nullptr, false);
        if (!n.is_discarded() && n.is_number()) return n;
        return fail(call_error_kind::invalid_number, "a number");
    }
    if (type == "boolean") {
        if (polyllm::detail::iequals(trimmed, "true")) return nlohmann::ordered_json(true);
        if (polyllm::detail::iequals(trimmed, "false")) return nlohmann::ordered_json(false);
        return make_call_error(call_error_kind::invalid_boolean, parameter_of(p.name, function) +
                                                                     " must be true or false, but the value was " +
                                                                     quote_value(p.value) + ".");
    }
    if (type == "array") {
        auto a = nlohmann::ordered_json::parse(trimmed, nullptr, false);
        if (!a.is_discarded() && a.is_array()) return a;
        return fail(call_error_kind::invalid_array, "a JSON array such as [\"a\", \"b\"]");
    }
    if (type == "object") {
        auto o = nlohmann::ordered_json::parse(trimmed, nullptr, false);
        if (!o.is_discarded() && o.is_object()) return o;
        return fail(call_error_kind::invalid_object, "a JSON object such as {\"key\": \"value\"}");
    }
    return nlohmann::ordered_json(p.value);
}

// The value checked against the schema's `enum`; a string that matches only without its surrounding white
// space is taken without it.
[[nodiscard]] inline result<void> check_enum(nlohmann::ordered_json& value, const written_parameter& p,
                                             const nlohmann::ordered_json& schema, std::string_view function) {
    auto values = schema.is_object() ? schema.find("enum") : schema.end();
    if (values == schema.end() || !values->is_array()) return success();
    auto allowed = [&](const nlohmann::ordered_json& v) {
        for (const auto& a : *values)
            if (a == v) return true;
        return false;
    };
    if (allowed(value)) return success();
    if (value.is_string()) {
        nlohmann::ordered_json trimmed = std::string(polyllm::detail::trim(value.get_ref<const std::string&>()));
        if (allowed(trimmed)) {
            value = std::move(trimmed);
            return success();
        }
    }
    std::string list;
    for (const auto& a : *values) {
        if (!list.empty()) list += ", ";
        list += "`" + enum_value_text(a) + "`";
    }
    return make_call_error(call_error_kind::value_not_allowed, parameter_of(p.name, function) + " must be one of " +
                                                                   list + ", but the value was " +
                                                                   quote_value(p.value) + ".");
}

}  // namespace detail

POLYLLM_DECL result<std::string> typed_arguments(const written_call& call, const tool& t) {
    const nlohmann::ordered_json empty = nlohmann::ordered_json::object();
    const auto& schema = t.parameters.is_object() ? t.parameters : empty;
    const nlohmann::ordered_json* properties = nullptr;
    if (auto it = schema.find("properties"); it != schema.end() && it->is_object()) properties = &*it;
    bool open = properties == nullptr;  // a schema that lists no properties says nothing about names
    if (auto it = schema.find("additionalProperties"); it != schema.end() && (it->is_object() || *it == true))
        open = true;

    nlohmann::ordered_json args = nlohmann::ordered_json::object();
    for (const auto& p : call.parameters) {
        const nlohmann::ordered_json* property = nullptr;
        if (properties)
            if (auto it = properties->find(p.name); it != properties->end()) property = &*it;
        if (!property && !open) {
            std::vector<std::string> names;
            for (const auto& [name, _] : properties->items()) names.push_back(name);
            return make_call_error(call_error_kind::unknown_parameter,
                                   "The function `" + t.name + "` has no parameter named `" + p.name + "`. " +
                                       (names.empty() ? std::string("It takes no parameters.")
                                                      : "Its parameters are: " + detail::name_list(names) + "."));
        }
        if (args.contains(p.name))
            return make_call_error(call_error_kind::duplicate_parameter,
                                   detail::parameter_of(p.name, t.name) + " is given more than once; give it once.");
        auto value = detail::typed_value(p, property ? *property : empty, t.name);
        if (!value) return std::move(value).error();
        if (property)
            if (auto in_enum = detail::check_enum(value.value(), p, *property, t.name); !in_enum)
                return std::move(in_enum).error();
        args[p.name] = std::move(value).value();
    }

    std::vector<std::string> missing;
    if (auto it = schema.find("required"); it != schema.end() && it->is_array())
        for (const auto& r : *it)
            if (r.is_string() && !args.contains(r.get_ref<const std::string&>())) missing.push_back(r.get<std::string>());
    if (!missing.empty()) {
        std::string names;
        for (const auto& m : missing) names += (names.empty() ? "`" : ", `") + m + "`";
        return make_call_error(call_error_kind::missing_parameter,
                               "The function `" + t.name + "` requires the parameter" +
                                   (missing.size() > 1 ? "s " : " ") + names + ", which the call does not give.");
    }
    return args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

POLYLLM_DECL result<tool_call> to_tool_call(const written_call& call, std::span<const tool> tools,
                                           std::string id) {
    const tool* t = find_tool(tools, call.name);
    if (!t) {
        std::vector<std::string> names;
        for (const auto& known : tools) names.push_back(known.name);
        return make_call_error(call_error_kind::unknown_function,
                               "There is no function named " + detail::quote_value(call.name) + ". " +
                                   (names.empty() ? std::string("No functions are available.")
                                                  : "The functions you can call are: " + detail::name_list(names) +
                                                        "."));
    }
    auto args = typed_arguments(call, *t);
    if (!args) return std::move(args).error();
    return tool_call{std::move(id), call.name, std::move(args).value()};
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
