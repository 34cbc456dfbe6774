#pragma once
/// @file
/// @brief What a response cost, from its normalized usage and the model's prices.
///
/// One formula for every provider, because every provider's usage is normalized to the same convention before it
/// gets here (types.hpp): `prompt_tokens` is the whole prompt, and `cache_read_tokens` and `cache_write_tokens` are
/// parts of it. OpenAI reports cached tokens inside `prompt_tokens` already; Anthropic reports them beside
/// `input_tokens` and its parser adds them in. So:
///
///     cost = (prompt - cache_read - cache_write) * input
///          + cache_read * cache_read_price + cache_write * cache_write_price
///          + completion * output
///
/// Reasoning tokens are part of `completion_tokens` and billed at the output price. A price the formula needs and
/// nobody knows makes the whole cost unknown: an empty optional, never a silent zero.

#include <polyllm/models.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

POLYLLM_NAMESPACE_BEGIN

/// @brief The prices that apply to a response with `prompt_tokens` prompt tokens: the long-context tier's where
/// the prompt is above its threshold (a price the tier does not list stays the base one), the base ones otherwise.
[[nodiscard]] constexpr model_info prices_for_prompt(model_info info, std::int64_t prompt_tokens) noexcept {
    if (!info.long_context || prompt_tokens <= info.long_context->above_input_tokens) return info;
    const auto& tier = *info.long_context;
    if (tier.input_cost_per_token) info.input_cost_per_token = tier.input_cost_per_token;
    if (tier.output_cost_per_token) info.output_cost_per_token = tier.output_cost_per_token;
    if (tier.cache_read_cost_per_token) info.cache_read_cost_per_token = tier.cache_read_cost_per_token;
    if (tier.cache_write_cost_per_token) info.cache_write_cost_per_token = tier.cache_write_cost_per_token;
    if (tier.cache_write_1h_cost_per_token) info.cache_write_1h_cost_per_token = tier.cache_write_1h_cost_per_token;
    return info;
}

/// @brief The cost in USD of a response with usage `u` under the prices in `info`, or empty when it is unknown: when
/// the provider reported no prompt or no completion count, or a price the formula needs is unknown. A price is
/// needed only when its tokens are: a reply with no cache reads costs the same whether or not the cache-read price
/// is known. An unreported part of a reported prompt (OpenAI reports no cache writes) is taken as none of it, which
/// is what the provider bills.
[[nodiscard]] constexpr std::optional<double> cost_of(const usage& u, const model_info& info) noexcept {
    if (!u.prompt_tokens || !u.completion_tokens) return std::nullopt;
    const std::int64_t prompt = *u.prompt_tokens;
    const std::int64_t cache_read = u.cache_read_tokens.value_or(0);
    const std::int64_t cache_write = u.cache_write_tokens.value_or(0);
    const model_info prices = prices_for_prompt(info, prompt);
    double total = 0;
    bool known = true;
    auto bill = [&](std::int64_t tokens, const std::optional<double>& price) {
        if (tokens <= 0) return;
        if (!price) known = false;
        else total += double(tokens) * *price;
    };
    bill(prompt - cache_read - cache_write, prices.input_cost_per_token);
    bill(cache_read, prices.cache_read_cost_per_token);
    const auto written_1h =
        std::clamp<std::int64_t>(u.cache_write_1h_tokens.value_or(0), 0, std::max<std::int64_t>(cache_write, 0));
    bill(cache_write - written_1h, prices.cache_write_cost_per_token);
    bill(written_1h, prices.cache_write_1h_cost_per_token);
    bill(*u.completion_tokens, prices.output_cost_per_token);
    if (!known) return std::nullopt;
    return total;
}

/// @brief `usd` rounded to 10 significant digits, for display: prices are given to a few digits, so the digits a
/// sum of products adds past that (`2.7500000000000004e-05`) mean nothing. Keeps the value for sums; only shown values
/// are rounded.
[[nodiscard]] inline double rounded_cost(double usd) noexcept {
    if (!std::isfinite(usd) || usd == 0) return usd;
    const int digits_before_point = int(std::floor(std::log10(std::fabs(usd)))) + 1;
    const int shift = 10 - digits_before_point;
    // Dividing by an exact power of ten (up to 1e22) rounds once, correctly: the result prints as the short decimal.
    if (shift > 0 && shift <= 22) {
        const double scale = std::pow(10.0, shift);
        return std::round(usd * scale) / scale;
    }
    if (shift <= 0 && shift >= -22) {
        const double scale = std::pow(10.0, -shift);
        return std::round(usd / scale) * scale;
    }
    return usd;
}

POLYLLM_NAMESPACE_END
