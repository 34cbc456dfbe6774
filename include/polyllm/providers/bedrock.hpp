#pragma once
/// @file
/// @brief `polyllm::bedrock`: Amazon Bedrock's Converse API, with SigV4 signing (auth/sigv4.hpp) and the binary event
/// stream (wire/event_stream.hpp) done by polyllm itself, over OpenSSL alone. Models "bedrock/<model-id>"
/// (`bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0`, inference profiles such as
/// `bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `bedrock/amazon.nova-pro-v1:0`).
///
/// Credentials (auth/aws_credentials.hpp): the aws_* config keys, the AWS_* variables, or a profile of the shared
/// files; a Bedrock API key (llm_config::api_key or AWS_BEARER_TOKEN_BEDROCK) is sent as a bearer token instead,
/// unsigned. The request is signed in `async_authorize`, before every attempt, so each retry carries a fresh date.

#include <polyllm/auth/aws_credentials.hpp>
#include <polyllm/auth/sigv4.hpp>
#include <polyllm/authorize.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/detail/redact.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/bedrock_converse_body.hpp>
#include <polyllm/providers/bedrock_converse_errors.hpp>
#include <polyllm/providers/bedrock_converse_response.hpp>
#include <polyllm/providers/bedrock_converse_stream.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <asio/post.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

// What Bedrock's Converse API takes per model family (the Converse "supported models and model features" page of
// the Bedrock user guide, and the prompt-caching page for cachePoint): tools and images for Claude and Nova Pro/Lite,
// tools for Llama 3.1+ and Mistral Large, cachePoint for Claude 3.5 Haiku, 3.7 Sonnet, Claude 4 and Nova.
inline constexpr model_features bedrock_claude{
    .function_calling = true, .prompt_cache = false, .reasoning_effort = false, .stop_words = true, .vision = true};
inline constexpr model_features bedrock_claude_cache{
    .function_calling = true, .prompt_cache = true, .reasoning_effort = false, .stop_words = true, .vision = true};
inline constexpr model_features bedrock_claude_thinking{
    .function_calling = true, .prompt_cache = true, .reasoning_effort = true, .stop_words = true, .vision = true};
inline constexpr model_features bedrock_nova{
    .function_calling = true, .prompt_cache = true, .reasoning_effort = false, .stop_words = true, .vision = true};
inline constexpr model_features bedrock_tools_text{
    .function_calling = true, .prompt_cache = false, .reasoning_effort = false, .stop_words = true, .vision = false};
inline constexpr model_features bedrock_text{
    .function_calling = false, .prompt_cache = false, .reasoning_effort = false, .stop_words = true, .vision = false};

}  // namespace detail

struct bedrock {
    static constexpr std::string_view name = "bedrock";
    /// A Bedrock API key: sent as a bearer token, without SigV4.
    static constexpr std::string_view api_key_env = "AWS_BEARER_TOKEN_BEDROCK";
    /// The AWS SDKs' variable for this service's endpoint (replaces https://bedrock-runtime.{region}.amazonaws.com).
    static constexpr std::string_view base_url_env = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME";
    static constexpr std::string_view request_id_header = bedrock_converse::request_id_header;

    /// @brief Bedrock model ids, with or without a cross-region inference profile prefix (us., eu., apac., global.).
    /// Claude on Bedrock costs what Anthropic charges (the Bedrock pricing page lists the same on-demand prices), so
    /// Claude rows take Anthropic's limits and prices. Nova's are Amazon's own (US East on-demand, per million tokens:
    /// Micro $0.035/$0.14, Lite $0.06/$0.24, Pro $0.80/$3.20; cache reads at a quarter of the input price; context
    /// 128k for Micro, 300k for Lite and Pro; the output limit is left unknown, as AWS has changed it). Other
    /// families' prices are left out until confirmed (a wrong price is worse than none).
    static constexpr model_entry models[] = {
        {"*anthropic.claude-3-haiku-*", detail::bedrock_claude, model_info_of("claude-3-haiku-20240307")},
        {"*anthropic.claude-3-opus-*", detail::bedrock_claude, model_info_of("claude-3-opus-20240229")},
        {"*anthropic.claude-3-5-haiku-*", detail::bedrock_claude_cache, model_info_of("claude-3-5-haiku-20241022")},
        {"*anthropic.claude-3-5-sonnet-*", detail::bedrock_claude, model_info_of("claude-3-5-sonnet-20241022")},
        {"*anthropic.claude-3-7-sonnet-*", detail::bedrock_claude_thinking, model_info_of("claude-3-7-sonnet-20250219")},
        {"*anthropic.claude-sonnet-4-5*", detail::bedrock_claude_thinking, model_info_of("claude-sonnet-4-5-20250929")},
        {"*anthropic.claude-sonnet-4-2*", detail::bedrock_claude_thinking, model_info_of("claude-sonnet-4-20250514")},
        {"*anthropic.claude-opus-4-1*", detail::bedrock_claude_thinking, model_info_of("claude-opus-4-1-20250805")},
        {"*anthropic.claude-opus-4-2*", detail::bedrock_claude_thinking, model_info_of("claude-opus-4-20250514")},
        {"*anthropic.claude-haiku-4-5*", detail::bedrock_claude_thinking, model_info_of("claude-haiku-4-5-20251001")},
        {"*anthropic.claude-*-4*", detail::bedrock_claude_thinking},
        {"*amazon.nova-micro*", detail::bedrock_tools_text,
         model_info{.max_input_tokens = 128000, .input_cost_per_token = 0.035e-6, .output_cost_per_token = 0.14e-6,
                    .cache_read_cost_per_token = 0.00875e-6}},
        {"*amazon.nova-lite*", detail::bedrock_nova,
         model_info{.max_input_tokens = 300000, .input_cost_per_token = 0.06e-6, .output_cost_per_token = 0.24e-6,
                    .cache_read_cost_per_token = 0.015e-6}},
        {"*amazon.nova-pro*", detail::bedrock_nova,
         model_info{.max_input_tokens = 300000, .input_cost_per_token = 0.8e-6, .output_cost_per_token = 3.2e-6,
                    .cache_read_cost_per_token = 0.2e-6}},
        {"*amazon.nova-*", detail::bedrock_nova},
        {"*meta.llama3-1-*", detail::bedrock_tools_text},
        {"*meta.llama3-2-*", detail::bedrock_tools_text},
        {"*meta.llama3-3-*", detail::bedrock_tools_text},
        {"*meta.llama4-*", detail::bedrock_tools_text},
        {"*mistral.mistral-large-*", detail::bedrock_tools_text},
        {"*deepseek.r1-*", detail::bedrock_text},
    };

