#pragma once
/// @file
/// @brief `request::extra` must be a JSON object (or null, for none): its members become body fields. Anything else
/// (an array, a string) has no field names, and writing it would send keys such as "0" that no provider documents.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <string>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

/// @brief `errc::bad_request` naming the type when `extra` is neither an object nor null.
[[nodiscard]] POLYLLM_DECL result<void> check_extra_fields(const nlohmann::ordered_json& extra);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

POLYLLM_DECL result<void> check_extra_fields(const nlohmann::ordered_json& extra) {
    if (extra.is_object() || extra.is_null()) return success();
    error e{errc::bad_request, std::string("request::extra must be a JSON object of body fields, not ") +
                                   extra.type_name()};
    e.type = "invalid_extra";
    return e;
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
