#pragma once
/// @file
/// @brief The built-in table of model limits and prices (`model_tables::info`), with its sources: constexpr data,
/// read through `model_info_of` (models.hpp).

#include <polyllm/models/vocabulary.hpp>
#include <polyllm/version.hpp>

#include <cstdint>

POLYLLM_NAMESPACE_BEGIN

namespace model_tables {

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
    // Vertex AI names Claude models with '@' before the version (claude-sonnet-4-5@20250929); its list prices are
    // Anthropic's own (cloud.google.com/vertex-ai/generative-ai/pricing). Gemini's names are AI Studio's, above.
    {"vertex_ai/claude-sonnet-4-5@*", claude_sonnet_4},
    {"vertex_ai/claude-sonnet-4@*", claude_sonnet_4},
    {"vertex_ai/claude-opus-4-5@*", claude_opus_4_5},
    {"vertex_ai/claude-opus-4-1@*", claude_opus_4},
    {"vertex_ai/claude-opus-4@*", claude_opus_4},
    {"vertex_ai/claude-haiku-4-5@*", claude_haiku_4_5},
    {"vertex_ai/claude-3-7-sonnet@*", claude_3_7_sonnet},
    {"vertex_ai/claude-3-5-haiku@*", claude_3_5_haiku},
};

}  // namespace model_tables

POLYLLM_NAMESPACE_END
