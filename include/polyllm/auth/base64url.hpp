#pragma once
/// @file
/// @brief Base64url (RFC 4648 §5, without padding), the encoding of every JWT segment (RFC 7515 §2).

#include <polyllm/version.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief `in` in base64url, without '=' padding.
[[nodiscard]] POLYLLM_DECL std::string base64url_encode(std::string_view in);

/// @brief The bytes `in` encodes, or nothing when `in` is not unpadded base64url (a character outside the alphabet,
/// '=' padding, a length of 1 mod 4, or stray bits in the last character).
[[nodiscard]] POLYLLM_DECL std::optional<std::string> base64url_decode(std::string_view in);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/base64url.ipp>
#endif
