#pragma once
/// @file
/// @brief `llm_config`: the settings of one model connection, with the defaults of the provider guide, its
/// configuration keys, and `validate` that rejects a bad configuration before anything is sent. Loading from the
/// environment is in config/environment.hpp, from config.toml in config_loader.hpp; docs/configuration.md lists
/// every key.

#include <polyllm/config/keys.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief Settings of one model connection. Field names match the `[llm]` keys of config.toml and the `LLM_<FIELD>`
/// environment variables.
struct llm_config {
    std::string model{};     ///< "gpt-4o", or with a provider prefix: "anthropic/claude-3-5-sonnet-20241022"
    secret api_key{};        ///< never printed; see secret.hpp
    std::string base_url{};  ///< empty: the provider's default
    std::string api_version{};

    // Retries (exponential_backoff): 4 retries after the first attempt, waits clamp(2 * 2^(n-1) s, 5 s, 30 s).
    int num_retries = 4;
    std::chrono::milliseconds retry_min_wait{5000};
    std::chrono::milliseconds retry_max_wait{30000};
    double retry_multiplier = 2.0;
    std::optional<std::chrono::milliseconds> timeout{};  ///< one attempt's timeout; empty: the transport's default
    /// The whole call, every attempt and retry wait included: no attempt runs and no wait is scheduled past it.
    /// Empty: only the attempts are bounded (num_retries + 1 of them, each by `timeout`).
    std::optional<std::chrono::milliseconds> total_timeout{};

    // Sampling and limits.
    std::optional<double> temperature{};
    std::optional<double> top_p{};
    std::optional<std::int64_t> top_k{};
    std::optional<std::int64_t> max_input_tokens{};   ///< overrides the model table
    std::optional<std::int64_t> max_output_tokens{};  ///< overrides the model table
    std::optional<polyllm::reasoning_effort> reasoning_effort{};
    std::optional<std::int64_t> seed{};

    // Prices in USD per token; override the model table.
    std::optional<double> input_cost_per_token{};
    std::optional<double> output_cost_per_token{};
    std::optional<double> cache_read_cost_per_token{};   ///< per prompt token served from the prompt cache
    std::optional<double> cache_write_cost_per_token{};  ///< per prompt token written to the prompt cache
    std::optional<double> cache_write_1h_cost_per_token{};  ///< per prompt token written for an hour (Anthropic)

    // Request hygiene.
    bool drop_params = false;    ///< drop parameters the model does not take, instead of refusing the request
    bool modify_params = true;   ///< allow polyllm to adjust requests the provider would reject
    std::optional<bool> disable_vision{};
    bool disable_stop_word = false;
    bool caching_prompt = true;               ///< prompt-cache breakpoints where the model supports them
    std::optional<bool> native_tool_calling{};  ///< empty: the model table decides
    std::int64_t max_message_chars = 30000;   ///< tool outputs longer than this are cut in the middle

    // Bounds on what a stream may make the client hold (stream_limits): past one, the stream is stopped with
    // errc::protocol_error. A body read whole is bounded by the transport (transport_limits::body_bytes).
    std::int64_t max_stream_bytes = std::int64_t{64} * 1024 * 1024;  ///< text, reasoning and tool calls together
    std::int64_t max_tool_calls = 10000;                             ///< tool calls in one completion

    // Provider selection and provider-specific settings.
    std::string custom_llm_provider{};
    std::string embedding_model{};
    std::string embedding_deployment_name{};
    std::string openrouter_site_url{};
    std::string openrouter_app_name{};
    std::string ollama_base_url{};
    std::string tiktoken_dir{};  ///< .tiktoken vocabularies, downloaded there if missing; empty: tokenize/fetch.hpp
    std::string embedding_base_url{};  ///< where embeddings calls go; empty: base_url
    /// A tiktoken encoding to count tokens with (o200k_base, cl100k_base, ...), for a model the tables do not
    /// place; empty: the model's own. (OpenHands' custom_tokenizer names a Hugging Face tokenizer; a name that is
    /// no tiktoken encoding is kept and counting falls back to the model's.)
    std::string custom_tokenizer{};
    /// Gemini's `safetySettings`, as written: `[{category = "HARM_CATEGORY_HARASSMENT", threshold = "BLOCK_NONE"}]`.
    ordered_json safety_settings{};
    /// Body fields sent with every request (OpenHands' completion_kwargs); a request's own `extra` wins over them.
    ordered_json completion_kwargs{};
    // AWS credentials and region (OpenHands' keys): the bedrock provider signs with them (auth/aws_credentials.hpp).
    secret aws_access_key_id{};
    secret aws_secret_access_key{};
    std::string aws_region_name{};

    // Logging and spending.
    bool log_completions = false;
    std::string log_completions_folder{};
    std::optional<double> max_budget{};  ///< USD; requests fail with errc::budget_exceeded once it is spent

