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
POLYLLM_NAMESPACE_BEGIN
POLYLLM_DECL result<http_request> azure_responses::prepare(const request& req,
                                                           const call_context<options>& ctx) const {
    if (ctx.config.base_url.empty())
        return error{errc::invalid_config, "azure_responses needs a base URL (https://NAME.openai.azure.com): set "
                                           "llm_config::base_url, [llm] base_url, LLM_BASE_URL or AZURE_API_BASE"};
    if (ctx.config.api_key.empty()) return missing_api_key(name, api_key_env);
    http_request http;
    // The tables know the model by the deployment's name, when it is named after it (azure_responses/o4-mini).
    auto body = openai_responses_api::write_body(http.body, req, ctx.config, detail::wire_model(ctx.config.model, name),
                                                 openai_responses::settings_for(ctx), ctx.stream);
    if (!body) return std::move(body).error();
    http.url = endpoint(ctx.config.base_url, ctx.config.api_version);
    http.headers.add("Content-Type", "application/json");
    http.headers.add_sensitive("api-key", std::string(ctx.config.api_key.reveal()));
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL std::string azure_responses::endpoint(std::string_view base, std::string_view api_version) {
    auto path = detail::without_query(base);  // a query in the base URL follows the endpoint (join_url)
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    auto url = detail::join_url(base, path.ends_with("/openai/v1") ? "responses" : "openai/v1/responses");
    return api_version.empty() ? url : detail::with_query_parameter(url, "api-version", api_version);
}
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
