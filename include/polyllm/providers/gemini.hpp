#pragma once
/// @file
/// @brief `polyllm::gemini`: Google's Gemini API (Google AI Studio keys), native. Models "gemini-2.5-pro", or
/// "gemini/<model>". Thinking, function calling and streaming; see docs/providers/gemini.md.

#include <polyllm/concepts.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/gemini_content.hpp>
#include <polyllm/providers/gemini_content_stream.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>
#include <tuple>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

// Google's model pages (ai.google.dev/gemini-api/docs/models, function-calling and thinking pages, read 2026-11-21):
// the Gemini 1.5, 2.0, 2.5 and 3 models take function calls, images and stop sequences; 2.5 and 3 think. Gemini
// has no cache breakpoints (its caching is implicit, or explicit through cachedContents), so no prompt_cache.
inline constexpr model_features gemini_features{
    .function_calling = true, .prompt_cache = false, .reasoning_effort = false, .stop_words = true, .vision = true};
inline constexpr model_features gemini_thinking_features{
    .function_calling = true, .prompt_cache = false, .reasoning_effort = true, .stop_words = true, .vision = true};

}  // namespace detail

struct gemini {
    static constexpr std::string_view name = "gemini";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://generativelanguage.googleapis.com";
    static constexpr std::string_view api_key_env = "GEMINI_API_KEY";
    static constexpr std::string_view base_url_env = "GOOGLE_GEMINI_BASE_URL";  ///< as the google-genai SDKs read it

    /// @brief Gemini models as Google documents them, consulted before the built-in tables (which give function
    /// calling and thinking to a few of them only). Limits and prices are the built-in table's, per model.
    static constexpr model_entry models[] = {
        {"gemini-3-pro*", detail::gemini_thinking_features, model_info_of("gemini-3-pro-preview")},
        {"gemini-3-flash*", detail::gemini_thinking_features, model_info_of("gemini-3-flash-preview")},
        {"gemini-3*", detail::gemini_thinking_features},
        {"gemini-2.5-pro*", detail::gemini_thinking_features, model_info_of("gemini-2.5-pro")},
        {"gemini-2.5-flash-lite*", detail::gemini_thinking_features, model_info_of("gemini-2.5-flash-lite")},
        {"gemini-2.5-flash", detail::gemini_thinking_features, model_info_of("gemini-2.5-flash")},
        {"gemini-2.5-flash-preview-*", detail::gemini_thinking_features, model_info_of("gemini-2.5-flash")},
        {"gemini-2.0-flash-lite*", detail::gemini_features, model_info_of("gemini-2.0-flash-lite")},
        {"gemini-2.0-flash", detail::gemini_features, model_info_of("gemini-2.0-flash")},
        {"gemini-2.0-flash-0*", detail::gemini_features, model_info_of("gemini-2.0-flash")},
        {"gemini-1.5-*", detail::gemini_features},
    };

    struct options {
        std::string api_version = "v1beta";  ///< the path segment after the base URL
        bool include_thoughts = true;         ///< ask for thought summaries when a reasoning effort is set
        /// Send tool and response schemas as JSON Schema, unchanged (`parametersJsonSchema`, `responseJsonSchema`,
        /// for the models that take them), instead of translated to Gemini's Schema (`parameters`,
        /// `responseSchema`; see wire/gemini_schema.hpp).
        bool schema_passthrough = false;

        /// What config.toml's [llm] sections and LLM_GEMINI_* variables may set (load_config_toml<gemini>).
        static constexpr auto config_keys = std::tuple{
            config_key{"gemini_api_version", &options::api_version},
            config_key{"gemini_include_thoughts", &options::include_thoughts},
            config_key{"gemini_schema_passthrough", &options::schema_passthrough},
        };
    };

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        return gemini_content::parse_response(res);
    }

    [[nodiscard]] gemini_content::stream_decoder make_stream_decoder(const call_context<options>&) const { return {}; }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return gemini_content::should_retry(e); }

    /// @brief `POST {base}/{api_version}/models/{model}:countTokens` with the request a call would send
    /// (token_counting.hpp).
    [[nodiscard]] POLYLLM_DECL result<http_request> prepare_count_tokens(const request& req,
                                                                         const call_context<options>& ctx) const;

    [[nodiscard]] result<token_count> parse_count_tokens(const http_response& res, const call_context<options>&) const {
        return gemini_content::parse_count_tokens(res);
    }

    /// @brief An estimate: Gemini's tokenizer is not published (its countTokens endpoint is a network call).
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>&) const noexcept {
        return approximate_tokens(text);
    }

    /// @brief What the model tables say about the configured model: the only place this provider consults them.
    [[nodiscard]] POLYLLM_DECL static gemini_content::model_traits traits_for(const call_context<options>& ctx);

    /// @brief Whether the model name can be a path segment (detail::path_segment_problem, the rule every name in
    /// a path follows): anything else could change the request's path.
    [[nodiscard]] static constexpr bool is_model_name(std::string_view model) noexcept {
        return detail::path_segment_problem(model).empty();
    }
};

static_assert(StreamingProvider<gemini>);
static_assert(TokenCountingProvider<gemini>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/gemini.ipp>
#endif
