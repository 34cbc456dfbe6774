#pragma once
/// @file
/// @brief Recognising "the prompt does not fit" in an error message. Servers say it with a 400 (or even a 500) and
/// their own words rather than a code, so the words are the one reliable sign across providers.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/version.hpp>

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief Phrases OpenAI, Anthropic and the compatible servers (vLLM, llama.cpp, LM Studio, LiteLLM) use for a prompt
/// that does not fit, whatever the status or code; in lower case, as messages are compared. vLLM: "This model's
/// maximum context length is N tokens"; llama.cpp's llama-server: "the request exceeds the available context size";
/// LM Studio: "Trying to keep the first N tokens when context the overflows. However, the model is loaded with context
/// length of only M tokens" and, from its llama.cpp engine, "Cannot truncate prompt with n_keep (N) >= n_ctx (M)".
inline constexpr std::array<std::string_view, 8> context_window_phrases{
    "maximum context length",
    "context length exceeded",
    "prompt is too long",
    "input length and `max_tokens` exceed context limit",
    "please reduce the length of",
    "the request exceeds the available context size",
    "when context the overflows",
    "cannot truncate prompt with n_keep",
};

/// @brief True when `message` contains one of `context_window_phrases`, in any case.
[[nodiscard]] POLYLLM_DECL bool mentions_context_window(std::string_view message);

/// @brief The same, with a provider's own phrases besides (lower case).
[[nodiscard]] POLYLLM_DECL bool mentions_context_window(std::string_view message,
                                                        std::initializer_list<std::string_view> more_phrases);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/context_window.ipp>
#endif
