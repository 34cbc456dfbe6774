#pragma once
/// @file
/// @brief `provider_traits`: what `basic_llm` reads about its provider besides the calls (its name, the header
/// that carries a request id, its price tables, how a configuration is made ready for it), as values. A provider
/// declares these as static members (`P::name`, `P::request_id_header`, `P::api_key_env`, ...); one whose provider
/// is chosen at run time (`any_provider`) has them only at run time. `basic_llm` reads them through
/// `traits_of(provider)` alone, so both kinds are read the same way.

#include <polyllm/authorize.hpp>
#include <polyllm/config.hpp>
#include <polyllm/detail/connection_config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/models.hpp>
#include <polyllm/observers/metrics_observer.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/version.hpp>

#include <concepts>
#include <optional>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief A provider's static members as values. Views into static storage, or into the `any_provider` that
/// returned them (valid as long as it is).
struct provider_traits {
    std::string_view name;               ///< P::name
    std::string_view request_id_header;  ///< P::request_id_header, or empty
    std::string_view api_key_env;        ///< P::api_key_env, or empty
    std::string_view base_url_env;       ///< P::base_url_env, or empty
    std::string_view api_version_env;    ///< P::api_version_env, or empty
    metrics_observer::price_tables prices;  ///< P's model tables, then the built-in ones
    /// The configuration made ready for `Adapted` (the provider as `basic_llm` calls it): its variables for the
    /// fields left empty, validation, the model's fitting (detail/connection_config.hpp); the error or nothing.
    std::optional<error> (*ready_config)(llm_config&);
    /// Whether it signs or adds a token to each attempt's request (`async_authorize`, authorize.hpp), so that
    /// `basic_llm` pays for the hook only then.
    bool authorizes = false;
    /// Whether its API counts a request's tokens (`prepare_count_tokens`, token_counting.hpp), so that
    /// `basic_llm::count_tokens(request)` asks it instead of counting locally.
    bool counts_tokens = false;
};

/// @brief The traits of `P`, a provider with static members, as `basic_llm` uses it through `Adapted` (P with
/// hygiene and text-form tool calling, fn_call::adapted_t<P>).
template <class P, class Adapted = P>
[[nodiscard]] constexpr provider_traits static_provider_traits() noexcept {
    provider_traits t{P::name,
                      {},
                      {},
                      {},
                      {},
                      metrics_observer::price_tables{&effective_model_info<P>, &model_info_of<P>},
                      &detail::ready_config<Adapted>};
    if constexpr (requires { P::request_id_header; }) t.request_id_header = P::request_id_header;
    if constexpr (requires { P::api_key_env; }) t.api_key_env = P::api_key_env;
    if constexpr (requires { P::base_url_env; }) t.base_url_env = P::base_url_env;
    if constexpr (requires { P::api_version_env; }) t.api_version_env = P::api_version_env;
    t.authorizes = AuthorizingProvider<Adapted>;
    t.counts_tokens = TokenCountingProvider<Adapted>;
    return t;
}

/// @brief The one way `basic_llm` reads a provider's traits: its own `traits()` when it has them at run time, else
/// its static members (an adaptor's: those of the provider it adapts).
template <class P>
[[nodiscard]] decltype(auto) traits_of(const P& provider) noexcept {
    if constexpr (requires { { provider.traits() } -> std::same_as<const provider_traits&>; })
        return provider.traits();
    else if constexpr (requires { typename P::provider_type; })  // fn_call::adapted<Q>: Q's, read through P
        return static_provider_traits<typename P::provider_type, P>();
    else
        return static_provider_traits<P>();
}

POLYLLM_NAMESPACE_END
