#pragma once
/// @file
/// @brief Anthropic's Messages wire format (`POST /v1/messages`), as free functions without I/O: the request body
/// (system prompt, turns, tools, prompt-cache breakpoints, extended thinking), the completion, the error body.
/// Reference: https://docs.anthropic.com/en/api/messages and the anthropic-sdk-python types.

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/detail/json_diagnosis.hpp>
#include <polyllm/detail/json_writer.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

// The generic JSON field readers and the context-window phrases are OpenAI's; Anthropic's bodies read the same way.
namespace field = openai_chat::field;

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

// ---------------------------------------------------------------------------------------------- request body
// Written straight into the request's body with polyllm::detail::json_writer: no tree of the conversation is built.

/// @brief The input object of a tool call: its arguments parsed; empty arguments are `{}`.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> tool_input_json(const tool_call& call);

/// @brief Appends the Messages body to `out`. System messages, wherever they are, form the top-level `system`;
/// tool results become `tool_result` blocks in user turns; consecutive turns of one role are merged. Request
/// fields win over the configuration's defaults; a field `extra` sets takes extra's value in its place, and the
/// rest of `extra` follows. Fails with a clear error, leaving `out` as it was, on a request Anthropic would reject
/// and polyllm may not adjust (see docs/providers/anthropic.md).
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   std::string_view model, const model_traits& traits, bool stream);

/// @brief The same body as a JSON value, for tests and for code that changes a body after it is built.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg,
                                                                    std::string_view model, const model_traits& traits,
                                                                    bool stream);

// ---------------------------------------------------------------------------------------------- responses

/// @brief Anthropic's stop_reason: end_turn and stop_sequence are a stop, max_tokens and a full context window are
/// length, tool_use is tool_calls, refusal is content_filter; pause_turn and anything new are other.
[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw) noexcept {
    if (raw == "end_turn" || raw == "stop_sequence") return finish_reason::stop;
    if (raw == "max_tokens" || raw == "model_context_window_exceeded") return finish_reason::length;
    if (raw == "tool_use") return finish_reason::tool_calls;
    if (raw == "refusal") return finish_reason::content_filter;
    return finish_reason::other;
}

/// @brief Anthropic's usage, in its own terms. `input_tokens` excludes the tokens read from and written to the
/// cache; each count is cumulative in a stream, where a later `message_delta` may repeat some of them.
struct raw_usage {
    std::optional<std::int64_t> input_tokens;
    std::optional<std::int64_t> output_tokens;
    std::optional<std::int64_t> cache_read_input_tokens;
    std::optional<std::int64_t> cache_creation_input_tokens;
    std::optional<std::int64_t> cache_creation_1h_tokens;  // cache_creation.ephemeral_1h_input_tokens: part of the one above
    std::optional<std::int64_t> thinking_tokens;

    /// @brief Takes the fields present in `u`, keeping the others.
    POLYLLM_DECL void update(const nlohmann::json& u);

    /// @brief polyllm's usage: the prompt count includes the cached tokens, read and written, each also reported
    /// on its own so that cost can price every part at its rate. The prompt is known when `input_tokens` is.
    [[nodiscard]] usage normalized() const noexcept {
        usage out;
        if (input_tokens)
            out.prompt_tokens =
                *input_tokens + cache_read_input_tokens.value_or(0) + cache_creation_input_tokens.value_or(0);
        out.completion_tokens = output_tokens;
        out.cache_read_tokens = cache_read_input_tokens;
        out.cache_write_tokens = cache_creation_input_tokens;
        out.cache_write_1h_tokens = cache_creation_1h_tokens;
        out.reasoning_tokens = thinking_tokens;
        return out;
    }
};

[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

/// @brief Feeds one content block of a response to `acc` as the events a stream of it would carry, so that a
/// whole response and a stream of the same content build the same message. Tool input objects become their
/// compact JSON text, as the stream decoder makes them. Blocks of other types (server tools) are skipped.
POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index);

/// @brief A parsed Message body.
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

// ---------------------------------------------------------------------------------------------- errors

/// @brief The errc for an HTTP status with Anthropic's error type and message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view message);

/// @brief The error for `{"type": "error", "error": {"type", "message"}, "request_id"}`, as a non-2xx body or a
/// stream's `error` event. The request id comes from the header, else from the body.
[[nodiscard]] POLYLLM_DECL error error_from(const http_response& res, std::string_view request_id_header);

