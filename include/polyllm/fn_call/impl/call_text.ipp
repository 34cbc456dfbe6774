#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/call_text.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/call_text.hpp>

#include <nlohmann/json.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

POLYLLM_DECL std::string parameter_text(std::string_view key, std::string_view value) {
    std::string out = "<parameter=";
    out += key;
    out += '>';
    const bool multiline = value.find('\n') != std::string_view::npos;
    if (multiline) out += '\n';
    out += value;
    if (multiline) out += '\n';
    out += "</parameter>\n";
    return out;
}

POLYLLM_DECL result<std::string> call_text(const tool_call& call) {
    // Parsed in order, so the parameters are written as the model or the caller gave them.
    auto args = nlohmann::ordered_json::parse(call.arguments, nullptr, false);
    const bool blank = call.arguments.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!blank && (args.is_discarded() || !args.is_object()))
        return error{errc::bad_request, "tool call " + call.id + " (" + call.name +
                                            "): its arguments are not a JSON object, so the call cannot be written "
                                            "in the text form of models without function calling"};
    std::string out = "<function=" + call.name + ">\n";
    if (!blank)
        for (const auto& [key, value] : args.items())
            out += parameter_text(key, value.is_string() ? value.get_ref<const std::string&>()
                                                         : value.dump(-1, ' ', false,
                                                                      nlohmann::json::error_handler_t::replace));
    out += "</function>";
    return out;
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
