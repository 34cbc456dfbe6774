#pragma once
/// @file
/// @brief The settings of an Anthropic Messages body (cache lifetime, thinking budget, what the model takes), and how
/// polyllm's conversation becomes its turns and blocks: system text, user blocks, tool results in user turns,
/// assistant thinking and tool use, consecutive turns of one role merged, prompt-cache breakpoints, the thinking
/// budget and the sampling parameters thinking allows. Used by write_body (anthropic_messages_body.hpp).

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/error_body.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

// ---------------------------------------------------------------------------------------------- settings

/// @brief How long a cache breakpoint keeps the prompt prefix: the API's default, five minutes (no `ttl` is sent),
/// or one hour (`"ttl": "1h"`; its cache writes cost twice the input price instead of 1.25 times). The API wants
/// longer lifetimes before shorter ones in the prompt; one lifetime for every breakpoint always satisfies that.
enum class cache_ttl : std::uint8_t { five_minutes, one_hour };

/// @brief A cache lifetime read from configuration, in the API's own spelling: "5m" or "1h".
[[nodiscard]] POLYLLM_DECL result<void> parse_config_value(std::string_view text, cache_ttl& out);

/// @brief What the model tables say about the model, decided by the provider and passed in, so that the wire code
/// does no lookups and can be tested with any values.
struct model_traits {
    bool prompt_cache = false;  ///< the model takes `cache_control` breakpoints
    bool thinking = false;      ///< the model takes extended thinking (the reasoning_effort capability)
    std::optional<std::int64_t> max_output_tokens{};  ///< the model's largest output, the last default of max_tokens
    std::optional<std::int64_t> thinking_budget_tokens{};  ///< replaces the effort's budget (anthropic::options)
    cache_ttl cache_lifetime = cache_ttl::five_minutes;  ///< every breakpoint's lifetime (anthropic::options)
};

/// The API's limits: cache breakpoints per request, and the smallest thinking budget.
inline constexpr std::size_t max_cache_breakpoints = 4;
inline constexpr std::int64_t min_thinking_budget = 1024;
/// max_tokens for a model the tables do not know: the smallest maximum output of any Claude model, so it is
/// accepted everywhere.
inline constexpr std::int64_t fallback_max_tokens = 4096;

/// @brief The extended-thinking budget for a reasoning effort: none 0 (thinking off), minimal 1024 (the API's
/// minimum), low 4096, medium 8192, high 16384. max_tokens includes the budget; see docs/providers/anthropic.md.
[[nodiscard]] constexpr std::int64_t thinking_budget(reasoning_effort e) noexcept {
    switch (e) {
        case reasoning_effort::none: return 0;
        case reasoning_effort::minimal: return min_thinking_budget;
        case reasoning_effort::low: return 4096;
        case reasoning_effort::medium: return 8192;
        case reasoning_effort::high: return 16384;
    }
    return 0;
}

/// @brief The input object of a tool call: its arguments parsed; empty arguments are `{}`.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> tool_input_json(const tool_call& call);

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic_messages_turns.ipp>
#endif
