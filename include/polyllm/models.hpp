#pragma once
/// @file
/// @brief What each model can do and what it costs, as `constexpr` tables: capabilities (function calling, prompt
/// cache, reasoning effort, stop words, vision) and limits and prices. A name known at compile time is checked with
/// `static_assert` or `static_model<"...">`; the same lookups serve names read at run time. Providers may declare
/// their own table, consulted first; configuration overrides win over both (`effective_features`). See
/// docs/models.md.

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/glob.hpp>
#include <polyllm/models/capability_tables.hpp>
#include <polyllm/models/gemini_names.hpp>
#include <polyllm/models/limit_and_price_tables.hpp>
#include <polyllm/models/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

// The vocabulary (capability, model_features, model_info, table rows) is in models/vocabulary.hpp; the
// built-in tables in models/capability_tables.hpp and models/limit_and_price_tables.hpp; the Gemini
// name checks in models/gemini_names.hpp.

// ---------------------------------------------------------------------------------------------- matching

/// @brief The name a pattern without `/` is matched against: whitespace trimmed, the part after the last `/`
/// (`openrouter/anthropic/claude-3-5-sonnet` -> `claude-3-5-sonnet`), without an Ollama-style `:tag`
/// (`qwen3-coder:30b`) and without a trailing `-gguf`. Case is left alone: matching ignores it.
[[nodiscard]] constexpr std::string_view model_basename(std::string_view model) noexcept {
    model = detail::trim(model);
    if (const auto slash = model.rfind('/'); slash != std::string_view::npos) model.remove_prefix(slash + 1);
    if (const auto colon = model.find(':'); colon != std::string_view::npos) model = model.substr(0, colon);
    constexpr std::string_view gguf = "-gguf";
    if (model.size() >= gguf.size() && detail::iequals(model.substr(model.size() - gguf.size()), gguf))
        model.remove_suffix(gguf.size());
    return model;
}

namespace detail {

/// A model name prepared once for many patterns: the trimmed whole and its basename.
struct model_name {
    std::string_view whole;
    std::string_view base;

    constexpr explicit model_name(std::string_view model) noexcept
        : whole(trim(model)), base(model_basename(model)) {}

    [[nodiscard]] constexpr bool matches(std::string_view pattern) const noexcept {
        return glob_match(pattern, pattern.find('/') != std::string_view::npos ? whole : base);
    }

    template <class Patterns>
    [[nodiscard]] constexpr bool matches_any(const Patterns& patterns) const noexcept {
        for (std::string_view pattern : patterns)
            if (matches(pattern)) return true;
        return false;
    }
};

}  // namespace detail

/// @brief Whether `model` matches a table pattern, ignoring case: a pattern with a `/` is matched against the
/// whole (trimmed) name, so it can name a provider (`groq/*`); any other pattern against `model_basename`.
/// Patterns are globs: `*`, `?`, `[...]`.
[[nodiscard]] constexpr bool model_matches(std::string_view pattern, std::string_view model) noexcept {
    return detail::model_name(model).matches(pattern);
}

// ---------------------------------------------------------------------------------------------- lookups

/// @brief A type that declares its own model table: `static constexpr polyllm::model_entry models[] = {...};`
/// (any range of `model_entry`). Its rows are consulted before the built-in tables, first match winning.
template <class P>
concept has_model_table =
    requires { P::models; } &&
    std::same_as<std::ranges::range_value_t<std::remove_cvref_t<decltype(P::models)>>, model_entry>;

namespace detail {

template <class Table>
[[nodiscard]] constexpr const model_entry* find_model_entry(const Table& table, const model_name& model) noexcept {
    for (const model_entry& entry : table)
        if (model.matches(entry.pattern)) return &entry;
    return nullptr;
}

// Only the list that answers the question is searched, so that many compile-time checks stay cheap.
[[nodiscard]] constexpr bool builtin_supports(const model_name& model, capability c) noexcept {
    namespace t = model_tables;
    switch (c) {
        case capability::function_calling: return model.matches_any(t::function_calling);
        case capability::prompt_cache: return model.matches_any(t::prompt_cache);
        case capability::reasoning_effort: return model.matches_any(t::reasoning_effort);
        case capability::stop_words: return !model.matches_any(t::without_stop_words);
        case capability::vision: return model.matches_any(t::vision);
    }
    return false;
}

}  // namespace detail

