#pragma once
/// @file
/// @brief `polyllm::azure`: Azure OpenAI. Models "azure/<deployment>". Requests go to
/// `{base}/openai/deployments/{deployment}/chat/completions?api-version={api_version}` (2024-12-01-preview when
/// none is configured) with the key in the `api-key` header; `max_tokens` instead of `max_completion_tokens`;
/// content-filter errors are errc::content_policy; embeddings use the deployment in embedding_deployment_name.
/// A deployment name is one path segment (detail::path_segment): `azure/dep/../admin` is refused, not sent. A
/// query in the base URL is kept, with api-version set by the provider.
/// Environment: AZURE_API_KEY, AZURE_API_BASE, AZURE_API_VERSION.

#include <polyllm/providers/openai_compatible.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/version.hpp>

#include <string>

POLYLLM_NAMESPACE_BEGIN

struct azure : openai_compatible<azure> {
    static constexpr std::string_view name = "azure";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "";
    static constexpr std::string_view default_api_version = "2024-12-01-preview";
    static constexpr std::string_view api_key_env = "AZURE_API_KEY";
    static constexpr std::string_view base_url_env = "AZURE_API_BASE";
    static constexpr std::string_view api_version_env = "AZURE_API_VERSION";
    static constexpr std::string_view request_id_header = "apim-request-id";
    static constexpr std::string_view max_tokens_field = "max_tokens";
    static constexpr openai_chat::body_dialect dialect{.model = false};  // the URL's deployment picks the model
    struct options {};

    [[nodiscard]] POLYLLM_DECL result<std::string> chat_url(const std::string& base,
                                                            const call_context<options>& ctx) const;
    [[nodiscard]] POLYLLM_DECL result<std::string> embeddings_url(const std::string& base,
                                                                  const call_context<options>& ctx) const;
    /// @brief Exact when the deployment is named after its model (azure/gpt-4o) and the vocabulary is present.
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>& ctx) const {
        return openai_token_count(ctx.config.model, text, ctx.config);
    }
    POLYLLM_DECL void authorize(http_headers& headers, std::string_view key, const call_context<options>&) const;

private:
    POLYLLM_DECL static result<std::string> deployment_url(const std::string& base, std::string_view deployment,
                                                   std::string_view what, const call_context<options>& ctx);
};

static_assert(StreamingProvider<azure>);
static_assert(EmbeddingProvider<azure>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/azure.ipp>
#endif
