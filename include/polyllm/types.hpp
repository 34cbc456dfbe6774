#pragma once
/// @file
/// @brief The provider-neutral vocabulary: messages, tools, requests, completions and usage. Providers translate
/// these to and from their wire formats; users never see a provider's shape. JSON forms are in json.hpp.

#include <polyllm/http.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief JSON the user writes (tool schemas, structured-output schemas, extra body fields): it keeps its keys in the
/// order they were written, because that order reaches the provider (a model with Structured Outputs writes keys in
/// schema order, so a "reasoning first" schema must stay reasoning first). `nlohmann::json` would sort them.
using ordered_json = nlohmann::ordered_json;

enum class role { system, user, assistant, tool };

[[nodiscard]] constexpr std::string_view to_string(role r) noexcept {
    switch (r) {
        case role::system: return "system";
        case role::user: return "user";
        case role::assistant: return "assistant";
        case role::tool: return "tool";
    }
    return "user";
}

/// @brief Plain text.
struct text_part {
    std::string text;
    friend bool operator==(const text_part&, const text_part&) = default;
};

/// @brief How closely a vision model looks at an image (OpenAI's `detail`).
enum class image_detail { automatic, low, high };

[[nodiscard]] constexpr std::string_view to_string(image_detail d) noexcept {
    switch (d) {
        case image_detail::low: return "low";
        case image_detail::high: return "high";
        case image_detail::automatic: break;
    }
    return "auto";
}

/// @brief An image, either at a URL or inline as base64 data with its media type.
struct image_part {
    std::string url;         ///< http(s) URL; empty when the image is inline
    std::string media_type;  ///< e.g. "image/png", for inline data
    std::string data;        ///< base64, for inline data
    image_detail detail = image_detail::automatic;

    [[nodiscard]] bool is_inline() const noexcept { return url.empty(); }
    [[nodiscard]] static image_part from_url(std::string url, image_detail d = image_detail::automatic) {
        return {std::move(url), {}, {}, d};
    }
    [[nodiscard]] static image_part from_base64(std::string media_type, std::string base64,
                                                image_detail d = image_detail::automatic) {
        return {{}, std::move(media_type), std::move(base64), d};
    }
    friend bool operator==(const image_part&, const image_part&) = default;
};

/// @brief A model's visible reasoning (Anthropic thinking blocks, OpenAI Responses reasoning items). The signature,
/// the redacted payload or the opaque item must be sent back unchanged in later turns, so it is kept with the message.
struct thinking_part {
    std::string thinking;
    std::string signature;
    std::string redacted_data;  ///< set instead of `thinking` for a redacted block
    /// OpenAI Responses: the whole `reasoning` output item as JSON text (its id, summary and encrypted_content), which
    /// only that API reads and which goes back as it came; `thinking` holds its summary. Other providers ignore it.
    std::string opaque_item = {};
    friend bool operator==(const thinking_part&, const thinking_part&) = default;
};

using content_part = std::variant<text_part, image_part, thinking_part>;

/// @brief A call the model asked for. `arguments` is the JSON text exactly as the model produced it.
struct tool_call {
    std::string id;
    std::string name;
    std::string arguments;
    friend bool operator==(const tool_call&, const tool_call&) = default;
};

/// @brief One conversation turn.
struct message {
    polyllm::role role = role::user;
    std::vector<content_part> content;
    std::vector<tool_call> tool_calls;  ///< assistant turns only
    std::string tool_call_id;           ///< tool turns: the call this answers
    std::string name;                   ///< optional participant name; for tool turns, the tool's name
    std::string refusal;                ///< assistant turns: the model's refusal text, when it refused
    bool cache = false;                 ///< a prompt-cache breakpoint after this message (where the provider has them)
    /// @brief Tool turns: the output reports the tool's failure, not its result. Sent where the provider has a field
    /// for it (Anthropic's `is_error`, Bedrock's `status`, Gemini's `error` key); elsewhere the output alone says so.
    bool is_error = false;

    /// @brief All text parts joined, without separators.
    [[nodiscard]] POLYLLM_DECL std::string text() const;

    [[nodiscard]] POLYLLM_DECL static message system(std::string text);
    [[nodiscard]] POLYLLM_DECL static message user(std::string text);
    [[nodiscard]] POLYLLM_DECL static message assistant(std::string text);
    [[nodiscard]] POLYLLM_DECL static message tool_result(std::string call_id, std::string output,
                                                          std::string tool_name = {});

    friend bool operator==(const message&, const message&) = default;

private:
    [[nodiscard]] POLYLLM_DECL static message of(polyllm::role r, std::string text);
};

