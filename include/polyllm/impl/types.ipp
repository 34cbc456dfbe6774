#pragma once
/// @file
/// @brief The definitions of <polyllm/types.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/types.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::string message::text() const {
    std::string out;
    for (const auto& part : content)
        if (const auto* t = std::get_if<text_part>(&part)) out += t->text;
    return out;
}

POLYLLM_DECL message message::system(std::string text) { return of(role::system, std::move(text)); }

POLYLLM_DECL message message::user(std::string text) { return of(role::user, std::move(text)); }

POLYLLM_DECL message message::assistant(std::string text) { return of(role::assistant, std::move(text)); }

POLYLLM_DECL message message::tool_result(std::string call_id, std::string output, std::string tool_name) {
    message m = of(role::tool, std::move(output));
    m.tool_call_id = std::move(call_id);
    m.name = std::move(tool_name);
    return m;
}

POLYLLM_DECL message message::of(polyllm::role r, std::string text) {
    message m;
    m.role = r;
    if (!text.empty()) m.content.push_back(text_part{std::move(text)});
    return m;
}

POLYLLM_DECL response_format response_format::json_object() { return {kind::json_object, {}, {}, false}; }

POLYLLM_DECL response_format response_format::json_schema(std::string name, ordered_json schema, bool strict) {
    return {kind::json_schema, std::move(name), std::move(schema), strict};
}

POLYLLM_NAMESPACE_END
