#pragma once
/// @file
/// @brief The definitions of <polyllm/stream.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/stream.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL bool stream_accumulator::add(const stream_event& event) {
    if (!within_limits(event)) return false;
    std::visit([this](const auto& e) { apply(e); }, event);
    return true;
}

POLYLLM_DECL bool stream_accumulator::within_limits(const stream_event& event) {
    if (exceeded_) return false;
    const std::size_t added = std::visit(
        [](const auto& e) -> std::size_t {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, text_delta> || std::is_same_v<E, refusal_delta>) return e.text.size();
            else if constexpr (std::is_same_v<E, reasoning_delta>)
                return e.text.size() + e.signature.size() + e.redacted_data.size() + e.opaque_item.size();
            else if constexpr (std::is_same_v<E, tool_call_start>) return e.id.size() + e.name.size();
            else if constexpr (std::is_same_v<E, tool_call_delta>) return e.arguments.size();
            else return 0;
        },
        event);
    const auto* start = std::get_if<tool_call_start>(&event);
    const auto* delta = std::get_if<tool_call_delta>(&event);
    const auto index = start ? start->index : delta ? delta->index : 0;
    if ((start || delta) && calls_.size() >= limits_.max_tool_calls && !call_positions_.count(index)) {
        exceeded_ = error{errc::protocol_error, "the stream has more than " + std::to_string(limits_.max_tool_calls) +
                                                    " tool calls (the limit is max_tool_calls)"};
        return false;
    }
    if (added > limits_.max_bytes - bytes_) {
        exceeded_ = error{errc::protocol_error, "the streamed completion passed " + std::to_string(limits_.max_bytes) +
                                                    " bytes of text, reasoning and tool calls (the limit is "
                                                    "max_stream_bytes)"};
        return false;
    }
    bytes_ += added;
    return true;
}

POLYLLM_DECL const completion& stream_accumulator::current() {
    flush_tool_calls();
    return completion_;
}

POLYLLM_DECL completion stream_accumulator::take() {
    flush_tool_calls();
    completion out = std::move(completion_);
    *this = stream_accumulator{limits_};
    return out;
}

POLYLLM_DECL void stream_accumulator::apply(const message_start& e) {
    if (!e.id.empty()) completion_.id = e.id;
    if (!e.model.empty()) completion_.model = e.model;
    empty_ = false;
}

POLYLLM_DECL void stream_accumulator::apply(const text_delta& e) {
    auto* text = completion_.message.content.empty()
                     ? nullptr
                     : std::get_if<text_part>(&completion_.message.content.back());
    if (!text) text = &std::get<text_part>(completion_.message.content.emplace_back(text_part{}));
    text->text += e.text;
    empty_ = false;
}

POLYLLM_DECL void stream_accumulator::apply(const reasoning_delta& e) {
    auto* thinking = completion_.message.content.empty()
                         ? nullptr
                         : std::get_if<thinking_part>(&completion_.message.content.back());
    // Signed and redacted blocks and reasoning items are sent back to the provider one by one, so they must not run
    // together.
    const bool closed = thinking && (!thinking->redacted_data.empty() || !thinking->opaque_item.empty() ||
                                     (!thinking->signature.empty() && !e.text.empty()));
    if (!thinking || closed || !e.redacted_data.empty())
        thinking = &std::get<thinking_part>(completion_.message.content.emplace_back(thinking_part{}));
    thinking->thinking += e.text;
    thinking->signature += e.signature;
    thinking->redacted_data += e.redacted_data;
    thinking->opaque_item += e.opaque_item;
    empty_ = false;
}

POLYLLM_DECL void stream_accumulator::apply(const refusal_delta& e) {
    completion_.message.refusal += e.text;
    empty_ = false;
}

POLYLLM_DECL void stream_accumulator::apply(const tool_call_start& e) {
    auto& call = call_at(e.index);
    if (!e.id.empty() && call.id.empty()) call.id = e.id;
    if (!e.name.empty() && call.name.empty()) call.name = e.name;
}

POLYLLM_DECL void stream_accumulator::apply(const tool_call_delta& e) { call_at(e.index).arguments += e.arguments; }

POLYLLM_DECL void stream_accumulator::apply(const finish& e) {
    completion_.finish_reason = e.reason;
    completion_.finish_reason_raw = e.raw;
    empty_ = false;
}

POLYLLM_DECL tool_call& stream_accumulator::call_at(std::size_t index) {
    empty_ = false;
    // By hash, not by walking the calls: a stream of many calls stays linear.
    const auto [found, added] = call_positions_.try_emplace(index, calls_.size());
    if (!added) return calls_[found->second].second;
    return calls_.emplace_back(index, tool_call{}).second;
}

POLYLLM_DECL void stream_accumulator::flush_tool_calls() {
    if (!std::is_sorted(calls_.begin(), calls_.end(), [](const auto& a, const auto& b) { return a.first < b.first; })) {
        std::sort(calls_.begin(), calls_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t at = 0; at < calls_.size(); ++at) call_positions_[calls_[at].first] = at;
    }
    completion_.message.tool_calls.clear();
    completion_.message.tool_calls.reserve(calls_.size());
    for (const auto& [index, call] : calls_) completion_.message.tool_calls.push_back(call);
}

POLYLLM_DECL std::vector<stream_event> events_of(const completion& c) {
    std::vector<stream_event> events;
    events.emplace_back(message_start{c.id, c.model});
    for (const auto& part : c.message.content) {
        if (const auto* text = std::get_if<text_part>(&part)) events.emplace_back(text_delta{text->text});
        else if (const auto* thought = std::get_if<thinking_part>(&part))
            events.emplace_back(
                reasoning_delta{thought->thinking, thought->signature, thought->redacted_data, thought->opaque_item});
    }
    if (!c.message.refusal.empty()) events.emplace_back(refusal_delta{c.message.refusal});
    for (std::size_t i = 0; i < c.message.tool_calls.size(); ++i) {
        const auto& call = c.message.tool_calls[i];
        events.emplace_back(tool_call_start{i, call.id, call.name});
        if (!call.arguments.empty()) events.emplace_back(tool_call_delta{i, call.arguments});
        events.emplace_back(tool_call_end{i});
    }
    if (c.usage.reported() || c.server_latency) events.emplace_back(usage_update{c.usage, c.server_latency});
    events.emplace_back(finish{c.finish_reason, c.finish_reason_raw});
    return events;
}

POLYLLM_NAMESPACE_END
