#pragma once
/// @file
/// @brief Tool calls and results checked against each other before a request is sent: every call of an assistant
/// turn is answered by a tool message among those right after the turn, and every tool message answers a call of
/// that turn, once. The providers reject anything else with a 400 that rarely says which id; this says it locally.

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <span>
#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

/// @brief `errc::bad_request` naming the message and the id when a call has no result, a result answers no call of
/// the turn before it, a result comes twice, or a turn uses an id twice.
[[nodiscard]] POLYLLM_DECL result<void> check_tool_pairing(std::span<const message> messages);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/hygiene/impl/tool_pairing.ipp>
#endif
