#pragma once
/// @file
/// @brief Google's Gemini API wire format (`models/{model}:generateContent` and `:streamGenerateContent?alt=sse`), as
/// free functions without I/O, one concern per header, all on polyllm/wire/: the settings and call ids
/// (gemini_content_settings.hpp), the request body (gemini_content_body.hpp), the errors (gemini_content_errors.hpp),
/// the response (gemini_content_response.hpp); the stream is gemini_content_stream.hpp.
/// Reference: https://ai.google.dev/api/generate-content and the google-genai SDK types.

#include <polyllm/providers/gemini_content_body.hpp>
#include <polyllm/providers/gemini_content_count_tokens.hpp>
#include <polyllm/providers/gemini_content_errors.hpp>
#include <polyllm/providers/gemini_content_response.hpp>
#include <polyllm/providers/gemini_content_settings.hpp>
