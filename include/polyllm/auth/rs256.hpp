#pragma once
/// @file
/// @brief RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) on OpenSSL's EVP interface: signing a JWT's signing
/// input with a PEM private key, and checking a signature with a PEM public key (the local server's token endpoint
/// and the tests). No error text carries the key.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief The RS256 signature (raw bytes) of exactly `signing_input`, with the PEM private key `pem` (PKCS#8
/// "BEGIN PRIVATE KEY", as Google's key files carry it, or PKCS#1 "BEGIN RSA PRIVATE KEY"). Fails with
/// errc::invalid_config when `pem` is no RSA private key; the message never quotes it.
[[nodiscard]] POLYLLM_DECL result<std::string> rs256_sign(std::string_view signing_input, std::string_view pem);

/// @brief Whether `signature` is a valid RS256 signature of `signing_input` under the PEM public key `public_pem`
/// ("BEGIN PUBLIC KEY"). False for a key that does not parse or is not RSA.
[[nodiscard]] POLYLLM_DECL bool rs256_verify(std::string_view signing_input, std::string_view signature,
                                             std::string_view public_pem);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/rs256.ipp>
#endif