/// @brief The capabilities the built-in tables give `model` (`"gpt-4o"`, `"anthropic/claude-sonnet-4-5"`, ...).
[[nodiscard]] constexpr model_features features_of(std::string_view model) noexcept {
    const detail::model_name name(model);
    return {.function_calling = detail::builtin_supports(name, capability::function_calling),
            .prompt_cache = detail::builtin_supports(name, capability::prompt_cache),
            .reasoning_effort = detail::builtin_supports(name, capability::reasoning_effort),
            .stop_words = detail::builtin_supports(name, capability::stop_words),
            .vision = detail::builtin_supports(name, capability::vision)};
}

/// @brief The capabilities of `model` as the provider `P` declares them, or the built-in ones when `P` has no
/// table or no row for it. Any `P` is accepted (also `void`), so generic code can always ask.
template <class P>
[[nodiscard]] constexpr model_features features_of(std::string_view model) noexcept {
    if constexpr (has_model_table<P>)
        if (const auto* entry = detail::find_model_entry(P::models, detail::model_name(model))) return entry->features;
    auto f = features_of(model);
    if constexpr (requires { P::native_tool_calling_by_default; })
        if (P::native_tool_calling_by_default &&
            !detail::model_name(model).matches_any(model_tables::without_function_calling))
            f.function_calling = true;
    return f;
}

/// @brief Whether `model` takes its output limit only as `max_completion_tokens` (OpenAI's reasoning models).
[[nodiscard]] constexpr bool takes_only_max_completion_tokens(std::string_view model) noexcept {
    return detail::model_name(model).matches_any(model_tables::only_max_completion_tokens);
}

/// @brief Whether `model` takes only the default sampling (temperature 1, no top_p): OpenAI's reasoning models.
[[nodiscard]] constexpr bool takes_only_default_sampling(std::string_view model) noexcept {
    const detail::model_name name(model);
    return name.matches_any(model_tables::only_default_sampling) && !name.matches_any(model_tables::free_sampling);
}

/// @brief The provider of the family `model` belongs to (`claude-*` -> "anthropic"), by its name alone, or nothing
/// for a model of no listed family. `make_client` asks it for a model written without a `provider/` prefix.
[[nodiscard]] constexpr std::optional<std::string_view> family_provider_of(std::string_view model) noexcept {
    const detail::model_name name(model);
    for (const auto& family : model_tables::families)
        if (name.matches(family.pattern)) return family.provider;
    return std::nullopt;
}

/// @brief Whether the built-in tables give `model` the capability.
[[nodiscard]] constexpr bool supports(std::string_view model, capability c) noexcept {
    return detail::builtin_supports(detail::model_name(model), c);
}

/// @brief Whether `model` has the capability, asking the provider `P`'s table first.
template <class P>
[[nodiscard]] constexpr bool supports(std::string_view model, capability c) noexcept {
    if constexpr (has_model_table<P>)
        if (const auto* entry = detail::find_model_entry(P::models, detail::model_name(model)))
            return entry->features.has(c);
    if (c == capability::function_calling) return features_of<P>(model).function_calling;
    return supports(model, c);
}

/// @brief Limits and prices of `model` from the built-in table, or nothing for a model it does not list.
[[nodiscard]] constexpr std::optional<model_info> model_info_of(std::string_view model) noexcept {
    const detail::model_name name(model);
    for (const auto& entry : model_tables::info)
        if (name.matches(entry.pattern)) return entry.info;
    return std::nullopt;
}

/// @brief Limits and prices of `model`, asking the provider `P`'s table first; a provider row that matches decides,
/// even when it has no info.
template <class P>
[[nodiscard]] constexpr std::optional<model_info> model_info_of(std::string_view model) noexcept {
    if constexpr (has_model_table<P>)
        if (const auto* entry = detail::find_model_entry(P::models, detail::model_name(model))) return entry->info;
    return model_info_of(model);
}

// ---------------------------------------------------------------------------------------------- static models

/// @brief A string usable as a template argument: `static_model<"o1">`.
template <std::size_t N>
struct fixed_string {
    char chars[N] = {};

