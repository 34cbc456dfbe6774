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

/// @brief Whether `llm_config::completion_kwargs` has a field that `extra` does not set (and so must be added).
[[nodiscard]] POLYLLM_DECL bool needs_completion_kwargs(const nlohmann::ordered_json& extra,
                                                        const nlohmann::ordered_json& kwargs);

/// @brief Adds to `extra` each field of `kwargs` it does not set, after its own and in the order written: the
/// configuration's body fields go with every request, and a request's own field of the same name wins.
POLYLLM_DECL void add_completion_kwargs(nlohmann::ordered_json& extra, const nlohmann::ordered_json& kwargs);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/hygiene/impl/extra_fields.ipp>
#endif
