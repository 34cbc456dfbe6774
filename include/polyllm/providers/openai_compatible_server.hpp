#pragma once
/// @file
/// @brief `polyllm::openai_compatible_server`: any server that speaks OpenAI's Chat Completions API at a base URL
/// the configuration gives (llama.cpp, a gateway, polyllm-local-server, ...). `make_client` chooses it for a model
/// it cannot place when a base URL is set. The key is optional; the model name is sent exactly as configured
/// (except an "openai_compatible/" prefix), since such servers often use names with slashes ("org/model").

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

struct openai_compatible_server : openai_compatible<openai_compatible_server> {
    static constexpr std::string_view name = "openai_compatible";
    static constexpr std::string_view default_base_url = "";
    // The older field: servers that imitate OpenAI accept it more widely than max_completion_tokens.
    static constexpr std::string_view max_tokens_field = "max_tokens";
    static constexpr bool requires_api_key = false;
    struct options {};
};

static_assert(StreamingProvider<openai_compatible_server>);
static_assert(EmbeddingProvider<openai_compatible_server>);

POLYLLM_NAMESPACE_END