/// @brief Retry what Anthropic's SDKs retry: 408, 409, 429 and every 5xx (529 overloaded among them), and a
/// connection failure or timeout before any response; never a spent credit, a rejected key, a prompt too long.
[[nodiscard]] inline bool should_retry(const error& e) noexcept {
    switch (e.kind()) {
        case errc::quota_exceeded:
        case errc::cancelled:
        case errc::context_window_exceeded:
        case errc::authentication:
        case errc::permission_denied:
        case errc::content_policy:
            return false;
        case errc::service_unavailable:
        case errc::rate_limited:
            return true;  // also when it came as an error event in a 200 stream
        default: break;
    }
    if (e.http_status == 408 || e.http_status == 409 || e.http_status == 429 || e.http_status >= 500) return true;
    return e.http_status == 0 && (e.kind() == errc::connection || e.kind() == errc::timeout);
}

/// @brief Parses a Messages response: the completion for a 2xx message, the classified error otherwise. Never
/// throws: a body of the wrong shape is `errc::malformed_response`.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res,
                                                             std::string_view request_id_header);

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

POLYLLM_DECL result<void> parse_config_value(std::string_view text, cache_ttl& out) {
    if (text == "5m") out = cache_ttl::five_minutes;
    else if (text == "1h") out = cache_ttl::one_hour;
    else return error{errc::invalid_config, "must be 5m or 1h"};
    return success();
}

POLYLLM_DECL result<nlohmann::ordered_json> tool_input_json(const tool_call& call) {
    if (call.arguments.empty()) return nlohmann::ordered_json::object();
    auto input = nlohmann::ordered_json::parse(call.arguments, nullptr, false);
    if (input.is_discarded() || !input.is_object())
        return error{errc::bad_request, "the arguments of tool call " + call.id + " (" + call.name +
                                            ") are not a JSON object, which Anthropic requires: " +
                                            openai_chat::body_excerpt(call.arguments)};
    return input;
}

