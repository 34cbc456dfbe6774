#pragma once
/// @file
/// @brief The built-in tables of what models can do (`model_tables::function_calling`, `vision`, ...) and of the
/// model families that place a name without a provider prefix: constexpr data, read through the lookups of
/// models.hpp.

#include <polyllm/models/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <string_view>

POLYLLM_NAMESPACE_BEGIN

namespace model_tables {

// The capability lists of OpenHands' model_features.py (the provider guide's FUNCTION_CALLING_SUPPORTED_MODELS,
// REASONING_EFFORT_SUPPORTED_MODELS, CACHE_PROMPT_SUPPORTED_MODELS, MODELS_WITHOUT_STOP_WORDS and their successors),
// as polyllm issue 4 lists them. Kept verbatim so that they can be compared with their source line by line.

inline constexpr std::string_view function_calling[] = {
    "claude-3-7-sonnet*", "claude-3.7-sonnet*", "claude-sonnet-3-7-latest", "claude-3-5-sonnet*",
    "claude-3.5-sonnet*", "claude-3.5-haiku*", "claude-3-5-haiku*", "claude-sonnet-4*", "claude-opus-4*",
    "gpt-4o*", "gpt-4.1", "gpt-5*", "o1-2024-12-17", "o3*", "o4-mini*", "gemini-2.5-pro*", "gemini-3*",
    "groq/*", "kimi-k2-0711-preview", "kimi-k2-instruct", "qwen3-coder*", "deepseek-chat", "grok-code-fast-1",
};

inline constexpr std::string_view reasoning_effort[] = {
    "o1-2024-12-17", "o1", "o3", "o3-2025-04-16", "o3-mini-2025-01-31", "o3-mini", "o4-mini",
    "o4-mini-2025-04-16", "gemini-2.5-flash", "gemini-2.5-pro", "gpt-5*", "deepseek-r1-0528*",
    "claude-sonnet-4-5*", "claude-haiku-4-5*",
};

inline constexpr std::string_view prompt_cache[] = {
    "claude-3-7-sonnet*", "claude-3.7-sonnet*", "claude-sonnet-3-7-latest", "claude-3-5-sonnet*",
    "claude-3-5-haiku*", "claude-3.5-haiku*", "claude-3-haiku-20240307", "claude-3-opus-20240229",
    "claude-sonnet-4*", "claude-opus-4*",
};

/// Models a first-party provider serves without native tool calls (OpenAI's o1-mini and o1-preview, completion-only
/// and embedding models, audio and realtime variants). A provider that declares `native_tool_calling_by_default`
/// (OpenAI, Azure, Anthropic, Gemini, Mistral, xAI, DeepSeek) gives every other model of its own native tools, so that
/// a new or dated model (gpt-4.1-mini, gpt-4.1-2025-04-14) gets the `tools` field, not the prompt-text fallback.
inline constexpr std::string_view without_function_calling[] = {
    "o1-mini*", "o1-preview*", "gpt-3.5-turbo-instruct*", "*embedding*", "*-embed-*", "babbage-*", "davinci-*",
    "*-audio-*", "*-realtime-*", "*-transcribe*", "*-tts*", "dall-e-*", "gpt-image-*", "*moderation*",
};

/// Models that take the output limit only as `max_completion_tokens` (OpenAI's reasoning models, wherever they are
/// served): they refuse `max_tokens`. Every other model gets the field its provider states.
inline constexpr std::string_view only_max_completion_tokens[] = {"o1*", "o3*", "o4-*", "gpt-5*"};

/// OpenAI's reasoning models take neither a temperature other than 1 nor top_p; the chat variant of gpt-5 is not a
/// reasoning model and takes both (the second list, which wins).
inline constexpr std::string_view only_default_sampling[] = {"o1*", "o3*", "o4*", "gpt-5*"};
inline constexpr std::string_view free_sampling[] = {"gpt-5-chat*"};

/// Model names that place a model without a provider prefix (`make_client` reads them); the first match wins.
inline constexpr model_family families[] = {
    {"gpt-*", "openai"},         {"chatgpt-*", "openai"},      {"o1", "openai"},
    {"o1-*", "openai"},          {"o3", "openai"},             {"o3-*", "openai"},
    {"o4-*", "openai"},          {"text-embedding-*", "openai"}, {"claude-*", "anthropic"},
    {"gemini-*", "gemini"},      {"deepseek-chat", "deepseek"}, {"deepseek-reasoner", "deepseek"},
};

/// Models that reject `stop`: the stop_words capability is this list inverted.
inline constexpr std::string_view without_stop_words[] = {
    "o1*", "grok-4-0709", "grok-code-fast-1", "deepseek-r1-0528*",
};

// Image input, from the providers' model pages (read 2026-11-21): OpenAI lists image input for GPT-4o (not its
// audio, search and realtime variants), GPT-4.1, GPT-5, o1 (not o1-mini/o1-preview), o3 and o4-mini; Anthropic for
// every Claude 3 and 4 model; Google for the Gemini 1.5, 2 and 3 families; Meta's Llama 4 is natively multimodal.
inline constexpr std::string_view vision[] = {
    "gpt-4o", "gpt-4o-20[0-9][0-9]-*", "gpt-4o-mini", "gpt-4o-mini-20[0-9][0-9]-*", "chatgpt-4o-latest",
    "gpt-4.1", "gpt-4.1-*", "gpt-5*", "o1", "o1-20[0-9][0-9]-*", "o3", "o3-20[0-9][0-9]-*", "o3-pro*",
    "o4-mini", "o4-mini-20[0-9][0-9]-*",
    "claude-3*", "claude-sonnet-4*", "claude-opus-4*", "claude-haiku-4*",
    "gemini-1.5-*", "gemini-2.*", "gemini-3*",
    "llama-4-scout*", "llama-4-maverick*",
};

}  // namespace model_tables

POLYLLM_NAMESPACE_END
