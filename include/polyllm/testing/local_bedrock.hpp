#pragma once
/// @file
/// @brief polyllm-local-server's Bedrock side, without I/O: `POST /model/{id}/converse` and `/converse-stream`
/// answered in Converse's format, the stream in the binary event-stream format (wire/event_stream.hpp). With test
/// credentials configured (--aws-access-key-id, --aws-secret-access-key) each request's SigV4 signature is checked
/// as Bedrock checks it, and a wrong one gets Bedrock's 403; --api-key accepts a Bedrock API key as a bearer token.
/// Stream faults (--bedrock-fault): `bad-crc` (a frame's payload altered after its CRC was computed), `cut-frame`
/// (the body ends inside a frame), `exception` (a throttlingException frame after the first delta).

#include <polyllm/auth/sigv4.hpp>
#include <polyllm/testing/local_replies.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/event_stream.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief The model id and whether the path asks for a stream, when `path` is one of Bedrock's Converse paths.
struct bedrock_route {
    std::string model_id;  ///< as it came, percent-encoded
    bool stream = false;
};
[[nodiscard]] POLYLLM_DECL std::optional<bedrock_route> bedrock_route_of(std::string_view path);

/// @brief Why a request's signature is not Bedrock's, or nothing when it is (or when no credentials are configured).
[[nodiscard]] POLYLLM_DECL std::optional<std::string> bedrock_signature_problem(const server_request& req,
                                                                                const local_server_options& options);

/// @brief A Bedrock error response: the type in x-amzn-ErrorType, `{"message": ...}`.
[[nodiscard]] POLYLLM_DECL planned_response bedrock_error(int status, std::string_view type, std::string message);

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_bedrock.ipp>
#endif
