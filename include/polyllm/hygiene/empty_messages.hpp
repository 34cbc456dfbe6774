#pragma once
/// @file
/// @brief A request without messages, or with a message that carries nothing, refused before it is sent: the
/// providers reject both, each with its own wording (or, worse, answer an empty prompt).

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <span>
#include <string>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

/// @brief Whether a message carries nothing: no text other than white space, no image, no reasoning, no tool
/// call and no refusal. A tool result may be empty (a command that printed nothing), so it never is.
[[nodiscard]] POLYLLM_DECL bool is_empty(const message& m) noexcept;

/// @brief `errc::bad_request` for a request without messages or with an empty one, naming it.
[[nodiscard]] POLYLLM_DECL result<void> check_not_empty(std::span<const message> messages);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
