#pragma once
/// @file
/// @brief `llm_config`: the settings of one model connection, with the defaults of the provider guide, and
/// `validate` that rejects a bad configuration before anything is sent. Loading from the environment and from
/// config.toml is in config_loader.hpp.

#include <polyllm/error.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

POLYLLM_NAMESPACE_BEGIN

/// @brief Settings of one model connection. Field names match the `[llm]` keys of config.toml and the `LLM_<FIELD>`
/// environment variables.
struct llm_config {
    std::string model;     ///< "gpt-4o", or with a provider prefix: "anthropic/claude-3-5-sonnet-20241022"
    secret api_key;        ///< never printed; see secret.hpp
    std::string base_url;  ///< empty: the provider's default
    std::string api_version;

    // Retries (exponential_backoff): 4 retries after the first attempt, waits clamp(2 * 2^(n-1) s, 5 s, 30 s).
    int num_retries = 4;
    std::chrono::milliseconds retry_min_wait{5000};
    std::chrono::milliseconds retry_max_wait{30000};
    double retry_multiplier = 2.0;
    std::optional<std::chrono::milliseconds> timeout;  ///< whole-request timeout; empty: the transport's default

    // Sampling and limits.
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<std::int64_t> top_k;
    std::optional<std::int64_t> max_input_tokens;   ///< overrides the model table
    std::optional<std::int64_t> max_output_tokens;  ///< overrides the model table
    std::optional<polyllm::reasoning_effort> reasoning_effort;
    std::optional<std::int64_t> seed;

    // Prices in USD per token; override the model table.
    std::optional<double> input_cost_per_token;
    std::optional<double> output_cost_per_token;

    // Request hygiene.
    bool drop_params = false;    ///< drop parameters the model does not take, instead of refusing the request
    bool modify_params = true;   ///< allow polyllm to adjust requests the provider would reject
    std::optional<bool> disable_vision;
    bool disable_stop_word = false;
    bool caching_prompt = true;               ///< prompt-cache breakpoints where the model supports them
    std::optional<bool> native_tool_calling;  ///< empty: the model table decides
    std::int64_t max_message_chars = 30000;   ///< tool outputs longer than this are cut in the middle

    // Provider selection and provider-specific settings.
    std::string custom_llm_provider;
    std::string embedding_model;
    std::string embedding_deployment_name;
    std::string openrouter_site_url;
    std::string openrouter_app_name;
    std::string ollama_base_url;
    std::string tiktoken_dir;  ///< directory with the .tiktoken vocabularies; empty: $POLYLLM_TIKTOKEN_DIR

    // Logging and spending.
    bool log_completions = false;
    std::string log_completions_folder;
    std::optional<double> max_budget;  ///< USD; requests fail with errc::budget_exceeded once it is spent
};

/// @brief Checks what can be checked without the network; the first problem is an `errc::invalid_config` naming
/// the field.
[[nodiscard]] inline result<void> validate(const llm_config& cfg) {
    auto invalid = [](std::string what) { return error{errc::invalid_config, std::move(what)}; };
    if (cfg.model.empty()) return invalid("model is empty: set llm_config::model, [llm] model or LLM_MODEL");
    if (cfg.num_retries < 0) return invalid("num_retries is negative (" + std::to_string(cfg.num_retries) + ")");
    if (cfg.retry_min_wait.count() < 0) return invalid("retry_min_wait is negative");
    if (cfg.retry_max_wait.count() < 0) return invalid("retry_max_wait is negative");
    if (cfg.retry_min_wait > cfg.retry_max_wait)
        return invalid("retry_min_wait (" + std::to_string(cfg.retry_min_wait.count()) +
                       " ms) is above retry_max_wait (" + std::to_string(cfg.retry_max_wait.count()) + " ms)");
    if (!(cfg.retry_multiplier >= 0) || std::isinf(cfg.retry_multiplier))
        return invalid("retry_multiplier must be a finite number >= 0");
    if (cfg.timeout && cfg.timeout->count() <= 0) return invalid("timeout must be positive");
    if (cfg.max_message_chars < 0) return invalid("max_message_chars is negative");
    for (auto [name, price] : {std::pair{"input_cost_per_token", cfg.input_cost_per_token},
                               std::pair{"output_cost_per_token", cfg.output_cost_per_token},
                               std::pair{"max_budget", cfg.max_budget}})
        if (price && !(*price >= 0)) return invalid(std::string(name) + " must be a number >= 0");
    return success();
}

POLYLLM_NAMESPACE_END
