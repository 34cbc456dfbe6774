#pragma once
/// @file
/// @brief `polyllm::anthropic`: Anthropic's Messages API, native. Models "claude-sonnet-4-5", or
/// "anthropic/<model>". Prompt caching, extended thinking and streaming; see docs/providers/anthropic.md.

#include <polyllm/concepts.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/anthropic_messages.hpp>
#include <polyllm/providers/anthropic_messages_stream.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

// Anthropic's documentation (models overview, extended-thinking and prompt-caching pages, read 2026-11-21): every
// Claude 3 and 4 model takes tools, images, stop sequences and cache_control; extended thinking is Claude 3.7
// Sonnet's and every Claude 4 model's. The built-in lists (OpenHands') leave some of that out.
inline constexpr model_features claude_features{
    .function_calling = true, .prompt_cache = true, .reasoning_effort = false, .stop_words = true, .vision = true};
inline constexpr model_features claude_thinking_features{
    .function_calling = true, .prompt_cache = true, .reasoning_effort = true, .stop_words = true, .vision = true};

}  // namespace detail

struct anthropic {
    static constexpr std::string_view name = "anthropic";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://api.anthropic.com";
    static constexpr std::string_view api_key_env = "ANTHROPIC_API_KEY";
    static constexpr std::string_view base_url_env = "ANTHROPIC_BASE_URL";
    static constexpr std::string_view request_id_header = "request-id";

    /// @brief Claude models as Anthropic documents them, consulted before the built-in tables. Limits and prices
    /// are the built-in table's, per family; a later Claude 4 model the table does not list gets the features
    /// and no limits (max_tokens then falls back to 4096).
    static constexpr model_entry models[] = {
        {"claude-3-haiku-*", detail::claude_features, model_info_of("claude-3-haiku-20240307")},
        {"claude-3-opus-*", detail::claude_features, model_info_of("claude-3-opus-20240229")},
        {"claude-3-5-haiku-*", detail::claude_features, model_info_of("claude-3-5-haiku-20241022")},
        {"claude-3-5-sonnet-*", detail::claude_features, model_info_of("claude-3-5-sonnet-20241022")},
        {"claude-3-7-sonnet-*", detail::claude_thinking_features, model_info_of("claude-3-7-sonnet-20250219")},
        {"claude-sonnet-4-5*", detail::claude_thinking_features, model_info_of("claude-sonnet-4-5-20250929")},
        {"claude-sonnet-4-[02]*", detail::claude_thinking_features, model_info_of("claude-sonnet-4-20250514")},
        {"claude-opus-4-5*", detail::claude_thinking_features, model_info_of("claude-opus-4-5-20251101")},
        {"claude-opus-4-1*", detail::claude_thinking_features, model_info_of("claude-opus-4-1-20250805")},
        {"claude-opus-4-[02]*", detail::claude_thinking_features, model_info_of("claude-opus-4-20250514")},
        {"claude-haiku-4-5*", detail::claude_thinking_features, model_info_of("claude-haiku-4-5-20251001")},
        {"claude-opus-4*", detail::claude_thinking_features},
        {"claude-sonnet-4*", detail::claude_thinking_features},
        {"claude-haiku-4*", detail::claude_thinking_features},
    };

    struct options {
        std::string version = "2023-06-01";  ///< anthropic-version
        std::vector<std::string> betas;      ///< anthropic-beta features, e.g. "interleaved-thinking-2025-05-14"
        /// The extended-thinking budget when reasoning_effort turns thinking on, instead of the effort's mapping.
        std::optional<std::int64_t> thinking_budget_tokens;
        /// How long the prompt cache keeps what polyllm's breakpoints (caching_prompt, message::cache) mark: one
        /// hour suits an agent whose turns are minutes apart, at twice the input price per token written.
        anthropic_messages::cache_ttl cache_ttl = anthropic_messages::cache_ttl::five_minutes;

        /// What config.toml's [llm] sections and LLM_ANTHROPIC_* variables may set (load_config_toml<anthropic>).
        static constexpr auto config_keys = std::tuple{
            config_key{"anthropic_version", &options::version},
            config_key{"anthropic_thinking_budget_tokens", &options::thinking_budget_tokens, value_range::positive},
            config_key{"anthropic_cache_ttl", &options::cache_ttl},
            // A TOML array of strings; comma-separated in LLM_ANTHROPIC_BETAS.
            config_key{"anthropic_betas", &options::betas},
        };
    };

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        return anthropic_messages::parse_response(res, request_id_header);
    }

    [[nodiscard]] anthropic_messages::stream_decoder make_stream_decoder(const call_context<options>&) const {
        return {};
    }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return anthropic_messages::should_retry(e); }

    /// @brief `POST {base}/v1/messages/count_tokens` with the body a call would send, cut to the fields that endpoint
    /// takes, and the call's headers (token_counting.hpp).
    [[nodiscard]] POLYLLM_DECL result<http_request> prepare_count_tokens(const request& req,
                                                                         const call_context<options>& ctx) const;

    [[nodiscard]] result<token_count> parse_count_tokens(const http_response& res, const call_context<options>&) const {
        return anthropic_messages::parse_count_tokens(res, request_id_header);
    }

    /// @brief An estimate: Anthropic publishes no tokenizer (its count_tokens endpoint is a network call).
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>&) const noexcept {
        return approximate_tokens(text);
    }

    /// @brief What the model tables say about the configured model: the only place this provider consults them.
    /// The model's own features, not the effective ones: caching_prompt turns off the automatic breakpoints only,
    /// and the caller's message::cache markers still count (anthropic_messages::write_body reads it).
    [[nodiscard]] POLYLLM_DECL static anthropic_messages::model_traits traits_for(const call_context<options>& ctx);

    /// @brief `{base}/v1/messages`; a base that already ends in /v1 (as some proxies are given) is not doubled; the
    /// base URL's query, if any, follows the path.
    [[nodiscard]] POLYLLM_DECL static std::string endpoint(std::string_view base);
};

static_assert(StreamingProvider<anthropic>);
static_assert(TokenCountingProvider<anthropic>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic.ipp>
#endif
