#pragma once
/// @file
/// @brief The Bedrock Converse request body (`POST /model/{modelId}/converse` and `/converse-stream`; the model is in
/// the path, not the body), without I/O: `messages` of content blocks (`text`, `image` with bytes, `reasoningContent`,
/// `toolUse`, `toolResult`, `cachePoint`), `system` blocks, `inferenceConfig`, `toolConfig`, and
/// `additionalModelRequestFields` for what Converse does not model (Claude's thinking budget and top_k).
/// Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/providers/anthropic_messages_turns.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {

/// @brief What the model tables say about the model, as the body needs it.
struct model_traits {
    bool prompt_cache = false;  ///< takes cachePoint blocks
    bool thinking = false;      ///< takes Claude's extended thinking (through additionalModelRequestFields)
    bool anthropic = false;     ///< a Claude model: top_k and thinking go in Anthropic's own field names
    bool tool_status = false;   ///< takes toolResult's `status` (Claude 3 and later, Nova); other models refuse it
    std::optional<std::int64_t> max_output_tokens;
    std::optional<std::int64_t> thinking_budget_tokens;  ///< replaces the effort's budget
};

/// @brief Appends the Converse body to `out`. System messages form `system`; tool results become `toolResult` blocks in
/// user turns; consecutive turns of one role are merged, as Converse requires them to alternate. Fails, leaving
/// `out` as it was, on what Converse cannot carry (an image by URL, a tool call whose arguments are not JSON).
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   const model_traits& traits);

/// @brief The same body as a JSON value, for tests.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg,
                                                                    const model_traits& traits);

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/bedrock_converse_body.ipp>
#endif
