#pragma once
/// @file
/// @brief Anthropic's Messages wire format (`POST /v1/messages`), as free functions without I/O, one concern per
/// header: the body's settings and turns (anthropic_messages_turns.hpp), the request body
/// (anthropic_messages_body.hpp), token counting (anthropic_messages_count_tokens.hpp), the errors (anthropic_messages_errors.hpp), the response
/// (anthropic_messages_response.hpp); the stream is anthropic_messages_stream.hpp. All written on polyllm/wire/.
/// Reference: https://docs.anthropic.com/en/api/messages and the anthropic-sdk-python types.

#include <polyllm/providers/anthropic_messages_body.hpp>
#include <polyllm/providers/anthropic_messages_count_tokens.hpp>
#include <polyllm/providers/anthropic_messages_errors.hpp>
#include <polyllm/providers/anthropic_messages_response.hpp>
#include <polyllm/providers/anthropic_messages_turns.hpp>
