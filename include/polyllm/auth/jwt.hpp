#pragma once
/// @file
/// @brief JSON Web Tokens in compact form (RFC 7519) as Google's OAuth 2.0 service-account flow uses them: the
/// assertion's header and claims, its signing input, the RS256-signed token, and the reverse (splitting a token into
/// its parts) for the local server's token endpoint. Pure functions; the signature is auth/rs256.hpp's.

#include <polyllm/auth/base64url.hpp>
#include <polyllm/auth/rs256.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief The claims of a service account's assertion
/// (developers.google.com/identity/protocols/oauth2/service-account).
struct jwt_claims {
    std::string issuer;    ///< iss: the service account's client_email
    std::string subject;   ///< sub: the same email (or a user, for domain-wide delegation); omitted when empty
    std::string audience;  ///< aud: the key file's token_uri
    std::string scope;     ///< scope: space-separated OAuth scopes
    std::int64_t issued_at = 0;   ///< iat, seconds since the Unix epoch
    std::int64_t expires_at = 0;  ///< exp: at most an hour after iat
};

/// @brief `base64url(header) "." base64url(claims)`: the exact bytes RS256 signs. The header is
/// {"alg":"RS256","typ":"JWT"} with "kid" when `key_id` is not empty.
[[nodiscard]] POLYLLM_DECL std::string jwt_signing_input(std::string_view key_id, const jwt_claims& claims);

/// @brief The signed token: the signing input, ".", and the base64url RS256 signature made with `private_key_pem`.
[[nodiscard]] POLYLLM_DECL result<std::string> sign_jwt(std::string_view key_id, const jwt_claims& claims,
                                                        std::string_view private_key_pem);

/// @brief A compact token taken apart; nothing is verified but its shape.
struct jwt_parts {
    nlohmann::json header;
    nlohmann::json claims;
    std::string signing_input;  ///< the first two segments with their dot, as signed
    std::string signature;      ///< raw bytes
};

/// @brief The parts of `token`, or nothing when it is not three base64url segments of which the first two are JSON
/// objects.
[[nodiscard]] POLYLLM_DECL std::optional<jwt_parts> split_jwt(std::string_view token);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/jwt.ipp>
#endif
