#pragma once
/// @file
/// @brief `polyllm::azure_responses`: Azure OpenAI's Responses API, on the same wire code as openai_responses. Models
/// "azure_responses/<deployment>". Requests go to `{base}/openai/v1/responses` (a base that already ends in
/// /openai/v1 is not doubled), with the deployment as the body's `model` and the key in the `api-key` header;
/// api-version is sent only when one is configured (the v1 API needs none; "preview" turns on preview features).
/// Environment: AZURE_API_KEY, AZURE_API_BASE, AZURE_API_VERSION. Options are openai_responses's.

#include <polyllm/concepts.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/openai_responses.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

struct azure_responses {
    static constexpr std::string_view name = "azure_responses";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view api_key_env = "AZURE_API_KEY";
    static constexpr std::string_view base_url_env = "AZURE_API_BASE";
    static constexpr std::string_view api_version_env = "AZURE_API_VERSION";
    static constexpr std::string_view request_id_header = "apim-request-id";
    using options = openai_responses::options;

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        return openai_responses_api::parse_response(res, request_id_header);
    }

    [[nodiscard]] openai_responses_api::stream_decoder make_stream_decoder(const call_context<options>&) const {
        return {};
    }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return openai_chat::should_retry(e); }

    /// @brief Exact when the deployment is named after its model (azure_responses/gpt-5) and the vocabulary is present.
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>& ctx) const {
        return openai_token_count(ctx.config.model, text, ctx.config);
    }

    /// @brief `{base}/openai/v1/responses`, with `api-version` when `api_version` is not empty.
    [[nodiscard]] POLYLLM_DECL static std::string endpoint(std::string_view base, std::string_view api_version);
};

static_assert(StreamingProvider<azure_responses>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/azure_responses.ipp>
#endif
