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
POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

POLYLLM_DECL result<std::optional<request>> apply(const request& req, const llm_config& cfg,
                                                  const model_features& features) {
    if (auto filled = check_not_empty(req.messages); !filled) return std::move(filled).error();
    if (auto shaped = check_extra_fields(req.extra); !shaped) return std::move(shaped).error();
    if (auto paired = check_tool_pairing(req.messages); !paired) return std::move(paired).error();

    std::optional<request> fixed;
    if (auto found = unsupported_parameters(req, cfg, features); !found.empty()) {
        if (!cfg.drop_params) return refusal(found);
        fixed = req;
        if (auto dropped = drop(*fixed, found); !dropped) return std::move(dropped).error();
    }
    const auto limit = static_cast<std::size_t>(cfg.max_message_chars > 0 ? cfg.max_message_chars : 0);
    if (has_long_tool_output(req.messages, limit)) {
        if (!fixed) fixed = req;
        truncate_tool_outputs(fixed->messages, limit);
    }
    if (needs_completion_kwargs(req.extra, cfg.completion_kwargs)) {
        if (!fixed) fixed = req;
        add_completion_kwargs(fixed->extra, cfg.completion_kwargs);
    }
    return fixed;
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