namespace detail {

// JSON straight into the body, and the lifetime every cache breakpoint in it asks for.
struct writer : polyllm::detail::json_writer {
    writer(std::string& out, cache_ttl lifetime) noexcept : json_writer(out), cache_lifetime(lifetime) {}
    cache_ttl cache_lifetime;
};

// What extended thinking does not allow is given up (thinking itself, or a sampling parameter) when polyllm may
// adjust requests; otherwise the request is refused before sending, saying why.
inline std::optional<error> refused_adjustment(const llm_config& cfg, const std::string& why) {
    if (cfg.modify_params) return std::nullopt;
    return error{errc::unsupported, why + " (modify_params is off, so polyllm may not adjust the request)"};
}

// The thinking budget for this request, 0 for none: the effort's (or the option's), below max_tokens, at least the
// API's minimum, and never with a forced tool call.
inline result<std::int64_t> thinking_budget_for(const request& r, const llm_config& cfg, const model_traits& traits,
                                                std::int64_t max_tokens) {
    const auto effort = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
    if (!traits.thinking || !effort || *effort == reasoning_effort::none) return 0;
    const auto choice = r.tool_choice ? r.tool_choice->kind : tool_choice::mode::automatic;
    if (!r.tools.empty() && (choice == tool_choice::mode::required || choice == tool_choice::mode::function)) {
        if (auto e = refused_adjustment(cfg, "extended thinking does not allow forcing a tool call")) return *e;
        return 0;
    }
    const auto budget = std::min(traits.thinking_budget_tokens.value_or(thinking_budget(*effort)), max_tokens - 1);
    if (budget < min_thinking_budget) {
        if (auto e = refused_adjustment(cfg, "extended thinking needs max_tokens above " +
                                                 std::to_string(min_thinking_budget) + ", and it is " +
                                                 std::to_string(max_tokens)))
            return *e;
        return 0;
    }
    return budget;
}

// Ends a block, with the cache breakpoint when it is the one marked.
inline void end_block(writer& w, bool cache) {
    if (cache) {
        w.key("cache_control").begin_object().key("type").string("ephemeral");
        if (w.cache_lifetime == cache_ttl::one_hour) w.key("ttl").string("1h");
        w.end_object();
    }
    w.end_object();
}

inline void write_text(writer& w, std::string_view text, bool cache) {
    w.begin_object().key("type").string("text").key("text").string(text);
    end_block(w, cache);
}

inline void write_image(writer& w, const image_part& image, bool cache) {
    w.begin_object().key("type").string("image").key("source").begin_object();
    if (image.is_inline())
        w.key("type").string("base64").key("media_type").string(image.media_type).key("data").string(image.data);
    else
        w.key("type").string("url").key("url").string(image.url);
    w.end_object();
    end_block(w, cache);
}

// A thinking part without a signature is another provider's reasoning, which Anthropic would reject: not sent.
inline void write_thinking(writer& w, const thinking_part& t) {
    if (!t.redacted_data.empty())
        w.begin_object().key("type").string("redacted_thinking").key("data").string(t.redacted_data).end_object();
    else if (!t.signature.empty())
        w.begin_object()
            .key("type").string("thinking")
            .key("thinking").string(t.thinking)
            .key("signature").string(t.signature)
        .end_object();
}

// Empty text is left out: the API rejects it.
inline bool is_block(const content_part& part) {
    if (const auto* t = std::get_if<text_part>(&part)) return !t->text.empty();
    return std::holds_alternative<image_part>(part);
}

// The index of the part that makes a user or system message's last block, or content.size() for none.
inline std::size_t last_block_part(const message& m) {
    for (std::size_t i = m.content.size(); i-- > 0;)
        if (is_block(m.content[i])) return i;
    return m.content.size();
}

// Whether a message gives the conversation a block that can carry cache_control: thinking blocks cannot.
inline bool has_cacheable_block(const message& m) {
    if (m.role == role::tool || (m.role == role::assistant && !m.tool_calls.empty())) return true;
    return last_block_part(m) != m.content.size();
}

// Whether a user, tool or assistant message adds anything to the turns: an empty message says nothing, and the API
// rejects empty content.
inline bool has_blocks(const message& m) {
    if (has_cacheable_block(m)) return true;
    return m.role == role::assistant && std::any_of(m.content.begin(), m.content.end(), [](const content_part& p) {
               const auto* t = std::get_if<thinking_part>(&p);
               return t && (!t->redacted_data.empty() || !t->signature.empty());
           });
}

// Text and images, in a user turn or inside a tool_result; thinking in a user turn means nothing to the model.
inline void write_user_blocks(writer& w, const message& m, std::size_t cached_part) {
    for (std::size_t i = 0; i < m.content.size(); ++i) {
        const auto& part = m.content[i];
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!t->text.empty()) write_text(w, t->text, i == cached_part);
        } else if (const auto* image = std::get_if<image_part>(&part)) {
            write_image(w, *image, i == cached_part);
        }
    }
}

// A tool result is a tool_result block in a user turn: plain text as a string, with images as blocks.
inline void write_tool_result(writer& w, const message& m, bool cache) {
    w.begin_object().key("type").string("tool_result").key("tool_use_id").string(m.tool_call_id);
    const bool has_image = std::any_of(m.content.begin(), m.content.end(),
                                       [](const content_part& p) { return std::holds_alternative<image_part>(p); });
    if (has_image) {
        w.key("content").begin_array();
        write_user_blocks(w, m, m.content.size());
        w.end_array();
    } else {
        const text_part* only = nullptr;  // the text is usually one part: written without joining
        std::size_t texts = 0;
        for (const auto& part : m.content)
            if (const auto* t = std::get_if<text_part>(&part); t && !t->text.empty()) only = (++texts, t);
        if (texts == 1) w.key("content").string(only->text);
        else if (texts > 1) w.key("content").string(m.text());
    }
    end_block(w, cache);
}

inline result<void> write_assistant_blocks(writer& w, const message& m, bool cache) {
    const std::size_t cached_text = cache && m.tool_calls.empty() ? last_block_part(m) : m.content.size();
    for (std::size_t i = 0; i < m.content.size(); ++i) {
        if (const auto* t = std::get_if<text_part>(&m.content[i])) {
            if (!t->text.empty()) write_text(w, t->text, i == cached_text);
        } else if (const auto* thinking = std::get_if<thinking_part>(&m.content[i])) {
            write_thinking(w, *thinking);
        }  // images were refused before writing
    }
    for (std::size_t i = 0; i < m.tool_calls.size(); ++i) {
        const auto& call = m.tool_calls[i];
        w.begin_object().key("type").string("tool_use").key("id").string(call.id).key("name").string(call.name);
        w.key("input");
        if (call.arguments.empty()) {
            w.begin_object().end_object();
        } else {
            auto input = tool_input_json(call);
            if (!input) return std::move(input).error();
            w.value(input.value());
        }
        end_block(w, cache && i + 1 == m.tool_calls.size());
    }
    return success();
}

