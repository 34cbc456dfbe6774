#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/reply.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/reply.hpp>

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
