#pragma once
/// @file
/// @brief Request hygiene: what `basic_llm` checks and fixes before any provider sees a request, so that a request
/// the provider would reject is fixed or refused locally, with an error that says exactly what is wrong.
///
/// In order: a request without messages or with an empty message, or whose `extra` is not an object, is refused
/// (`bad_request`); parameters the model
/// does not take are dropped (`drop_params`) or refused (`unsupported`); tool calls and results must pair up
/// (`bad_request` naming the id); tool outputs longer than `max_message_chars` are cut in the middle.
/// See docs/request-hygiene.md.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/hygiene/empty_messages.hpp>
#include <polyllm/hygiene/extra_fields.hpp>
#include <polyllm/hygiene/parameters.hpp>
#include <polyllm/hygiene/tool_pairing.hpp>
#include <polyllm/hygiene/truncation.hpp>
#include <polyllm/models.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <optional>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

/// @brief Checks `req` for the model of `cfg`, whose effective features are `features`. Returns the fixed copy
/// when something had to change (a parameter dropped, an output cut), nothing when `req` can go as it is, or the
/// error that refuses it.
[[nodiscard]] POLYLLM_DECL result<std::optional<request>> apply(const request& req, const llm_config& cfg,
                                                                const model_features& features);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/hygiene.ipp>
#endif