/// @brief A function the model may call; `parameters` is a JSON Schema object.
struct tool {
    std::string name;
    std::string description;
    ordered_json parameters = ordered_json::object();
    friend bool operator==(const tool&, const tool&) = default;
};

/// @brief Whether and which tool the model must call.
struct tool_choice {
    enum class mode { automatic, none, required, function };
    mode kind = mode::automatic;
    std::string function_name;  ///< for mode::function

    [[nodiscard]] static tool_choice automatic() { return {mode::automatic, {}}; }
    [[nodiscard]] static tool_choice none() { return {mode::none, {}}; }
    [[nodiscard]] static tool_choice required() { return {mode::required, {}}; }
    [[nodiscard]] static tool_choice function(std::string name) { return {mode::function, std::move(name)}; }
    friend bool operator==(const tool_choice&, const tool_choice&) = default;
};

/// @brief How hard a reasoning model thinks before answering.
enum class reasoning_effort { none, minimal, low, medium, high };

[[nodiscard]] constexpr std::string_view to_string(reasoning_effort e) noexcept {
    switch (e) {
        case reasoning_effort::none: return "none";
        case reasoning_effort::minimal: return "minimal";
        case reasoning_effort::low: return "low";
        case reasoning_effort::medium: return "medium";
        case reasoning_effort::high: return "high";
    }
    return "medium";
}

[[nodiscard]] constexpr std::optional<reasoning_effort> parse_reasoning_effort(std::string_view s) noexcept {
    for (auto e : {reasoning_effort::none, reasoning_effort::minimal, reasoning_effort::low, reasoning_effort::medium,
                   reasoning_effort::high})
        if (to_string(e) == s) return e;
    return std::nullopt;
}

/// @brief Structured output: free text, any JSON object, or JSON matching a schema.
struct response_format {
    enum class kind { text, json_object, json_schema };
    response_format::kind type = kind::text;
    std::string name;  ///< json_schema: the schema's name
    ordered_json schema;
    bool strict = false;

    [[nodiscard]] POLYLLM_DECL static response_format json_object();
    [[nodiscard]] POLYLLM_DECL static response_format json_schema(std::string name, ordered_json schema,
                                                                  bool strict = true);
    friend bool operator==(const response_format&, const response_format&) = default;
};

/// @brief A chat request, independent of the provider. The model comes from the `llm_config`.
struct request {
    std::vector<message> messages;
    std::vector<tool> tools;
    std::optional<polyllm::tool_choice> tool_choice;
    std::optional<bool> parallel_tool_calls;
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<std::int64_t> max_tokens;  ///< the output limit (OpenAI's max_completion_tokens)
    std::vector<std::string> stop;
    std::optional<polyllm::reasoning_effort> reasoning_effort;
    std::optional<polyllm::response_format> response_format;
    std::optional<std::int64_t> seed;
    std::string user;                               ///< end-user id for abuse monitoring
    ordered_json extra = ordered_json::object();  ///< body fields, as they are; each replaces polyllm's of its name
    /// Whether sending this request twice is harmless. A router never hedges a request marked false (one that,
    /// through a tool or a provider-side effect, must happen at most once); retries of a failed attempt are the
    /// retry policy's, as before. Not sent: no provider has such a field.
    bool idempotent = true;

    friend bool operator==(const request&, const request&) = default;
};

/// @brief Token counts of one response. `prompt_tokens` always includes cached tokens, whatever the provider's own
/// convention, so that costs and context checks can rely on it.
///
/// A count the provider did not report is empty, never a made-up zero: a reply without `usage` (mock servers, some
/// compatible servers, a stream cut off before its usage chunk) has unknown usage, and so an unknown cost, not $0.
/// Providers fill the counts they report; a part the provider has no notion of (OpenAI's cache writes) stays empty.
struct usage {
    std::optional<std::int64_t> prompt_tokens{};
    std::optional<std::int64_t> completion_tokens{};
    std::optional<std::int64_t> cache_read_tokens{};   ///< part of prompt_tokens served from the prompt cache
    std::optional<std::int64_t> cache_write_tokens{};  ///< part of prompt_tokens written to the prompt cache
    std::optional<std::int64_t> reasoning_tokens{};    ///< part of completion_tokens spent on hidden reasoning
    /// part of cache_write_tokens written for an hour rather than the default few minutes (Anthropic's `ttl: "1h"`),
    /// billed at its own, higher rate. Last, so that positional initialization of the fields above is unchanged.
    std::optional<std::int64_t> cache_write_1h_tokens{};

