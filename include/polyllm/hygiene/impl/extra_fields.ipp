#pragma once
/// @file
/// @brief The definitions of <polyllm/hygiene/extra_fields.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/hygiene/extra_fields.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

POLYLLM_DECL result<void> check_extra_fields(const nlohmann::ordered_json& extra) {
    if (extra.is_object() || extra.is_null()) return success();
    error e{errc::bad_request, std::string("request::extra must be a JSON object of body fields, not ") +
                                   extra.type_name()};
    e.type = "invalid_extra";
    return e;
}

POLYLLM_DECL bool needs_completion_kwargs(const nlohmann::ordered_json& extra, const nlohmann::ordered_json& kwargs) {
    if (!kwargs.is_object()) return false;
    for (const auto& [key, value] : kwargs.items())
        if (!extra.is_object() || !extra.contains(key)) return true;
    return false;
}

POLYLLM_DECL void add_completion_kwargs(nlohmann::ordered_json& extra, const nlohmann::ordered_json& kwargs) {
    if (!kwargs.is_object()) return;
    if (!extra.is_object()) extra = nlohmann::ordered_json::object();
    for (const auto& [key, value] : kwargs.items())
        if (!extra.contains(key)) extra[key] = value;
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
