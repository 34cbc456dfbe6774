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
#include <polyllm/hygiene/impl/empty_messages.ipp>
#endif