    /// @brief Prompt plus completion, when the provider reported both.
    [[nodiscard]] std::optional<std::int64_t> total_tokens() const noexcept {
        if (!prompt_tokens || !completion_tokens) return std::nullopt;
        return *prompt_tokens + *completion_tokens;
    }
    /// @brief Whether the provider reported the prompt or the completion count at all.
    [[nodiscard]] bool reported() const noexcept { return prompt_tokens || completion_tokens; }
    friend bool operator==(const usage&, const usage&) = default;
};

namespace detail {
/// @brief Adds a count to a running sum: the sum is known once any addend is, and an unknown addend adds nothing.
constexpr void add_count(std::optional<std::int64_t>& sum, const std::optional<std::int64_t>& n) noexcept {
    if (n) sum = sum.value_or(0) + *n;
}
/// @brief Adds each count of `u` to `sum` as `add_count` does.
constexpr void add_usage(usage& sum, const usage& u) noexcept {
    add_count(sum.prompt_tokens, u.prompt_tokens);
    add_count(sum.completion_tokens, u.completion_tokens);
    add_count(sum.cache_read_tokens, u.cache_read_tokens);
    add_count(sum.cache_write_tokens, u.cache_write_tokens);
    add_count(sum.cache_write_1h_tokens, u.cache_write_1h_tokens);
    add_count(sum.reasoning_tokens, u.reasoning_tokens);
}
/// @brief The sums `later` holds beyond `earlier` (an earlier state of the same sums): a count `earlier` did not
/// have yet is `later`'s own; one neither has stays unknown.
constexpr usage usage_difference(const usage& later, const usage& earlier) noexcept {
    auto minus = [](const std::optional<std::int64_t>& a, const std::optional<std::int64_t>& b) {
        return a ? std::optional<std::int64_t>(*a - b.value_or(0)) : std::nullopt;
    };
    return {minus(later.prompt_tokens, earlier.prompt_tokens),
            minus(later.completion_tokens, earlier.completion_tokens),
            minus(later.cache_read_tokens, earlier.cache_read_tokens),
            minus(later.cache_write_tokens, earlier.cache_write_tokens),
            minus(later.reasoning_tokens, earlier.reasoning_tokens),
            minus(later.cache_write_1h_tokens, earlier.cache_write_1h_tokens)};
}
}  // namespace detail

/// @brief Why the model stopped, normalized. The provider's own value is kept in `completion::finish_reason_raw`.
enum class finish_reason { stop, length, tool_calls, content_filter, error, other };

[[nodiscard]] constexpr std::string_view to_string(finish_reason f) noexcept {
    switch (f) {
        case finish_reason::stop: return "stop";
        case finish_reason::length: return "length";
        case finish_reason::tool_calls: return "tool_calls";
        case finish_reason::content_filter: return "content_filter";
        case finish_reason::error: return "error";
        case finish_reason::other: return "other";
    }
    return "other";
}

/// @brief A model's answer, normalized.
struct completion {
    std::string id;
    std::string model;  ///< as the provider reported it (often more specific than the one requested)
    polyllm::message message = polyllm::message::assistant({});
    polyllm::finish_reason finish_reason = finish_reason::other;
    std::string finish_reason_raw;  ///< the provider's own value, e.g. "end_turn"
    polyllm::usage usage;
    std::string request_id;  ///< the provider's request id header, for support tickets
    http_headers headers;    ///< the response headers (processing time, ...)
    polyllm::rate_limits rate_limits;  ///< what the rate-limit headers said, when the provider sent them
    std::optional<double> cost;        ///< USD, from the usage and the model's prices; empty when a price is unknown
    /// How long the provider says the model took (Bedrock's `metrics.latencyMs`); empty when it did not say. Unlike the
    /// caller's own timing, it leaves out the network.
    std::optional<std::chrono::milliseconds> server_latency;
    /// What the provider noticed that did not fail the call but may have spoiled the answer (Ollama's server cut the
    /// start of a prompt longer than its context); each is also logged at log_level::warning. Last, so that
    /// positional initialization of the fields above is unchanged.
    std::vector<std::string> warnings{};

    friend bool operator==(const completion&, const completion&) = default;
};

/// @brief Embedding vectors, one per input text, in input order.
struct embeddings {
    std::vector<std::vector<float>> vectors;
    std::string model;
    polyllm::usage usage;  ///< prompt_tokens only: embeddings produce no completion tokens
    std::string request_id;
    std::optional<double> cost;  ///< USD at the embedding model's input price; empty when the price is unknown
    friend bool operator==(const embeddings&, const embeddings&) = default;
};

/// @brief A token count and whether it is exact (the provider's own tokenizer) or an estimate.
struct token_count {
    std::size_t tokens = 0;
    bool exact = false;
    friend bool operator==(const token_count&, const token_count&) = default;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/types.ipp>
#endif
