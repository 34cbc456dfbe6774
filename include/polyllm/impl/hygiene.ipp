#pragma once
/// @file
/// @brief The definitions of <polyllm/hygiene.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/hygiene.hpp>

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
