#pragma once
/// @file
/// @brief OpenAI's Chat Completions wire format (`POST /chat/completions`), as free functions without I/O, one concern
/// per header, all on polyllm/wire/: the request body (openai_chat_body.hpp), the errors (openai_chat_errors.hpp),
/// the response (openai_chat_response.hpp); the stream is openai_chat_stream.hpp. OpenAI and every OpenAI-compatible
/// provider build on these. Reference: https://platform.openai.com/docs/api-reference/chat

#include <polyllm/providers/openai_chat_body.hpp>
#include <polyllm/providers/openai_chat_errors.hpp>
#include <polyllm/providers/openai_chat_response.hpp>
