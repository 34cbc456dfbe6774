#pragma once
/// @file
/// @brief The definitions of <polyllm/config.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/config.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL error missing_api_key(std::string_view provider, std::string_view provider_variable) {
    std::string where = std::string(api_key_field) + ", LLM_API_KEY";
    if (!provider_variable.empty()) where += " or " + std::string(provider_variable);
    error e{errc::invalid_config, "no API key for " + std::string(provider) + ": set " + where};
    e.type = std::string(missing_api_key_type);
    return e;
}

POLYLLM_DECL result<void> validate(const llm_config& cfg) {
    auto invalid = [](std::string what) { return error{errc::invalid_config, std::move(what)}; };
    if (detail::trim(cfg.model).empty())
        return invalid("model is empty: set llm_config::model, [llm] model or LLM_MODEL");
    for (auto [name, url] : {std::pair{"base_url", &cfg.base_url}, std::pair{"ollama_base_url", &cfg.ollama_base_url},
                             std::pair{"embedding_base_url", &cfg.embedding_base_url}})
        if (!url->empty())
            if (auto checked = detail::check_base_url(*url); !checked)
                return invalid(std::string(name) + " is not usable: " + checked.error().message);
    if (!cfg.completion_kwargs.is_null() && !cfg.completion_kwargs.is_object())
        return invalid("completion_kwargs must be a table of body fields");
    if (!cfg.safety_settings.is_null() && !cfg.safety_settings.is_array())
        return invalid("safety_settings must be a list of {category, threshold} tables");
    if (cfg.num_retries < 0) return invalid("num_retries is negative (" + std::to_string(cfg.num_retries) + ")");
    if (cfg.retry_min_wait.count() < 0)
        return invalid("retry_min_wait is negative (" + std::to_string(cfg.retry_min_wait.count()) + " ms)");
    if (cfg.retry_max_wait.count() < 0)
        return invalid("retry_max_wait is negative (" + std::to_string(cfg.retry_max_wait.count()) + " ms)");
    if (cfg.retry_min_wait > cfg.retry_max_wait)
        return invalid("retry_min_wait (" + std::to_string(cfg.retry_min_wait.count()) +
                       " ms) is above retry_max_wait (" + std::to_string(cfg.retry_max_wait.count()) + " ms)");
    if (!(cfg.retry_multiplier >= 0) || std::isinf(cfg.retry_multiplier))
        return invalid("retry_multiplier must be a finite number >= 0");
    if (cfg.timeout && cfg.timeout->count() <= 0) return invalid("timeout must be positive");
    if (cfg.total_timeout && cfg.total_timeout->count() <= 0) return invalid("total_timeout must be positive");
    if (cfg.temperature && !(*cfg.temperature >= 0 && std::isfinite(*cfg.temperature)))
        return invalid("temperature must be a finite number >= 0");
    if (cfg.top_p && !(*cfg.top_p >= 0 && *cfg.top_p <= 1)) return invalid("top_p must be between 0 and 1");
    if (cfg.top_k && *cfg.top_k < 0) return invalid("top_k is negative");
    if (cfg.max_input_tokens && *cfg.max_input_tokens <= 0) return invalid("max_input_tokens must be positive");
    if (cfg.max_output_tokens && *cfg.max_output_tokens <= 0) return invalid("max_output_tokens must be positive");
    if (cfg.max_message_chars < 0) return invalid("max_message_chars is negative");
    if (cfg.max_stream_bytes <= 0) return invalid("max_stream_bytes must be positive");
    if (cfg.max_tool_calls <= 0) return invalid("max_tool_calls must be positive");
    for (auto [name, price] : {std::pair{"input_cost_per_token", cfg.input_cost_per_token},
                               std::pair{"output_cost_per_token", cfg.output_cost_per_token},
                               std::pair{"cache_read_cost_per_token", cfg.cache_read_cost_per_token},
                               std::pair{"cache_write_cost_per_token", cfg.cache_write_cost_per_token},
                               std::pair{"cache_write_1h_cost_per_token", cfg.cache_write_1h_cost_per_token},
                               std::pair{"max_budget", cfg.max_budget}})
        if (price && !(*price >= 0 && std::isfinite(*price)))
            return invalid(std::string(name) + " must be a number >= 0");
    return success();
}

POLYLLM_NAMESPACE_END
