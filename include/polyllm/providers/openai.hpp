#pragma once
/// @file
/// @brief `polyllm::openai`: OpenAI's Chat Completions and Embeddings APIs. Models "gpt-4o", "o3", or
/// "openai/<model>".

#include <polyllm/models.hpp>
#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

struct openai : openai_compatible<openai> {
    static constexpr std::string_view name = "openai";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://api.openai.com/v1";
    static constexpr std::string_view api_key_env = "OPENAI_API_KEY";
    static constexpr std::string_view base_url_env = "OPENAI_BASE_URL";

    /// @brief OpenAI's account scoping headers; empty means not sent.
    struct options {
        std::string organization;  ///< OpenAI-Organization
        std::string project;       ///< OpenAI-Project
    };

    POLYLLM_DECL void add_headers(http_headers& headers, const call_context<options>& ctx) const;

    /// @brief `max_completion_tokens` to OpenAI itself and to the models that take only it; `max_tokens` to any other
    /// server behind a custom base URL (older vLLM, llama.cpp, LM Studio and proxies know only `max_tokens` and
    /// ignore the other, as the official SDKs' users find).
    [[nodiscard]] POLYLLM_DECL std::string_view max_tokens_field_for(const call_context<options>& ctx) const;

    /// @brief Exact with the model's tiktoken vocabulary (llm_config::tiktoken_dir or $POLYLLM_TIKTOKEN_DIR),
    /// an estimate marked as such without one.
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>& ctx) const {
        return openai_token_count(ctx.config.model, text, ctx.config);
    }
};

static_assert(StreamingProvider<openai>);
static_assert(EmbeddingProvider<openai>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai.ipp>
#endif
