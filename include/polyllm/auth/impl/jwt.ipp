#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/jwt.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/jwt.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

POLYLLM_DECL std::string jwt_signing_input(std::string_view key_id, const jwt_claims& claims) {
    nlohmann::ordered_json header{{"alg", "RS256"}, {"typ", "JWT"}};
    if (!key_id.empty()) header["kid"] = key_id;
    nlohmann::ordered_json body{{"iss", claims.issuer}};
    if (!claims.subject.empty()) body["sub"] = claims.subject;
    body["aud"] = claims.audience;
    body["scope"] = claims.scope;
    body["iat"] = claims.issued_at;
    body["exp"] = claims.expires_at;
    return base64url_encode(header.dump()) + "." + base64url_encode(body.dump());
}

POLYLLM_DECL result<std::string> sign_jwt(std::string_view key_id, const jwt_claims& claims,
                                          std::string_view private_key_pem) {
    auto input = jwt_signing_input(key_id, claims);
    auto signature = rs256_sign(input, private_key_pem);
    if (!signature) return std::move(signature).error();
    return input + "." + base64url_encode(signature.value());
}

POLYLLM_DECL std::optional<jwt_parts> split_jwt(std::string_view token) {
    const auto first = token.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
    auto header = base64url_decode(token.substr(0, first));
    auto claims = base64url_decode(token.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(token.substr(second + 1));
    if (!header || !claims || !signature) return std::nullopt;
    jwt_parts parts;
    parts.header = nlohmann::json::parse(*header, nullptr, false);
    parts.claims = nlohmann::json::parse(*claims, nullptr, false);
    if (!parts.header.is_object() || !parts.claims.is_object()) return std::nullopt;
    parts.signing_input = std::string(token.substr(0, second));
    parts.signature = std::move(*signature);
    return parts;
}

}  // namespace auth
POLYLLM_NAMESPACE_END
