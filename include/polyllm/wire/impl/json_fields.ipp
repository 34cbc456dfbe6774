#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/json_fields.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/json_fields.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

POLYLLM_DECL std::string string_or_empty(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? std::string{} : it->get<std::string>();
}

POLYLLM_DECL std::int64_t int_or_zero(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? 0 : polyllm::detail::json_integer(*it);
}

POLYLLM_DECL std::optional<std::int64_t> int_or_null(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return polyllm::detail::json_integer(*it);  // a count of another type throws: a malformed response
}

POLYLLM_DECL const nlohmann::json* object_or_null(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}

POLYLLM_DECL const nlohmann::json* array_or_null(const nlohmann::json& j, std::string_view key) {
    auto it = j.find(key);
    return it != j.end() && it->is_array() ? &*it : nullptr;
}

}  // namespace wire
POLYLLM_NAMESPACE_END
