#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic_messages_turns.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic_messages_turns.hpp>

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
                                            wire::excerpt(call.arguments)};
    return input;
}

namespace detail {

// JSON straight into the body, and the lifetime every cache breakpoint in it asks for.
struct writer : wire::json_writer {
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
    if (m.is_error) w.key("is_error").boolean(true);
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

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
