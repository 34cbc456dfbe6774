#pragma once
/// @file
/// @brief Base64 encoding (RFC 4648 §4, with padding), for Basic credentials and data URLs.

#include <polyllm/version.hpp>

#include <cstdint>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

[[nodiscard]] POLYLLM_DECL std::string base64_encode(std::string_view in);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/base64.ipp>
#endif
