#pragma once
/// @file
/// @brief Parameters a model does not take, found before the request is sent: temperature (other than 1) and top_p
/// on OpenAI's reasoning models, reasoning_effort where the model has none, stop words where the model takes none
/// or `disable_stop_word` is set, images where the model has no vision or `disable_vision` is set. With
/// `drop_params` they are removed; without it the request is refused with `errc::unsupported` naming the parameter
/// and the model. Settings in `llm_config` that the model does not take are handled the same way, once, when the
/// connection is made (`fit_config`).

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/models.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

/// @brief Whether `model` takes only the default sampling (temperature 1, no top_p); the models are listed in the
/// model tables (`model_tables::only_default_sampling`).
[[nodiscard]] constexpr bool has_fixed_sampling(std::string_view model) noexcept {
    return takes_only_default_sampling(model);
}

/// @brief The parameters `hygiene` looks at.
enum class parameter { temperature, top_p, reasoning_effort, stop, images };

[[nodiscard]] constexpr std::string_view to_string(parameter p) noexcept {
    switch (p) {
        case parameter::temperature: return "temperature";
        case parameter::top_p: return "top_p";
        case parameter::reasoning_effort: return "reasoning_effort";
        case parameter::stop: return "stop";
        case parameter::images: return "images";
    }
    return "parameter";
}

/// @brief A parameter the model does not take, and why, in words that name the model.
struct unsupported_parameter {
    hygiene::parameter parameter;
    std::string reason;
};

/// @brief What in `req` the model does not take. `features` are the model's effective features
/// (`effective_features`), which already include `disable_stop_word` and `disable_vision`.
[[nodiscard]] POLYLLM_DECL std::vector<unsupported_parameter> unsupported_parameters(const request& req,
                                                                                     const llm_config& cfg,
                                                                                     const model_features& features);

/// @brief The error for parameters that were not dropped: `errc::unsupported`, every one named.
[[nodiscard]] POLYLLM_DECL error refusal(const std::vector<unsupported_parameter>& found);

/// @brief Removes the parameters `found` names from `req`. A message that held only images, all dropped, would
/// be left empty: that is `errc::unsupported` naming it, as there is nothing left to send in its place.
[[nodiscard]] POLYLLM_DECL result<void> drop(request& req, const std::vector<unsupported_parameter>& found);

/// @brief The configuration's own sampling and reasoning settings checked against its model: dropped from `cfg`
/// with `drop_params`, refused otherwise. Done once, when a connection is made.
[[nodiscard]] POLYLLM_DECL result<void> fit_config(llm_config& cfg, const model_features& features);

}  // namespace hygiene
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/hygiene/impl/parameters.ipp>
#endif