    /// The access key, its secret and the region are llm_config's (aws_access_key_id, aws_secret_access_key,
    /// aws_region_name: OpenHands' keys); the rest is here.
    struct options {
        secret aws_session_token;      ///< with temporary credentials
        std::string aws_profile_name;  ///< a profile of ~/.aws/credentials and ~/.aws/config, instead of AWS_PROFILE
        /// Claude's extended-thinking budget when reasoning_effort turns thinking on, instead of the effort's mapping.
        std::optional<std::int64_t> thinking_budget_tokens;

        /// What config.toml's [llm] sections and LLM_* variables may set (load_config_toml<bedrock>).
        static constexpr auto config_keys = std::tuple{
            config_key{"aws_session_token", &options::aws_session_token},
            config_key{"aws_profile_name", &options::aws_profile_name},
            config_key{"bedrock_thinking_budget_tokens", &options::thinking_budget_tokens, value_range::positive},
        };
    };

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    /// @brief The completion, or the classified error with the secret key and session token taken out of what the
    /// server said (a server that echoes the request's token must not put it in a log).
    [[nodiscard]] POLYLLM_DECL result<completion> parse(const http_response& res, const call_context<options>& ctx) const;

    [[nodiscard]] bedrock_converse::stream_decoder make_stream_decoder(const call_context<options>&) const {
        return {};
    }

    /// @brief Signs the attempt's request with SigV4 (a Bedrock API key's request is sent as it is). Synchronous:
    /// reads the environment and the shared files, then posts `done` to the sender's executor.
    POLYLLM_DECL void async_authorize(http_request http, const call_context<options>& ctx, const http_sender& sender,
                                      authorize_handler done) const;

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return bedrock_converse::should_retry(e); }

    /// @brief An estimate: Bedrock's CountTokens is a network call, and the families' tokenizers differ.
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>&) const noexcept {
        return approximate_tokens(text);
    }

    /// @brief What the configured values say, as credential resolution takes them.
    [[nodiscard]] static auth::aws_configured configured(const call_context<options>& ctx) {
        return {std::string(ctx.config.aws_access_key_id.reveal()), ctx.config.aws_secret_access_key,
                ctx.options.aws_session_token, ctx.config.aws_region_name, ctx.options.aws_profile_name};
    }

    /// @brief The request with the credentials given, signed at `now`: what async_authorize does, without the
    /// environment and the files.
    [[nodiscard]] POLYLLM_DECL static result<http_request> sign(http_request http, const auth::aws_credentials& creds,
                                                               std::string_view region,
                                                               std::chrono::system_clock::time_point now);

    /// @brief `{root}/model/{percent-encoded model id}/converse` (or `/converse-stream`); the root is base_url, else
    /// https://bedrock-runtime.{region}.amazonaws.com.
    [[nodiscard]] POLYLLM_DECL static std::string endpoint(std::string_view root, std::string_view model_id, bool stream);

    [[nodiscard]] POLYLLM_DECL static bedrock_converse::model_traits traits_for(const call_context<options>& ctx);
};

static_assert(StreamingProvider<bedrock>);
static_assert(AuthorizingProvider<bedrock>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/bedrock.ipp>
#endif
