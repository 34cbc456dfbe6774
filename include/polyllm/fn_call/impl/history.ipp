#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/history.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/history.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

POLYLLM_DECL std::string call_id(std::size_t n) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%02zu", n);
    return std::string("toolu_") + digits;
}

POLYLLM_DECL std::string next_call_id(std::span<const message> history) {
    std::size_t calls = 0;
    for (const auto& m : history) calls += m.tool_calls.size();
    auto taken = [&](const std::string& id) {
        for (const auto& m : history) {
            if (m.tool_call_id == id) return true;
            for (const auto& c : m.tool_calls)
                if (c.id == id) return true;
        }
        return false;
    };
    auto id = call_id(++calls);
    while (taken(id)) id = call_id(++calls);
    return id;
}

POLYLLM_DECL std::vector<message> split_parallel_calls(std::vector<message> messages) {
    const bool any = std::any_of(messages.begin(), messages.end(),
                                 [](const message& m) { return m.role == role::assistant && m.tool_calls.size() > 1; });
    if (!any) return messages;
    std::vector<message> out;
    out.reserve(messages.size() + 4);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        auto& m = messages[i];
        if (m.role != role::assistant || m.tool_calls.size() < 2) {
            out.push_back(std::move(m));
            continue;
        }
        std::size_t run_end = i + 1;
        while (run_end < messages.size() && messages[run_end].role == role::tool) ++run_end;
        std::vector<bool> placed(run_end - i - 1, false);
        for (std::size_t k = 0; k < m.tool_calls.size(); ++k) {
            message turn;
            turn.role = role::assistant;
            turn.name = m.name;
            if (k == 0) {
                turn.content = std::move(m.content);
                turn.refusal = std::move(m.refusal);
            }
            turn.tool_calls = {m.tool_calls[k]};
            turn.cache = m.cache && k + 1 == m.tool_calls.size();
            out.push_back(std::move(turn));
            for (std::size_t r = 0; r < placed.size(); ++r)
                if (!placed[r] && messages[i + 1 + r].tool_call_id == m.tool_calls[k].id) {
                    out.push_back(std::move(messages[i + 1 + r]));
                    placed[r] = true;
                }
        }
        for (std::size_t r = 0; r < placed.size(); ++r)
            if (!placed[r]) out.push_back(std::move(messages[i + 1 + r]));
        i = run_end - 1;
    }
    return out;
}

namespace detail {

// Text appended to the last part when it is text, as a new part otherwise (after an image, say).
inline void append_text(message& m, std::string_view text) {
    if (!m.content.empty())
        if (auto* t = std::get_if<text_part>(&m.content.back())) {
            t->text += text;
            return;
        }
    m.content.push_back(text_part{std::string(text)});
}

// Text put before the first text part, or as a new first part.
inline void prepend_text(message& m, std::string_view text) {
    for (auto& part : m.content)
        if (auto* t = std::get_if<text_part>(&part)) {
            t->text.insert(0, text);
            return;
        }
    m.content.insert(m.content.begin(), text_part{std::string(text)});
}

}  // namespace detail

POLYLLM_DECL result<std::vector<message>> to_text_messages(
    std::vector<message> messages, std::span<const tool> tools, const std::optional<tool_choice>& choice) {
    auto out = split_parallel_calls(std::move(messages));
    std::vector<std::pair<std::string, std::string>> names;  // call id -> tool name, for results without a name
    bool described = tools.empty();
    for (auto& m : out) {
        switch (m.role) {
            case role::system:
                if (!described) {
                    detail::append_text(m, system_prompt_suffix(tools, choice));
                    described = true;
                }
                break;
            case role::user: break;
            case role::assistant:
                if (!m.tool_calls.empty()) {
                    auto& call = m.tool_calls.front();
                    auto text = call_text(call);
                    if (!text) return std::move(text).error();
                    detail::append_text(m, m.text().empty() ? text.value() : "\n\n" + text.value());
                    names.emplace_back(std::move(call.id), std::move(call.name));
                    m.tool_calls.clear();
                }
                break;
            case role::tool: {
                std::string name = std::move(m.name);
                for (const auto& [id, call_name] : names)
                    if (name.empty() && id == m.tool_call_id) name = call_name;
                if (name.empty()) name = "function";
                m.role = role::user;
                m.tool_call_id.clear();
                detail::prepend_text(m, result_prefix(name));
                break;
            }
        }
    }
    if (!described) {
        // A system message of its own, without the blank lines that separate the suffix from a prompt.
        out.insert(out.begin(), message::system(system_prompt_suffix(tools, choice).substr(2)));
    }
    return out;
}

POLYLLM_DECL result<std::vector<message>> from_text_messages(std::span<const message> messages,
                                                             std::span<const tool> tools) {
    std::vector<message> out;
    out.reserve(messages.size());
    std::size_t calls = 0;
    std::string last_id;
    constexpr std::string_view result_start = "EXECUTION RESULT of [";
    for (const auto& original : messages) {
        message m = original;
        if (m.role == role::system) {
            bool only_description = false;
            for (auto& part : m.content)
                if (auto* t = std::get_if<text_part>(&part)) {
                    if (auto at = t->text.find(detail::suffix_marker); at != std::string::npos) {
                        t->text.erase(at);
                    } else if (t->text.starts_with(detail::suffix_marker.substr(2))) {
                        t->text.clear();
                        only_description = m.content.size() == 1;
                    }
                }
            if (only_description) continue;  // the system message polyllm added goes away with the description
        } else if (m.role == role::user && !last_id.empty()) {
            auto* first = m.content.empty() ? nullptr : std::get_if<text_part>(&m.content.front());
            if (first && first->text.starts_with(result_start)) {
                const auto close = first->text.find("]:\n", result_start.size());
                if (close != std::string::npos) {
                    m.role = role::tool;
                    m.name = first->text.substr(result_start.size(), close - result_start.size());
                    m.tool_call_id = last_id;
                    first->text.erase(0, close + 3);
                    if (first->text.empty() && m.content.size() > 1) m.content.erase(m.content.begin());
                }
            }
        } else if (m.role == role::assistant && m.tool_calls.empty()) {
            auto parsed = parse_reply(m.text());
            if (!parsed) return std::move(parsed).error();
            if (parsed.value().call) {
                auto call = to_tool_call(*parsed.value().call, tools, call_id(++calls));
                if (!call) return std::move(call).error();
                last_id = call.value().id;
                std::erase_if(m.content, [](const content_part& p) { return std::holds_alternative<text_part>(p); });
                if (!parsed.value().content.empty()) m.content.push_back(text_part{std::move(parsed.value().content)});
                m.tool_calls = {std::move(call).value()};
            }
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
