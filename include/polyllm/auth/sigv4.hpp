#pragma once
/// @file
/// @brief AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for services other than S3, as pure functions over strings:
/// canonical URI, query and headers, canonical request, string to sign, derived key and signature, and
/// `sigv4_sign`, which signs an `http_request` in place. OpenSSL's SHA-256 and HMAC only; no I/O, no clock (the
/// time is an argument, so every retry can be signed afresh and tests are exact).

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/version.hpp>

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief What signs: an access key id, its secret, and the session token of temporary credentials (empty for
/// long-term keys). The secret and the token are held as `secret`, so no display of the credentials shows them.
struct aws_credentials {
    std::string access_key_id;
    secret secret_access_key;
    secret session_token;
};

/// @brief Where and when a request is signed.
struct sigv4_scope {
    std::string region;   ///< "us-east-1"
    std::string service;  ///< "bedrock"
    std::chrono::system_clock::time_point time;
};

/// @brief The request as SigV4 sees it: the path and query exactly as sent (percent-encoded), the headers to sign
/// (Host among them), and the hex SHA-256 of the body.
struct sigv4_message {
    std::string_view method;
    std::string_view path;
    std::string_view query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string payload_hash;
};

/// @brief The hex-encoded (lower case) SHA-256 of `bytes`.
[[nodiscard]] POLYLLM_DECL std::string sha256_hex(std::string_view bytes);

/// @brief HMAC-SHA-256 of `data` under `key`.
[[nodiscard]] POLYLLM_DECL std::array<unsigned char, 32> hmac_sha256(std::string_view key, std::string_view data);

/// @brief `20150830T123600Z`, the x-amz-date form of `t` (UTC).
[[nodiscard]] POLYLLM_DECL std::string amz_date(std::chrono::system_clock::time_point t);

/// @brief SigV4's URI encoding: every byte but the unreserved `A-Z a-z 0-9 - . _ ~` as `%XX` (upper-case hex);
/// `/` is kept when `keep_slash`.
[[nodiscard]] POLYLLM_DECL std::string aws_uri_encode(std::string_view bytes, bool keep_slash);

/// @brief The canonical URI of a non-S3 service: the path as sent, its dot segments and empty segments removed when
/// `normalize`, then every segment URI-encoded once more. A path that was already encoded for the wire is thus
/// encoded twice (`%3A` signs as `%253A`), which is what AWS computes on its side.
[[nodiscard]] POLYLLM_DECL std::string sigv4_canonical_uri(std::string_view path, bool normalize = true);

/// @brief The canonical query string: each parameter decoded, then URI-encoded, sorted by name then value, a
/// parameter without '=' given an empty value.
[[nodiscard]] POLYLLM_DECL std::string sigv4_canonical_query(std::string_view query);

/// @brief The canonical headers block (`name:value\n` each) and the signed-headers list (`a;b;c`): names in lower
/// case and sorted, values trimmed with inner runs of white space made one space, repeated names joined with ','
/// in their order.
struct sigv4_canonical_headers {
    std::string block;
    std::string signed_names;
};
[[nodiscard]] POLYLLM_DECL sigv4_canonical_headers
sigv4_canonicalize_headers(const std::vector<std::pair<std::string, std::string>>& headers);

/// @brief The canonical request (method, URI, query, headers, signed names, payload hash, one per line).
[[nodiscard]] POLYLLM_DECL std::string sigv4_canonical_request(const sigv4_message& message, bool normalize = true);

/// @brief `20150830/us-east-1/service/aws4_request`.
[[nodiscard]] POLYLLM_DECL std::string sigv4_credential_scope(const sigv4_scope& scope);

/// @brief The string to sign: algorithm, x-amz-date, credential scope and the canonical request's hash.
[[nodiscard]] POLYLLM_DECL std::string sigv4_string_to_sign(const sigv4_scope& scope,
                                                           std::string_view canonical_request);

/// @brief The derived key: HMAC chain of "AWS4"+secret over date, region, service and "aws4_request".
[[nodiscard]] POLYLLM_DECL std::array<unsigned char, 32> sigv4_signing_key(const secret& secret_access_key,
                                                                          const sigv4_scope& scope);

/// @brief The hex signature of `string_to_sign` under the derived key.
[[nodiscard]] POLYLLM_DECL std::string sigv4_signature(const secret& secret_access_key, const sigv4_scope& scope,
                                                      std::string_view string_to_sign);

/// @brief The Authorization header value for a message whose headers already hold x-amz-date (and the token).
[[nodiscard]] POLYLLM_DECL std::string sigv4_authorization(const sigv4_message& message,
                                                          const aws_credentials& credentials,
                                                          const sigv4_scope& scope, bool normalize = true);

/// @brief Signs `request` in place over the bytes it will send: sets x-amz-date, x-amz-content-sha256,
/// x-amz-security-token (session credentials; sensitive) and Authorization (sensitive), replacing earlier ones so a
/// retry is signed afresh. Host is signed as the transport will send it (from the URL) but not added: the transport
/// writes it. A URL that does not parse is its `errc::invalid_config`.
POLYLLM_DECL result<void> sigv4_sign(http_request& request, const aws_credentials& credentials,
                                     const sigv4_scope& scope);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/sigv4.ipp>
#endif
