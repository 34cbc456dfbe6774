#pragma once
/// @file
/// @brief `polyllm::llamacpp`: llama.cpp's `llama-server`, OpenAI-compatible at /v1. Models "llamacpp/<model>" (the
/// server runs the model it was started with, whatever the name). A key only when the server was started with
/// --api-key. A prompt longer than its context ("the request exceeds the available context size") is
/// errc::context_window_exceeded (wire/context_window.hpp).

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct llamacpp : openai_compatible<llamacpp> {
    static constexpr std::string_view name = "llamacpp";
    static constexpr std::string_view default_base_url = "http://localhost:8080/v1";
    static constexpr std::string_view api_key_env = "LLAMACPP_API_KEY";
    static constexpr std::string_view base_url_env = "LLAMACPP_API_BASE";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    static constexpr bool requires_api_key = false;
    struct options {};
};

static_assert(StreamingProvider<llamacpp>);

POLYLLM_NAMESPACE_END
