#pragma once
/// @file
/// @brief polyllm-local-server's vocabulary files, without I/O: `GET /encodings/<name>.tiktoken` answers with the
/// file of that name from `local_server_options::tiktoken_dir` (--tiktoken-dir), as OpenAI's public location does,
/// so that the download of tokenize/fetch.hpp is tested end to end (POLYLLM_TIKTOKEN_BASE_URL =
/// `http://<host>:<port>/encodings`). Faults (--vocabulary-fault): `corrupt` changes one byte of the body (the
/// client must refuse it by its hash), `cut` sends half the body and closes the connection. local_replies.hpp routes
/// requests here first and includes this header at its end.

#include <polyllm/testing/local_replies.hpp>
#include <polyllm/version.hpp>

#include <optional>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief The path prefix the vocabulary files are served under.
inline constexpr std::string_view local_vocabulary_prefix = "/encodings/";

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_vocabulary.ipp>
#endif
