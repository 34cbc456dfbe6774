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
#include <polyllm/version.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

// ---------------------------------------------------------------------------------------------- vocabulary

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

// ---------------------------------------------------------------------------------------------- built-in tables

namespace model_tables {

// The capability lists of OpenHands' model_features.py (the provider guide's FUNCTION_CALLING_SUPPORTED_MODELS,
// REASONING_EFFORT_SUPPORTED_MODELS, CACHE_PROMPT_SUPPORTED_MODELS, MODELS_WITHOUT_STOP_WORDS and their successors),
// as polyllm issue 4 lists them. Kept verbatim so that they can be compared with their source line by line.

inline constexpr std::string_view function_calling[] = {
    "claude-3-7-sonnet*", "claude-3.7-sonnet*", "claude-sonnet-3-7-latest", "claude-3-5-sonnet*",
    "claude-3.5-sonnet*", "claude-3.5-haiku*", "claude-3-5-haiku*", "claude-sonnet-4*", "claude-opus-4*",
    "gpt-4o*", "gpt-4.1", "gpt-5*", "o1-2024-12-17", "o3*", "o4-mini*", "gemini-2.5-pro*", "gemini-3*",
    "groq/*", "kimi-k2-0711-preview", "kimi-k2-instruct", "qwen3-coder*", "deepseek-chat", "grok-code-fast-1",
};

inline constexpr std::string_view reasoning_effort[] = {
    "o1-2024-12-17", "o1", "o3", "o3-2025-04-16", "o3-mini-2025-01-31", "o3-mini", "o4-mini",
    "o4-mini-2025-04-16", "gemini-2.5-flash", "gemini-2.5-pro", "gpt-5*", "deepseek-r1-0528*",
    "claude-sonnet-4-5*", "claude-haiku-4-5*",
};

inline constexpr std::string_view prompt_cache[] = {
    "claude-3-7-sonnet*", "claude-3.7-sonnet*", "claude-sonnet-3-7-latest", "claude-3-5-sonnet*",
    "claude-3-5-haiku*", "claude-3.5-haiku*", "claude-3-haiku-20240307", "claude-3-opus-20240229",
    "claude-sonnet-4*", "claude-opus-4*",
};

/// Models a first-party provider serves without native tool calls (OpenAI's o1-mini and o1-preview, completion-only
/// and embedding models, audio and realtime variants). A provider that declares `native_tool_calling_by_default`
/// (OpenAI, Azure, Anthropic, Gemini, Mistral, xAI, DeepSeek) gives every other model of its own native tools, so that
/// a new or dated model (gpt-4.1-mini, gpt-4.1-2025-04-14) gets the `tools` field, not the prompt-text fallback.
inline constexpr std::string_view without_function_calling[] = {
    "o1-mini*", "o1-preview*", "gpt-3.5-turbo-instruct*", "*embedding*", "*-embed-*", "babbage-*", "davinci-*",
    "*-audio-*", "*-realtime-*", "*-transcribe*", "*-tts*", "dall-e-*", "gpt-image-*", "*moderation*",
};

/// Models that take the output limit only as `max_completion_tokens` (OpenAI's reasoning models, wherever they are
/// served): they refuse `max_tokens`. Every other model gets the field its provider states.
inline constexpr std::string_view only_max_completion_tokens[] = {"o1*", "o3*", "o4-*", "gpt-5*"};

/// OpenAI's reasoning models take neither a temperature other than 1 nor top_p; the chat variant of gpt-5 is not a
/// reasoning model and takes both (the second list, which wins).
inline constexpr std::string_view only_default_sampling[] = {"o1*", "o3*", "o4*", "gpt-5*"};
inline constexpr std::string_view free_sampling[] = {"gpt-5-chat*"};

/// Model names that place a model without a provider prefix (`make_client` reads them); the first match wins.
inline constexpr model_family families[] = {
    {"gpt-*", "openai"},         {"chatgpt-*", "openai"},      {"o1", "openai"},
    {"o1-*", "openai"},          {"o3", "openai"},             {"o3-*", "openai"},
    {"o4-*", "openai"},          {"text-embedding-*", "openai"}, {"claude-*", "anthropic"},
    {"gemini-*", "gemini"},      {"deepseek-chat", "deepseek"}, {"deepseek-reasoner", "deepseek"},
};

/// Models that reject `stop`: the stop_words capability is this list inverted.
inline constexpr std::string_view without_stop_words[] = {
    "o1*", "grok-4-0709", "grok-code-fast-1", "deepseek-r1-0528*",
};

// Image input, from the providers' model pages (read 2026-11-21): OpenAI lists image input for GPT-4o (not its
// audio, search and realtime variants), GPT-4.1, GPT-5, o1 (not o1-mini/o1-preview), o3 and o4-mini; Anthropic for
// every Claude 3 and 4 model; Google for the Gemini 1.5, 2 and 3 families; Meta's Llama 4 is natively multimodal.
inline constexpr std::string_view vision[] = {
    "gpt-4o", "gpt-4o-20[0-9][0-9]-*", "gpt-4o-mini", "gpt-4o-mini-20[0-9][0-9]-*", "chatgpt-4o-latest",
    "gpt-4.1", "gpt-4.1-*", "gpt-5*", "o1", "o1-20[0-9][0-9]-*", "o3", "o3-20[0-9][0-9]-*", "o3-pro*",
    "o4-mini", "o4-mini-20[0-9][0-9]-*",
    "claude-3*", "claude-sonnet-4*", "claude-opus-4*", "claude-haiku-4*",
    "gemini-1.5-*", "gemini-2.*", "gemini-3*",
    "llama-4-scout*", "llama-4-maverick*",
};

/// USD per million tokens, as providers publish prices, to USD per token.
constexpr double per_million(double usd) noexcept { return usd / 1'000'000.0; }

// Limits and prices (USD per token). Sources, and the day they were read:
// - Anthropic: the pricing page, https://platform.claude.com/docs/en/docs/about-claude/pricing (stored copy
//   listing Claude Opus 4.6 as newest; read 2026-11-21) for every price, the prompt-cache multipliers (5-minute
//   write 1.25x, read 0.1x) and the long-context prices of Sonnet 4/4.5; the model pages
//   https://platform.claude.com/docs/en/models/<model>/overview (read 2026-11-21) for the limits of Haiku 4.5 and
//   Opus 4.5; the other limits from LiteLLM's model_prices_and_context_window.json (as synced on 2026-07-24 by
//   github.com/Wei-Shaw/model-price-repo, commit f9ff147). The 1M-token window of Sonnet 4/4.5 needs a beta
//   header, so the default 200k is the limit here.
// - OpenAI: https://developers.openai.com/api/docs/pricing and the model pages under
//   https://developers.openai.com/api/docs/models/ (read 2026-11-21), cross-checked with LiteLLM's table of
//   2026-07-24. GPT-5's 400k window is 272k of input plus 128k of output. Cache writes cost the input price.
// - Google: https://ai.google.dev/gemini-api/docs/pricing and .../docs/models as cited by LiteLLM's table of
//   2026-07-24 (text prices; audio input costs more). Output limits are Google's 65,536 (LiteLLM says 65,535).
// - DeepSeek: https://api-docs.deepseek.com/quick_start/pricing (stored copy of 2025-09, DeepSeek-V3.1) for the
//   limits. The deepseek-chat/-reasoner prices changed three times in 2025 and the aliases were retired on
//   2026-07-24, so no price is given for them: their cost is unknown, not zero.
//   deepseek-v4-flash prices as reported (citing that page) by chat-deep.ai on 2026-04-26 and morphllm.com on
//   2026-06-18; its limits were not confirmed.
// - Groq: GPT-OSS 120B prices as reported by tokenmix.ai on 2026-06-04 from https://groq.com/pricing; Groq's other
//   prices and limits could not be confirmed and are left out. Groq rows name the provider (`groq/...`) because
//   the same open model costs differently elsewhere.
// - OpenAI embeddings: the model pages https://developers.openai.com/api/docs/models/text-embedding-3-small and
//   .../text-embedding-3-large (read 2026-11-21); text-embedding-ada-002's $0.10 as listed by Zilliz's model page.
// Patterns here are exact model IDs and dated snapshots, never broad globs: a wrong price is worse than none.

// Embedding models bill input tokens only.
inline constexpr model_info text_embedding_3_small{.input_cost_per_token = per_million(0.02)};
inline constexpr model_info text_embedding_3_large{.input_cost_per_token = per_million(0.13)};
inline constexpr model_info text_embedding_ada_002{.input_cost_per_token = per_million(0.10)};

inline constexpr model_info gpt_4o{.max_input_tokens = 128'000, .max_output_tokens = 16'384,
                                   .input_cost_per_token = per_million(2.50),
                                   .output_cost_per_token = per_million(10.00),
                                   .cache_read_cost_per_token = per_million(1.25),
                                   .cache_write_cost_per_token = per_million(2.50)};
inline constexpr model_info gpt_4o_2024_05_13{.max_input_tokens = 128'000, .max_output_tokens = 4'096,
                                              .input_cost_per_token = per_million(5.00),
                                              .output_cost_per_token = per_million(15.00)};
inline constexpr model_info gpt_4o_mini{.max_input_tokens = 128'000, .max_output_tokens = 16'384,
                                        .input_cost_per_token = per_million(0.15),
                                        .output_cost_per_token = per_million(0.60),
                                        .cache_read_cost_per_token = per_million(0.075),
                                        .cache_write_cost_per_token = per_million(0.15)};
inline constexpr model_info gpt_4_1{.max_input_tokens = 1'047'576, .max_output_tokens = 32'768,
                                    .input_cost_per_token = per_million(2.00),
                                    .output_cost_per_token = per_million(8.00),
                                    .cache_read_cost_per_token = per_million(0.50),
                                    .cache_write_cost_per_token = per_million(2.00)};
inline constexpr model_info gpt_4_1_mini{.max_input_tokens = 1'047'576, .max_output_tokens = 32'768,
                                         .input_cost_per_token = per_million(0.40),
                                         .output_cost_per_token = per_million(1.60),
                                         .cache_read_cost_per_token = per_million(0.10),
                                         .cache_write_cost_per_token = per_million(0.40)};
inline constexpr model_info gpt_4_1_nano{.max_input_tokens = 1'047'576, .max_output_tokens = 32'768,
                                         .input_cost_per_token = per_million(0.10),
                                         .output_cost_per_token = per_million(0.40),
                                         .cache_read_cost_per_token = per_million(0.025),
                                         .cache_write_cost_per_token = per_million(0.10)};
inline constexpr model_info gpt_5{.max_input_tokens = 272'000, .max_output_tokens = 128'000,
                                  .input_cost_per_token = per_million(1.25),
                                  .output_cost_per_token = per_million(10.00),
                                  .cache_read_cost_per_token = per_million(0.125),
                                  .cache_write_cost_per_token = per_million(1.25)};
inline constexpr model_info gpt_5_mini{.max_input_tokens = 272'000, .max_output_tokens = 128'000,
                                       .input_cost_per_token = per_million(0.25),
                                       .output_cost_per_token = per_million(2.00),
                                       .cache_read_cost_per_token = per_million(0.025),
                                       .cache_write_cost_per_token = per_million(0.25)};
inline constexpr model_info gpt_5_nano{.max_input_tokens = 272'000, .max_output_tokens = 128'000,
                                       .input_cost_per_token = per_million(0.05),
                                       .output_cost_per_token = per_million(0.40),
                                       .cache_read_cost_per_token = per_million(0.005),
                                       .cache_write_cost_per_token = per_million(0.05)};
inline constexpr model_info o1{.max_input_tokens = 200'000, .max_output_tokens = 100'000,
                               .input_cost_per_token = per_million(15.00),
                               .output_cost_per_token = per_million(60.00),
                               .cache_read_cost_per_token = per_million(7.50),
                               .cache_write_cost_per_token = per_million(15.00)};
inline constexpr model_info o3{.max_input_tokens = 200'000, .max_output_tokens = 100'000,
                               .input_cost_per_token = per_million(2.00),
                               .output_cost_per_token = per_million(8.00),
                               .cache_read_cost_per_token = per_million(0.50),
                               .cache_write_cost_per_token = per_million(2.00)};
inline constexpr model_info o3_mini{.max_input_tokens = 200'000, .max_output_tokens = 100'000,
                                    .input_cost_per_token = per_million(1.10),
                                    .output_cost_per_token = per_million(4.40),
                                    .cache_read_cost_per_token = per_million(0.55),
                                    .cache_write_cost_per_token = per_million(1.10)};
inline constexpr model_info o4_mini{.max_input_tokens = 200'000, .max_output_tokens = 100'000,
                                    .input_cost_per_token = per_million(1.10),
                                    .output_cost_per_token = per_million(4.40),
                                    .cache_read_cost_per_token = per_million(0.275),
                                    .cache_write_cost_per_token = per_million(1.10)};

// Anthropic: 5-minute cache writes cost 1.25x the input price, 1-hour writes 2x, cache reads 0.1x.
constexpr model_info anthropic_info(std::int64_t max_output, double input_usd_per_mtok,
                                    double output_usd_per_mtok) noexcept {
    return {.max_input_tokens = 200'000,
            .max_output_tokens = max_output,
            .input_cost_per_token = per_million(input_usd_per_mtok),
            .output_cost_per_token = per_million(output_usd_per_mtok),
            .cache_read_cost_per_token = per_million(input_usd_per_mtok * 0.1),
            .cache_write_cost_per_token = per_million(input_usd_per_mtok * 1.25),
            .cache_write_1h_cost_per_token = per_million(input_usd_per_mtok * 2)};
}
inline constexpr model_info claude_3_haiku = anthropic_info(4'096, 0.25, 1.25);
inline constexpr model_info claude_3_opus = anthropic_info(4'096, 15, 75);
inline constexpr model_info claude_3_5_haiku = anthropic_info(8'192, 0.80, 4);
inline constexpr model_info claude_3_5_sonnet = anthropic_info(8'192, 3, 15);
inline constexpr model_info claude_3_7_sonnet = anthropic_info(64'000, 3, 15);
inline constexpr model_info claude_opus_4 = anthropic_info(32'000, 15, 75);
inline constexpr model_info claude_opus_4_5 = anthropic_info(64'000, 5, 25);
inline constexpr model_info claude_haiku_4_5 = anthropic_info(64'000, 1, 5);
// Sonnet 4 and 4.5 above 200k prompt tokens (with the 1M-context beta): $6 input, $22.50 output.
constexpr model_info with_long_context(model_info info, long_context_prices above) noexcept {
    info.long_context = above;
    return info;
}
inline constexpr model_info claude_sonnet_4 =
    with_long_context(anthropic_info(64'000, 3, 15), {.above_input_tokens = 200'000,
                                                      .input_cost_per_token = per_million(6.00),
                                                      .output_cost_per_token = per_million(22.50),
                                                      .cache_read_cost_per_token = per_million(0.60),
                                                      .cache_write_cost_per_token = per_million(7.50),
                                                      .cache_write_1h_cost_per_token = per_million(12.00)});

inline constexpr model_info gemini_2_0_flash{.max_input_tokens = 1'048'576, .max_output_tokens = 8'192,
                                             .input_cost_per_token = per_million(0.10),
                                             .output_cost_per_token = per_million(0.40),
                                             .cache_read_cost_per_token = per_million(0.025),
                                             .cache_write_cost_per_token = per_million(0.10)};
inline constexpr model_info gemini_2_0_flash_lite{.max_input_tokens = 1'048'576, .max_output_tokens = 8'192,
                                                  .input_cost_per_token = per_million(0.075),
                                                  .output_cost_per_token = per_million(0.30)};
inline constexpr model_info gemini_2_5_pro{
    .max_input_tokens = 1'048'576,
    .max_output_tokens = 65'536,
    .input_cost_per_token = per_million(1.25),
    .output_cost_per_token = per_million(10.00),
    .cache_read_cost_per_token = per_million(0.125),
    .cache_write_cost_per_token = per_million(1.25),
    .long_context = long_context_prices{.above_input_tokens = 200'000,
                                        .input_cost_per_token = per_million(2.50),
                                        .output_cost_per_token = per_million(15.00),
                                        .cache_read_cost_per_token = per_million(0.25),
                                        .cache_write_cost_per_token = per_million(2.50)}};
inline constexpr model_info gemini_2_5_flash{.max_input_tokens = 1'048'576, .max_output_tokens = 65'536,
                                             .input_cost_per_token = per_million(0.30),
                                             .output_cost_per_token = per_million(2.50),
                                             .cache_read_cost_per_token = per_million(0.03),
                                             .cache_write_cost_per_token = per_million(0.30)};
inline constexpr model_info gemini_2_5_flash_lite{.max_input_tokens = 1'048'576, .max_output_tokens = 65'536,
                                                  .input_cost_per_token = per_million(0.10),
                                                  .output_cost_per_token = per_million(0.40),
                                                  .cache_read_cost_per_token = per_million(0.01),
                                                  .cache_write_cost_per_token = per_million(0.10)};
inline constexpr model_info gemini_3_pro_preview{
    .max_input_tokens = 1'048'576,
    .max_output_tokens = 65'536,
    .input_cost_per_token = per_million(2.00),
    .output_cost_per_token = per_million(12.00),
    .cache_read_cost_per_token = per_million(0.20),
    .cache_write_cost_per_token = per_million(2.00),
    .long_context = long_context_prices{.above_input_tokens = 200'000,
                                        .input_cost_per_token = per_million(4.00),
                                        .output_cost_per_token = per_million(18.00),
                                        .cache_read_cost_per_token = per_million(0.40),
                                        .cache_write_cost_per_token = per_million(4.00)}};
inline constexpr model_info gemini_3_flash_preview{.max_input_tokens = 1'048'576, .max_output_tokens = 65'536,
                                                   .input_cost_per_token = per_million(0.50),
                                                   .output_cost_per_token = per_million(3.00),
                                                   .cache_read_cost_per_token = per_million(0.05),
                                                   .cache_write_cost_per_token = per_million(0.50)};

inline constexpr model_info deepseek_chat{.max_input_tokens = 128'000, .max_output_tokens = 8'192};
inline constexpr model_info deepseek_reasoner{.max_input_tokens = 128'000, .max_output_tokens = 65'536};
inline constexpr model_info deepseek_v4_flash{.input_cost_per_token = per_million(0.14),
                                              .output_cost_per_token = per_million(0.28),
                                              .cache_read_cost_per_token = per_million(0.0028),
                                              .cache_write_cost_per_token = per_million(0.14)};

inline constexpr model_info groq_gpt_oss_120b{.input_cost_per_token = per_million(0.15),
                                              .output_cost_per_token = per_million(0.60),
                                              .cache_read_cost_per_token = per_million(0.075),
                                              .cache_write_cost_per_token = per_million(0.15)};

/// First match wins; the patterns do not overlap.
inline constexpr model_info_entry info[] = {
    // OpenAI
    {"text-embedding-3-small", text_embedding_3_small},
    {"text-embedding-3-large", text_embedding_3_large},
    {"text-embedding-ada-002", text_embedding_ada_002},
    {"gpt-4o", gpt_4o},
    {"gpt-4o-2024-08-06", gpt_4o},
    {"gpt-4o-2024-11-20", gpt_4o},
    {"gpt-4o-2024-05-13", gpt_4o_2024_05_13},
    {"gpt-4o-mini", gpt_4o_mini},
    {"gpt-4o-mini-2024-07-18", gpt_4o_mini},
    {"gpt-4.1", gpt_4_1},
    {"gpt-4.1-2025-04-14", gpt_4_1},
    {"gpt-4.1-mini", gpt_4_1_mini},
    {"gpt-4.1-mini-2025-04-14", gpt_4_1_mini},
    {"gpt-4.1-nano", gpt_4_1_nano},
    {"gpt-4.1-nano-2025-04-14", gpt_4_1_nano},
    {"gpt-5", gpt_5},
    {"gpt-5-2025-08-07", gpt_5},
    {"gpt-5-mini", gpt_5_mini},
    {"gpt-5-mini-2025-08-07", gpt_5_mini},
    {"gpt-5-nano", gpt_5_nano},
    {"gpt-5-nano-2025-08-07", gpt_5_nano},
    {"o1", o1},
    {"o1-2024-12-17", o1},
    {"o3", o3},
    {"o3-2025-04-16", o3},
    {"o3-mini", o3_mini},
    {"o3-mini-2025-01-31", o3_mini},
    {"o4-mini", o4_mini},
    {"o4-mini-2025-04-16", o4_mini},
    // Anthropic
    {"claude-3-haiku-20240307", claude_3_haiku},
    {"claude-3-opus-20240229", claude_3_opus},
    {"claude-3-opus-latest", claude_3_opus},
    {"claude-3-5-haiku-20241022", claude_3_5_haiku},
    {"claude-3-5-haiku-latest", claude_3_5_haiku},
    {"claude-3-5-sonnet-20240620", claude_3_5_sonnet},
    {"claude-3-5-sonnet-20241022", claude_3_5_sonnet},
    {"claude-3-5-sonnet-latest", claude_3_5_sonnet},
    {"claude-3-7-sonnet-20250219", claude_3_7_sonnet},
    {"claude-3-7-sonnet-latest", claude_3_7_sonnet},
    {"claude-sonnet-4-20250514", claude_sonnet_4},
    {"claude-sonnet-4-0", claude_sonnet_4},
    {"claude-sonnet-4-5-20250929", claude_sonnet_4},
    {"claude-sonnet-4-5", claude_sonnet_4},
    {"claude-opus-4-20250514", claude_opus_4},
    {"claude-opus-4-0", claude_opus_4},
    {"claude-opus-4-1-20250805", claude_opus_4},
    {"claude-opus-4-1", claude_opus_4},
    {"claude-opus-4-5-20251101", claude_opus_4_5},
    {"claude-opus-4-5", claude_opus_4_5},
    {"claude-haiku-4-5-20251001", claude_haiku_4_5},
    {"claude-haiku-4-5", claude_haiku_4_5},
    // Google
    {"gemini-2.0-flash", gemini_2_0_flash},
    {"gemini-2.0-flash-001", gemini_2_0_flash},
    {"gemini-2.0-flash-lite", gemini_2_0_flash_lite},
    {"gemini-2.0-flash-lite-001", gemini_2_0_flash_lite},
    {"gemini-2.5-pro", gemini_2_5_pro},
    {"gemini-2.5-flash", gemini_2_5_flash},
    {"gemini-2.5-flash-lite", gemini_2_5_flash_lite},
    {"gemini-3-pro-preview", gemini_3_pro_preview},
    {"gemini-3-flash-preview", gemini_3_flash_preview},
    // DeepSeek
    {"deepseek-chat", deepseek_chat},
    {"deepseek-reasoner", deepseek_reasoner},
    {"deepseek-v4-flash", deepseek_v4_flash},
    // Groq
    {"groq/openai/gpt-oss-120b", groq_gpt_oss_120b},
};

}  // namespace model_tables

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

// ---------------------------------------------------------------------------------------------- Gemini model names
// What a Gemini model's name says about how it is asked to think, kept here with the rest of polyllm's model
// knowledge (the Gemini wire code asks, and decides nothing from names itself). A "provider/" prefix is ignored.

/// @brief Gemini 3 models take a thinking level ("low", "high"); earlier Gemini models a thinking token budget.
[[nodiscard]] constexpr bool gemini_takes_thinking_level(std::string_view model) noexcept {
    if (const auto slash = model.rfind('/'); slash != std::string_view::npos) model.remove_prefix(slash + 1);
    return detail::istarts_with(model, "gemini-3");
}

/// @brief Gemini's Pro models cannot turn thinking off: the least budget they take (128) is their "none".
[[nodiscard]] constexpr bool gemini_thinking_cannot_stop(std::string_view model) noexcept {
    for (std::size_t i = 0; i + 3 <= model.size(); ++i)
        if (detail::iequals(model.substr(i, 3), "pro")) return true;
    return false;
}

POLYLLM_NAMESPACE_END
