#pragma once
/// @file
/// @brief polyllm-local-server's Vertex AI side: a test service account it can generate (the key file a client
/// reads, and the public key the server keeps), the OAuth token endpoint `POST /token` that checks a service
/// account's RS256 JWT assertion against that public key before it issues an access token, and the Vertex paths
/// `/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent` (and `:streamGenerateContent`,
/// answered in Gemini's format) and `.../publishers/anthropic/models/{m}:rawPredict` (and `:streamRawPredict`, in
/// Anthropic's format), which take only a token it issued. These are members of `local_responder`
/// (testing/local_replies.hpp), which includes this header at its end.

#include <polyllm/auth/base64url.hpp>
#include <polyllm/auth/jwt.hpp>
#include <polyllm/auth/rs256.hpp>
#include <polyllm/testing/local_replies.hpp>
#include <polyllm/testing/local_reply_formats.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief A service account made for the local server: `key_file` is the JSON Google would hand out (its
/// token_uri the local server's /token), `public_pem` what the server checks assertions with.
struct test_service_account {
    std::string key_file;
    std::string public_pem;
};

/// @brief A fresh RSA-2048 service account (OpenSSL's generator) whose token_uri is `token_uri`.
[[nodiscard]] POLYLLM_DECL result<test_service_account> make_test_service_account(std::string_view token_uri,
                                                                                  std::string_view project =
                                                                                      "polyllm-local");

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_vertex.ipp>
#endif