// What Anthropic rejects in a message whatever its neighbours, found before anything is written.
inline std::optional<error> malformed(const message& m) {
    const auto image = [&] {
        return std::any_of(m.content.begin(), m.content.end(),
                           [](const content_part& p) { return std::holds_alternative<image_part>(p); });
    };
    switch (m.role) {
        case role::system:
            if (image()) return error{errc::bad_request, "Anthropic takes only text in the system prompt"};
            break;
        case role::tool:
            if (m.tool_call_id.empty())
                return error{errc::bad_request, "a tool result message has no tool_call_id: Anthropic needs the id "
                                                "of the tool_use block it answers"};
            break;
        case role::assistant:
            if (image()) return error{errc::bad_request, "Anthropic takes no images in assistant turns"};
            break;
        case role::user: break;
    }
    return std::nullopt;
}

// A request's errors are reported in the order of its messages, as the first bad one: the tool arguments that
// are not an object (found by parsing them) in messages[0, end), else `e`.
inline error first_error(const std::vector<message>& messages, std::size_t end, error e) {
    for (std::size_t i = 0; i < end; ++i)
        for (const auto& call : messages[i].tool_calls)
            if (messages[i].role == role::assistant)
                if (auto input = tool_input_json(call); !input) return std::move(input).error();
    return e;
}

// The messages whose last cacheable block carries a breakpoint: the system prompt's and the last user or tool
// message's when caching_prompt is on, then the caller's latest message::cache markers, never more than the API
// takes.
struct cache_breakpoints {
    std::array<std::size_t, max_cache_breakpoints> messages{};
    std::size_t count = 0;

    [[nodiscard]] bool contains(std::size_t message) const noexcept {
        return std::find(messages.begin(), messages.begin() + count, message) != messages.begin() + count;
    }
    void add(std::size_t message) noexcept {
        if (count < messages.size() && !contains(message)) messages[count++] = message;
    }
};

inline cache_breakpoints cache_breakpoints_for(const std::vector<message>& messages, const llm_config& cfg) {
    cache_breakpoints out;
    if (cfg.caching_prompt) {
        std::optional<std::size_t> system, user;
        for (std::size_t i = 0; i < messages.size(); ++i) {
            if (!has_cacheable_block(messages[i])) continue;
            if (messages[i].role == role::system) system = i;
            else if (messages[i].role != role::assistant) user = i;
        }
        if (system) out.add(*system);
        if (user) out.add(*user);
    }
    for (std::size_t i = messages.size(); i-- > 0;)
        if (messages[i].cache && has_cacheable_block(messages[i])) out.add(i);
    return out;
}

// Sampling parameters, leaving out what thinking does not take: temperature, top_k, top_p outside [0.95, 1].
struct sampling {
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<std::int64_t> top_k;
};

inline result<sampling> sampling_for(const request& r, const llm_config& cfg, bool thinking) {
    sampling s{r.temperature ? r.temperature : cfg.temperature, r.top_p ? r.top_p : cfg.top_p, cfg.top_k};
    if (!thinking) return s;
    if (s.temperature) {
        if (auto e = refused_adjustment(cfg, "extended thinking does not take a temperature")) return *e;
        s.temperature.reset();
    }
    if (s.top_k) {
        if (auto e = refused_adjustment(cfg, "extended thinking does not take top_k")) return *e;
        s.top_k.reset();
    }
    if (s.top_p && (*s.top_p < 0.95 || *s.top_p > 1.0)) {
        if (auto e = refused_adjustment(cfg, "extended thinking takes top_p only from 0.95 to 1")) return *e;
        s.top_p.reset();
    }
    return s;
}

