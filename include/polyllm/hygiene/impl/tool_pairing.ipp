#pragma once
/// @file
/// @brief The definitions of <polyllm/hygiene/tool_pairing.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/hygiene/tool_pairing.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

namespace detail {

[[nodiscard]] inline error unpaired(std::string message) {
    error e{errc::bad_request, std::move(message)};
    e.type = "unpaired_tool_call";
    return e;
}

[[nodiscard]] inline std::string at(std::size_t index) { return "messages[" + std::to_string(index) + "]"; }

}  // namespace detail

POLYLLM_DECL result<void> check_tool_pairing(std::span<const message> messages) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        if (m.role == role::tool)
            return detail::unpaired(detail::at(i) + " is the result of tool call '" + m.tool_call_id +
                                    "', but the message before it is not an assistant turn that made that call");
        if (m.role != role::assistant || m.tool_calls.empty()) continue;
        for (std::size_t c = 0; c < m.tool_calls.size(); ++c) {
            if (m.tool_calls[c].id.empty())
                return detail::unpaired(detail::at(i) + " has a call of '" + m.tool_calls[c].name +
                                        "' without an id; results are matched to calls by id");
            for (std::size_t d = 0; d < c; ++d)
                if (m.tool_calls[d].id == m.tool_calls[c].id)
                    return detail::unpaired(detail::at(i) + " uses the tool call id '" + m.tool_calls[c].id +
                                            "' twice");
        }
        std::vector<bool> answered(m.tool_calls.size(), false);
        std::size_t j = i + 1;
        for (; j < messages.size() && messages[j].role == role::tool; ++j) {
            const auto& id = messages[j].tool_call_id;
            std::size_t c = 0;
            while (c < m.tool_calls.size() && m.tool_calls[c].id != id) ++c;
            if (c == m.tool_calls.size())
                return detail::unpaired(detail::at(j) + " is the result of tool call '" + id + "', which the " +
                                        "assistant turn before it (" + detail::at(i) + ") did not make");
            if (answered[c])
                return detail::unpaired(detail::at(j) + " answers tool call '" + id + "' a second time");
            answered[c] = true;
        }
        for (std::size_t c = 0; c < m.tool_calls.size(); ++c)
            if (!answered[c])
                return detail::unpaired("tool call '" + m.tool_calls[c].id + "' (" + m.tool_calls[c].name + ") in " +
                                        detail::at(i) + " has no result: add a tool message with tool_call_id '" +
                                        m.tool_calls[c].id + "' right after that assistant turn");
        i = j - 1;
    }
    return success();
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
