#pragma once
/// @file
/// @brief The words of the model tables (models.hpp): a capability, a model's features, limits and prices, and the
/// rows of the tables that map model-name patterns to them.

#include <polyllm/version.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief A feature a model has or lacks.
enum class capability {
    function_calling,  ///< native tool calls (otherwise tools are described in the prompt)
    prompt_cache,      ///< cache breakpoints (Anthropic's `cache_control`)
    reasoning_effort,  ///< takes `reasoning_effort`
    stop_words,        ///< takes `stop` sequences
    vision,            ///< takes image input
};

[[nodiscard]] constexpr std::string_view to_string(capability c) noexcept {
    switch (c) {
        case capability::function_calling: return "function_calling";
        case capability::prompt_cache: return "prompt_cache";
        case capability::reasoning_effort: return "reasoning_effort";
        case capability::stop_words: return "stop_words";
        case capability::vision: return "vision";
    }
    return "unknown";
}

/// @brief A model's capabilities. The defaults describe a model nobody listed: plain chat that takes stop words.
struct model_features {
    bool function_calling = false;
    bool prompt_cache = false;
    bool reasoning_effort = false;
    bool stop_words = true;
    bool vision = false;

    [[nodiscard]] constexpr bool has(capability c) const noexcept {
        switch (c) {
            case capability::function_calling: return function_calling;
            case capability::prompt_cache: return prompt_cache;
            case capability::reasoning_effort: return reasoning_effort;
            case capability::stop_words: return stop_words;
            case capability::vision: return vision;
        }
        return false;
    }

    friend constexpr bool operator==(const model_features&, const model_features&) = default;
};

/// @brief Prices that replace the base ones for a request whose prompt is longer than `above_input_tokens` (Gemini
/// 2.5 Pro and Claude Sonnet 4 above 200k tokens). USD per token; empty means unknown.
struct long_context_prices {
    std::int64_t above_input_tokens = 0;
    std::optional<double> input_cost_per_token = std::nullopt;
    std::optional<double> output_cost_per_token = std::nullopt;
    std::optional<double> cache_read_cost_per_token = std::nullopt;
    std::optional<double> cache_write_cost_per_token = std::nullopt;
    std::optional<double> cache_write_1h_cost_per_token = std::nullopt;

    friend constexpr bool operator==(const long_context_prices&, const long_context_prices&) = default;
};

/// @brief A model's limits and prices. Every field is optional: empty means unknown, never zero, so that a cost
/// computed from an unknown price is reported as unknown rather than as free.
struct model_info {
    std::optional<std::int64_t> max_input_tokens = std::nullopt;    ///< the largest prompt the model takes
    std::optional<std::int64_t> max_output_tokens = std::nullopt;   ///< the most tokens one response may have
    std::optional<double> input_cost_per_token = std::nullopt;      ///< USD per prompt token not read from a cache
    std::optional<double> output_cost_per_token = std::nullopt;     ///< USD per output token (reasoning included)
    std::optional<double> cache_read_cost_per_token = std::nullopt;   ///< USD per prompt token read from the cache
    std::optional<double> cache_write_cost_per_token = std::nullopt;  ///< USD per prompt token written to the cache
    /// USD per prompt token written to the cache for an hour (Anthropic's extended lifetime); unknown elsewhere
    std::optional<double> cache_write_1h_cost_per_token = std::nullopt;
    std::optional<long_context_prices> long_context = std::nullopt;   ///< prices above a prompt length, if different

    friend constexpr bool operator==(const model_info&, const model_info&) = default;
};

/// @brief One row of a provider's own table: the models matching `pattern` have `features` and, when known,
/// `info`. A row without info means the provider does not publish limits or prices for those models; the built-in
/// table is then not consulted for them either (another host's prices would be wrong).
struct model_entry {
    std::string_view pattern;
    model_features features{};
    std::optional<model_info> info = std::nullopt;
};

/// @brief One row of the model families table: a model name matching `pattern`, written without a provider prefix,
/// is served by the provider registered as `provider`.
struct model_family {
    std::string_view pattern;
    std::string_view provider;
};

/// @brief One row of the built-in limits and prices table.
struct model_info_entry {
    std::string_view pattern;
    model_info info{};
};

POLYLLM_NAMESPACE_END