inline void write_tool(writer& w, const tool& t) {
    w.begin_object().key("name").string(t.name);
    if (!t.description.empty()) w.key("description").string(t.description);
    // input_schema must be an object schema; a tool without parameters still needs one.
    w.key("input_schema");
    if (t.parameters.is_object() && !t.parameters.empty()) w.value(t.parameters);
    else w.begin_object().key("type").string("object").key("properties").begin_object().end_object().end_object();
    w.end_object();
}

inline void write_tool_choice(writer& w, const tool_choice& c, bool disable_parallel) {
    w.begin_object();
    switch (c.kind) {
        case tool_choice::mode::none: w.key("type").string("none").end_object(); return;  // no disable_parallel
        case tool_choice::mode::required: w.key("type").string("any"); break;
        case tool_choice::mode::function: w.key("type").string("tool").key("name").string(c.function_name); break;
        case tool_choice::mode::automatic: w.key("type").string("auto"); break;
    }
    if (disable_parallel) w.key("disable_parallel_tool_use").boolean(true);
    w.end_object();
}

// The system prompt: the text of every system message, wherever it is.
inline void write_system(writer& w, const std::vector<message>& messages, const cache_breakpoints& cache) {
    w.begin_array();
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        if (m.role != role::system) continue;
        const std::size_t cached_part = cache.contains(i) ? last_block_part(m) : m.content.size();
        for (std::size_t p = 0; p < m.content.size(); ++p)
            if (const auto* t = std::get_if<text_part>(&m.content[p]); t && !t->text.empty())
                write_text(w, t->text, p == cached_part);
    }
    w.end_array();
}

// The turns: consecutive messages of one role are merged, as the API requires alternation; tool results are user
// turns.
inline result<void> write_turns(writer& w, const std::vector<message>& messages, const cache_breakpoints& cache) {
    w.begin_array();
    std::string_view open;  // the role of the turn being written
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        if (m.role == role::system || !has_blocks(m)) continue;
        const std::string_view turn = m.role == role::assistant ? "assistant" : "user";
        if (turn != open) {
            if (!open.empty()) w.end_array().end_object();
            w.begin_object().key("role").string(turn).key("content").begin_array();
            open = turn;
        }
        const bool cached = cache.contains(i);
        if (m.role == role::user) {
            write_user_blocks(w, m, cached ? last_block_part(m) : m.content.size());
        } else if (m.role == role::tool) {
            write_tool_result(w, m, cached);
        } else if (auto written = write_assistant_blocks(w, m, cached); !written) {
            return written;
        }
    }
    if (!open.empty()) w.end_array().end_object();
    w.end_array();
    return success();
}

}  // namespace detail

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                                     const model_traits& traits, bool stream) {
    const auto& messages = r.messages;
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (auto e = detail::malformed(messages[i])) return detail::first_error(messages, i, std::move(*e));
    const std::int64_t max_tokens =
        r.max_tokens.value_or(cfg.max_output_tokens.value_or(traits.max_output_tokens.value_or(fallback_max_tokens)));
    const auto budget = detail::thinking_budget_for(r, cfg, traits, max_tokens);
    if (!budget) return detail::first_error(messages, messages.size(), budget.error());
    const auto sampling = detail::sampling_for(r, cfg, budget.value() > 0);
    if (!sampling) return detail::first_error(messages, messages.size(), sampling.error());
    // Structured output: a JSON schema goes to output_config; Anthropic has no schema-less JSON mode.
    const auto* format = r.response_format ? &*r.response_format : nullptr;
    if (format && format->type == response_format::kind::json_object && !cfg.drop_params)
        return detail::first_error(messages, messages.size(),
                                   error{errc::unsupported, "Anthropic has no JSON mode without a schema: use "
                                                            "response_format::json_schema (or set drop_params to send "
                                                            "the request without it)"});
    const auto cache = traits.prompt_cache ? detail::cache_breakpoints_for(messages, cfg) : detail::cache_breakpoints{};

    const std::size_t start = out.size();
    out.reserve(start + openai_chat::body_size_hint(r));
    detail::writer w(out, traits.cache_lifetime);
    polyllm::wire::body_fields fields(w, r.extra);
    w.begin_object();
    if (fields.standard("model")) w.string(model);
    if (fields.standard("max_tokens")) w.integer(max_tokens);
    if (std::any_of(messages.begin(), messages.end(),
                    [](const message& m) { return m.role == role::system && detail::has_cacheable_block(m); }) &&
        fields.standard("system"))
        detail::write_system(w, messages, cache);
    if (fields.standard("messages"))
        if (auto turns = detail::write_turns(w, messages, cache); !turns) {
            out.resize(start);
            return turns;
        }
    if (!r.tools.empty()) {
        if (fields.standard("tools")) {
            w.begin_array();
            for (const auto& t : r.tools) detail::write_tool(w, t);
            w.end_array();
        }
        const bool disable_parallel = r.parallel_tool_calls == false;
        if ((r.tool_choice || disable_parallel) && fields.standard("tool_choice"))
            detail::write_tool_choice(w, r.tool_choice.value_or(tool_choice::automatic()), disable_parallel);
    }
    if (budget.value() > 0 && fields.standard("thinking"))
        w.begin_object().key("type").string("enabled").key("budget_tokens").integer(budget.value()).end_object();
    if (sampling.value().temperature && fields.standard("temperature")) w.number(*sampling.value().temperature);
    if (sampling.value().top_p && fields.standard("top_p")) w.number(*sampling.value().top_p);
    if (sampling.value().top_k && fields.standard("top_k")) w.integer(*sampling.value().top_k);
    if (!r.stop.empty() && fields.standard("stop_sequences")) {
        w.begin_array();
        for (const auto& s : r.stop) w.string(s);
        w.end_array();
    }
    if (!r.user.empty() && fields.standard("metadata")) w.begin_object().key("user_id").string(r.user).end_object();
    if (format && format->type == response_format::kind::json_schema && fields.standard("output_config")) {
        w.begin_object().key("format").begin_object().key("type").string("json_schema");
        w.key("schema").value(format->schema).end_object().end_object();
    }
    if (stream && fields.standard("stream")) w.boolean(true);
    fields.rest();
    w.end_object();
    return success();
}

POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg, std::string_view model,
                                                      const model_traits& traits, bool stream) {
    std::string text;
    if (auto written = write_body(text, r, cfg, model, traits, stream); !written) return std::move(written).error();
    return nlohmann::ordered_json::parse(text);
}

POLYLLM_DECL void raw_usage::update(const nlohmann::json& u) {
    auto take = [](const nlohmann::json& from, std::string_view key, std::optional<std::int64_t>& into) {
        // Absent or null: not reported. Anything else must be a number (json_integer throws: a malformed response).
        if (auto it = from.find(key); it != from.end() && !it->is_null()) into = polyllm::detail::json_integer(*it);
    };
    take(u, "input_tokens", input_tokens);
    take(u, "output_tokens", output_tokens);
    take(u, "cache_read_input_tokens", cache_read_input_tokens);
    take(u, "cache_creation_input_tokens", cache_creation_input_tokens);
    if (const auto* by_lifetime = field::object_or_null(u, "cache_creation"))
        take(*by_lifetime, "ephemeral_1h_input_tokens", cache_creation_1h_tokens);
    if (const auto* details = field::object_or_null(u, "output_tokens_details"))
        take(*details, "thinking_tokens", thinking_tokens);
}

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    raw_usage raw;
    raw.update(u);
    return raw.normalized();
}

