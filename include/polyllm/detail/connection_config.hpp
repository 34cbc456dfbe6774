#pragma once
/// @file
/// @brief A connection's configuration made ready once, when the connection is made: the provider's usual
/// environment variables for what it left empty, then validation, then the settings its model does not take
/// dropped or refused.

#include <polyllm/config.hpp>
#include <polyllm/detail/annotate.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <optional>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief As the official SDKs do: provider `P`'s variables (`P::api_key_env`, `P::base_url_env`,
/// `P::api_version_env`, each optional) for the fields `cfg` left empty.
template <class P>
void fill_from_environment(llm_config& cfg) {
    auto from_env = [](auto& field, std::string_view variable) {
        if (!field.empty()) return;
        if (auto value = environment::process().get(variable); value && !value->empty()) field = std::move(*value);
    };
    if constexpr (requires { P::api_key_env; }) from_env(cfg.api_key, P::api_key_env);
    if constexpr (requires { P::base_url_env; }) from_env(cfg.base_url, P::base_url_env);
    if constexpr (requires { P::api_version_env; }) from_env(cfg.api_version, P::api_version_env);
}

/// @brief `cfg` filled from the environment, validated, and fitted to its model by `P::fit_config` when `P` has
/// one (fn_call::adapted does); the error every call of the connection will return, or nothing.
template <class P>
[[nodiscard]] std::optional<error> ready_config(llm_config& cfg) {
    fill_from_environment<P>(cfg);
    if (auto valid = validate(cfg); !valid) return std::move(valid).error();
    if constexpr (requires { P::fit_config(cfg); })
        if (auto fitted = P::fit_config(cfg); !fitted)
            return annotated(std::move(fitted).error(), P::name, cfg.api_key.reveal());
    return std::nullopt;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
