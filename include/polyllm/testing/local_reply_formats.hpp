#pragma once
/// @file
/// @brief The replies of polyllm-local-server in each API's format: OpenAI's Chat Completions (plain and streamed),
/// Embeddings and Models, Anthropic's Messages (plain and streamed), and the error bodies of both. These are the
/// members of `local_responder` (testing/local_replies.hpp) that write a reply once its content is chosen;
/// local_replies.hpp includes this header at its end.

#include <polyllm/detail/base64.hpp>
#include <polyllm/testing/local_replies.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_reply_formats.ipp>
#endif