POLYLLM_DECL void add_block(stream_accumulator& acc, const nlohmann::json& block, std::size_t& tool_index) {
    const auto type = field::string_or_empty(block, "type");
    if (type == "text") {
        acc.add(text_delta{field::string_or_empty(block, "text")});
    } else if (type == "thinking") {
        acc.add(reasoning_delta{field::string_or_empty(block, "thinking"), field::string_or_empty(block, "signature")});
    } else if (type == "redacted_thinking") {
        acc.add(reasoning_delta{{}, {}, field::string_or_empty(block, "data")});
    } else if (type == "tool_use") {
        const auto index = tool_index++;
        acc.add(tool_call_start{index, field::string_or_empty(block, "id"), field::string_or_empty(block, "name")});
        auto input = block.find("input");
        const bool has_input = input != block.end() && !input->is_null();
        acc.add(tool_call_delta{index, has_input ? input->dump() : std::string("{}")});
        acc.add(tool_call_end{index});
    }
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body) {
    stream_accumulator acc;
    std::size_t tool_index = 0;
    if (auto content = body.find("content"); content != body.end() && content->is_array())
        for (const auto& block : *content) add_block(acc, block, tool_index);
    else if (content != body.end() && !content->is_null())
        return error{errc::malformed_response, "the message's content is not an array"};
    completion c = acc.take();
    c.id = field::string_or_empty(body, "id");
    c.model = field::string_or_empty(body, "model");
    c.finish_reason_raw = field::string_or_empty(body, "stop_reason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw);
    if (const auto* u = field::object_or_null(body, "usage")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view message) {
    const auto lower = polyllm::detail::to_lower(message);
    auto says = [&](std::string_view phrase) { return lower.find(phrase) != std::string::npos; };
    if (type == "request_too_large" || status == 413 ||
        ((status == 400 || type == "invalid_request_error") && openai_chat::mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (type == "billing_error" || status == 402 || says("credit balance is too low")) return errc::quota_exceeded;
    if (says("content filtering policy")) return errc::content_policy;
    if (type == "overloaded_error" || status == 529) return errc::service_unavailable;
    if (type == "rate_limit_error") return errc::rate_limited;
    if (type == "authentication_error") return errc::authentication;
    if (type == "permission_error") return errc::permission_denied;
    if (type == "not_found_error") return errc::not_found;
    if (type == "timeout_error") return errc::timeout;
    switch (status) {
        case 400: case 422: return errc::bad_request;
        case 401: return errc::authentication;
        case 403: return errc::permission_denied;
        case 404: return errc::not_found;
        case 408: case 504: return errc::timeout;
        case 409: return errc::conflict;
        case 429: return errc::rate_limited;
        case 503: return errc::service_unavailable;
        default: break;
    }
    if (status >= 500) return errc::server_error;
    if (status >= 400) return errc::bad_request;
    if (type == "invalid_request_error") return errc::bad_request;
    return errc::server_error;  // an error event or body on a 2xx: the server failed
}

POLYLLM_DECL error error_from(const http_response& res, std::string_view request_id_header) {
    error e;
    e.http_status = res.status;
    e.request_id = std::string(res.headers.value_or_empty(request_id_header));
    std::string type;
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    const nlohmann::json* err = body.is_object() ? field::object_or_null(body, "error") : nullptr;
    if (err) {
        auto text = [&](std::string_view key) {
            auto it = err->find(key);
            return it != err->end() && it->is_string() ? it->get<std::string>() : std::string{};
        };
        e.message = text("message");
        e.type = type = text("type");
        if (auto id = body.find("request_id"); e.request_id.empty() && id != body.end() && id->is_string())
            e.request_id = id->get<std::string>();
        if (e.message.empty()) e.message = type.empty() ? "an error without a message" : type;
    } else {
        const auto status = "HTTP " + std::to_string(res.status);
        e.message = res.body.empty() ? status + " with an empty body"
                                     : status + ": " + openai_chat::body_excerpt(res.body);
    }
    e.code = make_error_code(classify(res.status, type, e.message));
    // Classified from the server's words as they came; shown only as server text may be shown.
    e.message = polyllm::detail::shown_server_text(e.message);
    e.type = polyllm::detail::shown_server_text(e.type);
    e.request_id = polyllm::detail::shown_server_text(e.request_id);
    return e;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res, std::string_view request_id_header) {
    if (res.status < 200 || res.status >= 300) return error_from(res, request_id_header);
    auto fail = [&](std::string message) {
        error e{errc::malformed_response, std::move(message)};
        e.http_status = res.status;
        e.request_id = std::string(res.headers.value_or_empty(request_id_header));
        return e;
    };
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return fail("the response body " + polyllm::detail::json_object_problem(res.body) + ": " +
                    openai_chat::body_excerpt(res.body));
    try {  // every read of the body is inside: a field of the wrong type (json throws) is a malformed response
        if (field::string_or_empty(body, "type") == "error" || (body.contains("error") && !body.contains("content")))
            return error_from(res, request_id_header);
        auto c = completion_from(body);
        if (!c) return fail(std::move(c).error().message);
        c.value().request_id = std::string(res.headers.value_or_empty(request_id_header));
        c.value().headers = res.headers;
        return c;
    } catch (const nlohmann::json::exception& ex) {
        return fail(std::string("unexpected field type in the response: ") + ex.what());
    }
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