    /// The `[llm]` keys, in the order docs/configuration.md lists them. Durations are seconds in files and the
    /// environment.
    static constexpr auto config_keys = std::tuple{
        config_key{"model", &llm_config::model},
        config_key{"api_key", &llm_config::api_key},
        config_key{"base_url", &llm_config::base_url},
        config_key{"api_version", &llm_config::api_version},
        config_key{"num_retries", &llm_config::num_retries, value_range::non_negative},
        config_key{"retry_min_wait", &llm_config::retry_min_wait, value_range::non_negative},
        config_key{"retry_max_wait", &llm_config::retry_max_wait, value_range::non_negative},
        config_key{"retry_multiplier", &llm_config::retry_multiplier, value_range::non_negative},
        config_key{"timeout", &llm_config::timeout, value_range::positive},
        config_key{"total_timeout", &llm_config::total_timeout, value_range::positive},
        config_key{"temperature", &llm_config::temperature, value_range::non_negative},
        config_key{"top_p", &llm_config::top_p, value_range::non_negative},
        config_key{"top_k", &llm_config::top_k, value_range::non_negative},
        config_key{"max_input_tokens", &llm_config::max_input_tokens, value_range::positive},
        config_key{"max_output_tokens", &llm_config::max_output_tokens, value_range::positive},
        config_key{"reasoning_effort", &llm_config::reasoning_effort},
        config_key{"seed", &llm_config::seed},
        config_key{"input_cost_per_token", &llm_config::input_cost_per_token, value_range::non_negative},
        config_key{"output_cost_per_token", &llm_config::output_cost_per_token, value_range::non_negative},
        config_key{"cache_read_cost_per_token", &llm_config::cache_read_cost_per_token, value_range::non_negative},
        config_key{"cache_write_cost_per_token", &llm_config::cache_write_cost_per_token, value_range::non_negative},
        config_key{"cache_write_1h_cost_per_token", &llm_config::cache_write_1h_cost_per_token,
                   value_range::non_negative},
        config_key{"drop_params", &llm_config::drop_params},
        config_key{"modify_params", &llm_config::modify_params},
        config_key{"disable_vision", &llm_config::disable_vision},
        config_key{"disable_stop_word", &llm_config::disable_stop_word},
        config_key{"caching_prompt", &llm_config::caching_prompt},
        config_key{"native_tool_calling", &llm_config::native_tool_calling},
        config_key{"max_message_chars", &llm_config::max_message_chars, value_range::non_negative},
        config_key{"max_stream_bytes", &llm_config::max_stream_bytes, value_range::positive},
        config_key{"max_tool_calls", &llm_config::max_tool_calls, value_range::positive},
        config_key{"custom_llm_provider", &llm_config::custom_llm_provider},
        config_key{"embedding_model", &llm_config::embedding_model},
        config_key{"embedding_deployment_name", &llm_config::embedding_deployment_name},
        config_key{"openrouter_site_url", &llm_config::openrouter_site_url},
        config_key{"openrouter_app_name", &llm_config::openrouter_app_name},
        config_key{"ollama_base_url", &llm_config::ollama_base_url},
        config_key{"tiktoken_dir", &llm_config::tiktoken_dir},
        config_key{"embedding_base_url", &llm_config::embedding_base_url},
        config_key{"custom_tokenizer", &llm_config::custom_tokenizer},
        config_key{"safety_settings", &llm_config::safety_settings},
        config_key{"completion_kwargs", &llm_config::completion_kwargs},
        config_key{"aws_access_key_id", &llm_config::aws_access_key_id},
        config_key{"aws_secret_access_key", &llm_config::aws_secret_access_key},
        config_key{"aws_region_name", &llm_config::aws_region_name},
        config_key{"log_completions", &llm_config::log_completions},
        config_key{"log_completions_folder", &llm_config::log_completions_folder},
        config_key{"max_budget", &llm_config::max_budget, value_range::non_negative},
    };
};

static_assert(detail::config_keys_are_valid<llm_config>(), "llm_config: a key name is malformed or repeated");

/// @brief `error::type` of a request that has no API key to send.
inline constexpr std::string_view missing_api_key_type = "missing_api_key";
/// @brief How the library names the key's setting in that error ("set llm_config::api_key, LLM_API_KEY or ...").
inline constexpr std::string_view api_key_field = "llm_config::api_key";

/// @brief The error for a provider that needs a key and has none: "no API key for openai: set llm_config::api_key,
/// LLM_API_KEY or OPENAI_API_KEY" (the provider's own variable when it has one), of type `missing_api_key_type`.
[[nodiscard]] POLYLLM_DECL error missing_api_key(std::string_view provider, std::string_view provider_variable = {});

/// @brief Checks what can be checked without the network; the first problem is an `errc::invalid_config` naming
/// the field. `basic_llm` calls it before any request.
[[nodiscard]] POLYLLM_DECL result<void> validate(const llm_config& cfg);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/config.ipp>
#endif
