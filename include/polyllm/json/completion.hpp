#pragma once
/// @file
/// @brief The JSON forms of what a call returns: usage (an unreported count is null), headers, rate limits, the
/// completion (see json.hpp for the shapes).

#include <polyllm/http.hpp>
#include <polyllm/json/request.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL void to_json(ordered_json& j, const usage& u);
POLYLLM_DECL void from_json(const ordered_json& j, usage& u);

POLYLLM_DECL void to_json(ordered_json& j, const http_headers& headers);
POLYLLM_DECL void from_json(const ordered_json& j, http_headers& headers);

POLYLLM_DECL void to_json(ordered_json& j, const rate_limit& r);
POLYLLM_DECL void from_json(const ordered_json& j, rate_limit& r);
POLYLLM_DECL void to_json(ordered_json& j, const rate_limits& r);
POLYLLM_DECL void from_json(const ordered_json& j, rate_limits& r);

POLYLLM_DECL void to_json(ordered_json& j, const completion& c);
POLYLLM_DECL void from_json(const ordered_json& j, completion& c);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/json/impl/completion.ipp>
#endif
