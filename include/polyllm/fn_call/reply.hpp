#pragma once
/// @file
/// @brief A model's reply in the text form turned into a standard completion: the call becomes a tool call with
/// the conversation's next id, the text before it stays the content, and `finish_reason` becomes `tool_calls`
/// (the provider's own value stays in `finish_reason_raw`). A call that fails its tool's schema is an error whose
/// message is addressed to the model and whose `partial` is the reply as the model wrote it.

#include <polyllm/error.hpp>
#include <polyllm/fn_call/parse.hpp>
#include <polyllm/fn_call/validate.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief The completion with its call in the standard form, the call checked against `tools` and given `id`;
/// unchanged when its text has no call (or one the output limit cut off: `finish_reason` then says `length`), or
/// when it already has native tool calls.
[[nodiscard]] POLYLLM_DECL result<completion> restore_reply(completion c, std::span<const tool> tools, std::string id);

/// @brief What reading a reply needs, kept for the length of a stream: the request's tools, the id the call gets,
/// and whether to look for a call at all (not when the caller's `tool_choice` was none).
struct reply_reader {
    std::vector<tool> tools;
    std::string call_id = "toolu_01";
    bool read_calls = true;

    /// @brief The call in a text that begins at `<function=`, or nothing when the output limit cut it off.
    [[nodiscard]] POLYLLM_DECL result<std::optional<tool_call>> read_call(std::string_view text, reply_end end) const;

    /// @brief `restore_reply` with this reader's tools and id; unchanged when calls are not read.
    [[nodiscard]] POLYLLM_DECL result<completion> restore(completion c) const;
};

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

POLYLLM_DECL result<completion> restore_reply(completion c, std::span<const tool> tools, std::string id) {
    if (!c.message.tool_calls.empty()) return c;
    const auto text = c.message.text();
    if (text.find(function_open) == std::string::npos) return c;
    const auto end = c.finish_reason == finish_reason::length ? reply_end::cut_by_limit : reply_end::stopped;
    auto parsed = parse_reply(text, end);
    auto fail = [&](error e) {
        e.partial = std::make_shared<const completion>(std::move(c));
        return e;
    };
    if (!parsed) return fail(std::move(parsed).error());
    if (!parsed.value().call) return c;
    auto call = to_tool_call(*parsed.value().call, tools, std::move(id));
    if (!call) return fail(std::move(call).error());
    std::erase_if(c.message.content, [](const content_part& p) { return std::holds_alternative<text_part>(p); });
    if (!parsed.value().content.empty()) c.message.content.push_back(text_part{std::move(parsed.value().content)});
    c.message.tool_calls = {std::move(call).value()};
    c.finish_reason = finish_reason::tool_calls;
    return c;
}

POLYLLM_DECL result<std::optional<tool_call>> reply_reader::read_call(std::string_view text, reply_end end) const {
    auto parsed = parse_reply(text, end);
    if (!parsed) return std::move(parsed).error();
    if (!parsed.value().call) return std::optional<tool_call>{};
    auto call = to_tool_call(*parsed.value().call, tools, call_id);
    if (!call) return std::move(call).error();
    return std::optional<tool_call>{std::move(call).value()};
}

POLYLLM_DECL result<completion> reply_reader::restore(completion c) const {
    if (!read_calls) return c;
    return restore_reply(std::move(c), tools, call_id);
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
