#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/prompt.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/prompt.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {
namespace detail {

POLYLLM_DECL std::string schema_type(const nlohmann::ordered_json& schema) {
    if (!schema.is_object()) return "string";
    auto it = schema.find("type");
    if (it == schema.end()) return "string";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_array())
        for (const auto& t : *it)
            if (t.is_string() && t.get<std::string>() != "null") return t.get<std::string>();
    return "string";
}

POLYLLM_DECL std::string enum_value_text(const nlohmann::ordered_json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace detail

POLYLLM_DECL std::string describe_tool(const tool& t, std::size_t number) {
    const auto n = std::to_string(number);
    std::string out = "---- BEGIN FUNCTION #" + n + ": " + t.name + " ----\n";
    if (!t.description.empty()) out += "Description: " + t.description + "\n";
    const nlohmann::ordered_json* properties = nullptr;
    if (t.parameters.is_object())
        if (auto it = t.parameters.find("properties"); it != t.parameters.end() && it->is_object() && !it->empty())
            properties = &*it;
    if (!properties) {
        out += "Parameters: none\n";
    } else {
        const nlohmann::ordered_json* required = nullptr;
        if (auto it = t.parameters.find("required"); it != t.parameters.end() && it->is_array()) required = &*it;
        auto is_required = [&](const std::string& name) {
            if (!required) return false;
            for (const auto& r : *required)
                if (r.is_string() && r.get_ref<const std::string&>() == name) return true;
            return false;
        };
        out += "Parameters:\n";
        std::size_t i = 0;
        for (const auto& [name, schema] : properties->items()) {
            out += "  (" + std::to_string(++i) + ") " + name + " (" + detail::schema_type(schema) + ", " +
                   (is_required(name) ? "required" : "optional") + "): ";
            auto description = schema.is_object() ? schema.find("description") : schema.end();
            out += description != schema.end() && description->is_string() ? description->get<std::string>()
                                                                              : std::string("(no description)");
            out += "\n";
            if (auto values = schema.is_object() ? schema.find("enum") : schema.end();
                values != schema.end() && values->is_array()) {
                out += "Allowed values: [";
                bool first = true;
                for (const auto& v : *values) {
                    if (!first) out += ", ";
                    first = false;
                    out += "`" + detail::enum_value_text(v) + "`";
                }
                out += "]\n";
            }
        }
    }
    out += "---- END FUNCTION #" + n + " ----\n";
    return out;
}

POLYLLM_DECL std::string describe_tools(std::span<const tool> tools) {
    std::string out;
    for (std::size_t i = 0; i < tools.size(); ++i) {
        if (i > 0) out += "\n";
        out += describe_tool(tools[i], i + 1);
    }
    return out;
}

POLYLLM_DECL std::string system_prompt_suffix(std::span<const tool> tools,
                                              const std::optional<tool_choice>& choice) {
    std::string out =
        "\n\nYou can call the functions described below.\n\n" + describe_tools(tools) +
        "\nTo call a function, write the call in exactly this form and stop writing right after it:\n"
        "\n"
        "<function=example_function_name>\n"
        "<parameter=example_parameter_1>value_1</parameter>\n"
        "<parameter=example_parameter_2>\n"
        "A value may run over\n"
        "several lines\n"
        "</parameter>\n"
        "</function>\n"
        "\n"
        "<IMPORTANT>\n"
        "Rules for function calls:\n"
        "- A call begins with <function= and ends with </function>; follow the form above exactly\n"
        "- Give every required parameter\n"
        "- Write at most one function call in a message\n"
        "- Any reasoning or explanation goes in plain text BEFORE the call, never after it\n"
        "- When no function helps, answer in plain text and do not mention these functions\n";
    if (choice) {
        switch (choice->kind) {
            case tool_choice::mode::required: out += "- In your next message you must call one of the functions\n"; break;
            case tool_choice::mode::function:
                out += "- In your next message you must call the function " + choice->function_name + "\n";
                break;
            case tool_choice::mode::none: out += "- In your next message do not call any function\n"; break;
            case tool_choice::mode::automatic: break;
        }
    }
    out += "</IMPORTANT>\n";
    return out;
}

POLYLLM_DECL std::string result_prefix(std::string_view tool_name) {
    return "EXECUTION RESULT of [" + std::string(tool_name) + "]:\n";
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