    constexpr fixed_string(const char (&text)[N]) noexcept {  // NOLINT: implicit, so "o1" converts
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

/// @brief A model fixed at compile time. Its capabilities are constants, so code branches with `if constexpr`,
/// and `require<C>()` refuses to compile for a capability the model lacks. `Provider` (optional) is a type with a
/// model table consulted first.
///
///     using model = polyllm::static_model<"o3">;
///     if constexpr (model::supports<polyllm::capability::reasoning_effort>) req.reasoning_effort = ...;
///     model::require<polyllm::capability::function_calling>();
template <fixed_string Name, class Provider = void>
struct static_model {
    static constexpr std::string_view name = Name.view();
    static constexpr model_features features = features_of<Provider>(name);
    static constexpr std::optional<model_info> info = model_info_of<Provider>(name);

    template <capability C>
    static constexpr bool supports = features.has(C);

    /// @brief Compiles only if the model has `C`; the diagnostic names the capability, and the instantiation
    /// context names the model.
    template <capability C>
    static constexpr void require() noexcept {
        if constexpr (C == capability::function_calling)
            static_assert(supports<C>, "polyllm::static_model: this model has no native function calling "
                                       "(polyllm describes tools in the prompt for such models instead)");
        else if constexpr (C == capability::prompt_cache)
            static_assert(supports<C>, "polyllm::static_model: this model has no prompt cache");
        else if constexpr (C == capability::reasoning_effort)
            static_assert(supports<C>, "polyllm::static_model: this model does not take reasoning_effort");
        else if constexpr (C == capability::stop_words)
            static_assert(supports<C>, "polyllm::static_model: this model does not take stop words");
        else
            static_assert(supports<C>, "polyllm::static_model: this model does not take images (vision)");
    }
};

// ---------------------------------------------------------------------------------------------- configuration

/// @brief The capabilities to act on for a configuration: the tables' (provider `P` first), then the settings
/// that override them: `native_tool_calling` sets function calling either way; `disable_vision`,
/// `caching_prompt = false` and `disable_stop_word` can only turn a capability off.
template <class P = void>
[[nodiscard]] model_features effective_features(const llm_config& cfg) noexcept {
    auto f = features_of<P>(cfg.model);
    if (cfg.native_tool_calling) f.function_calling = *cfg.native_tool_calling;
    if (cfg.disable_vision.value_or(false)) f.vision = false;
    if (!cfg.caching_prompt) f.prompt_cache = false;
    if (cfg.disable_stop_word) f.stop_words = false;
    return f;
}

/// @brief The limits and prices to act on for a configuration: the tables' (provider `P` first), with
/// `max_input_tokens`, `max_output_tokens`, `input_cost_per_token` and `output_cost_per_token` from the
/// configuration winning. A configured price also removes the tables' long-context prices, which were tied to
/// the tables' base prices. Fields nobody knows stay empty.
template <class P = void>
[[nodiscard]] model_info effective_model_info(const llm_config& cfg) noexcept {
    auto info = model_info_of<P>(cfg.model).value_or(model_info{});
    if (cfg.max_input_tokens) info.max_input_tokens = cfg.max_input_tokens;
    if (cfg.max_output_tokens) info.max_output_tokens = cfg.max_output_tokens;
    // A configured price replaces the table's pricing as a whole, long-context tiers included: mixing a user's
    // negotiated rate with the list price above 200k tokens would be neither.
    if (cfg.input_cost_per_token || cfg.output_cost_per_token || cfg.cache_read_cost_per_token ||
        cfg.cache_write_cost_per_token || cfg.cache_write_1h_cost_per_token)
        info.long_context.reset();
    if (cfg.input_cost_per_token) info.input_cost_per_token = cfg.input_cost_per_token;
    if (cfg.output_cost_per_token) info.output_cost_per_token = cfg.output_cost_per_token;
    if (cfg.cache_read_cost_per_token) info.cache_read_cost_per_token = cfg.cache_read_cost_per_token;
    if (cfg.cache_write_cost_per_token) info.cache_write_cost_per_token = cfg.cache_write_cost_per_token;
    if (cfg.cache_write_1h_cost_per_token) info.cache_write_1h_cost_per_token = cfg.cache_write_1h_cost_per_token;
    return info;
}

POLYLLM_NAMESPACE_END
