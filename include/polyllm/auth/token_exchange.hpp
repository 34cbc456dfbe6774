#pragma once
/// @file
/// @brief The OAuth 2.0 token request a Google credential makes, and the answer, as pure functions: the form POST
/// to the credential's token_uri (a signed JWT assertion for a service account, RFC 7523; a refresh-token grant for
/// an authorized user, RFC 6749 §6), and the access token or the classified failure read from the response.
/// Every failure is errc::authentication naming the credential's source, retried only when the endpoint's answer
/// is (408, 429, 5xx).

#include <polyllm/auth/google_credentials.hpp>
#include <polyllm/auth/jwt.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief The scope Vertex AI needs.
inline constexpr std::string_view cloud_platform_scope = "https://www.googleapis.com/auth/cloud-platform";

/// @brief A bearer token and the moment it stops working.
// g++ 12 at -O2 reads the copy of `expires_at` inside Boost.Outcome's move of a result<access_token> that holds an
// error as maybe uninitialized (it cannot see that the value is never copied then); the warning lands on this
// struct's implicit constructors, so it is silenced here, for users building with -Werror.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
struct access_token {
    secret value;
    std::chrono::system_clock::time_point expires_at;
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// @brief `application/x-www-form-urlencoded` encoding of one name or value.
[[nodiscard]] POLYLLM_DECL std::string form_encode(std::string_view text);

/// @brief The token request for `credentials` at `now`: POST to its token_uri with a form body. A service account's
/// assertion is signed here (iat = now, exp = now + 1 h, aud = token_uri, kid = private_key_id). The body is marked
/// sensitive nowhere, as it is a body: callers must not log token requests (the provider never hands them to
/// observers).
[[nodiscard]] POLYLLM_DECL result<http_request> token_request(const google_credentials& credentials,
                                                              std::chrono::system_clock::time_point now,
                                                              std::string_view scope = cloud_platform_scope);

/// @brief The access token in the endpoint's answer (`access_token`, `expires_in`), expiring `expires_in` after
/// `now`; or errc::authentication naming `source`, with the endpoint's `error`/`error_description`, status and a
/// retry verdict.
[[nodiscard]] POLYLLM_DECL result<access_token> parse_token_response(const http_response& response,
                                                                     std::chrono::system_clock::time_point now,
                                                                     const std::string& source);

/// @brief A transport failure on the way to the token endpoint, as the refresh's failure: errc::authentication
/// naming `source`, keeping the transport's message and verdict (a connection failure may be retried).
[[nodiscard]] POLYLLM_DECL error token_transport_error(const error& cause, const std::string& source);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/token_exchange.ipp>
#endif
