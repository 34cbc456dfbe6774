#pragma once
/// @file
/// @brief The definitions of <polyllm/hygiene/empty_messages.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/hygiene/empty_messages.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

POLYLLM_DECL bool is_empty(const message& m) noexcept {
    if (m.role == role::tool || !m.tool_calls.empty() || !m.refusal.empty()) return false;
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!polyllm::detail::trim(t->text).empty()) return false;
        } else if (const auto* th = std::get_if<thinking_part>(&part)) {
            if (!th->thinking.empty() || !th->redacted_data.empty()) return false;
        } else {
            return false;  // an image
        }
    }
    return true;
}

POLYLLM_DECL result<void> check_not_empty(std::span<const message> messages) {
    if (messages.empty()) {
        error e{errc::bad_request, "the request has no messages: add at least one user message"};
        e.type = "empty_request";
        return e;
    }
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (is_empty(messages[i])) {
            error e{errc::bad_request, "messages[" + std::to_string(i) + "] (" +
                                           std::string(to_string(messages[i].role)) +
                                           ") is empty: give it text or remove it"};
            e.type = "empty_message";
            return e;
        }
    return success();
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
