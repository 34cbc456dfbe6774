#pragma once
/// @file
/// @brief A router from a config.toml: each `[llm.<name>]` section a group names is a deployment, read with all the
/// usual keys (its provider's own included) and served by the provider `make_client` would choose for it; `[router]`
/// (config/router_settings.hpp) says how to route between them.

#include <polyllm/client.hpp>
#include <polyllm/config/router_settings.hpp>
#include <polyllm/config_loader.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/router/redis_store.hpp>
#include <polyllm/router/router.hpp>
#include <polyllm/version.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief Where a router made from a file runs, and what the file cannot say (a clock, a seed).
template <class Executor = asio::any_io_executor>
struct router_setup {
    std::optional<Executor> executor;  ///< empty: the router owns an io_context for sync calls
    std::function<router_clock::time_point()> clock = {};
    std::uint64_t seed = router_options{}.seed;
};

/// @brief The router a config.toml's text describes, or empty when it has no `[router]` section (a plain
/// configuration). Every deployment a group names must be an `[llm.<name>]` section; any key of the file that
/// nobody declares is an error naming its line.
template <class T = asio_transport, class R = exponential_backoff, class Registry = detail::provider_registry>
[[nodiscard]] result<std::unique_ptr<basic_router<T, R>>> make_router_from_toml(
    std::string_view text, std::string_view source = "config.toml",
    const environment& env = environment::process(),
    router_setup<typename T::executor_type> setup = {}) {
    auto settings = parse_router_toml(text, source);
    if (!settings) return std::move(settings).error();
    if (!settings.value()) return std::unique_ptr<basic_router<T, R>>{};
    // The first reading skips the providers' own keys, which each deployment's provider checks below.
    auto loaded = parse_config_toml<>(text, source, env, unknown_keys::ignore);
    if (!loaded) return std::move(loaded).error();
    auto& routing = *settings.value();
    routing.options.clock = std::move(setup.clock);
    routing.options.seed = setup.seed;
    if (routing.redis) {
        redis_options shared{*routing.redis};
        if (!routing.redis_key_prefix.empty()) shared.key_prefix = routing.redis_key_prefix;
        routing.options.shared = std::make_shared<redis_cooldowns>(std::move(shared));
    }
    auto made = setup.executor ? std::make_unique<basic_router<T, R>>(*setup.executor, std::move(routing.options))
                               : std::make_unique<basic_router<T, R>>(std::move(routing.options));
    for (const auto& [group, members] : routing.groups) {
        for (const auto& name : members) {
            if (made->connection(name)) continue;  // in an earlier group too
            auto named = loaded.value().named.find(name);
            if (named == loaded.value().named.end())
                return error{errc::invalid_config, std::string(source) + ": model group \"" + group +
                                                       "\" names deployment \"" + name + "\", but there is no [llm." +
                                                       name + "] section"};
            deployment d{name, named->second.config};
            if (auto limits = routing.limits.find(name); limits != routing.limits.end()) {
                d.weight = limits->second.weight;
                d.rpm = limits->second.rpm;
                d.tpm = limits->second.tpm;
                d.max_parallel_requests = limits->second.max_parallel_requests;
            }
            auto provider = detail::chosen_provider<Registry>(
                d.config, provider_options_source::config_text(std::string(text), std::string(source), name, env));
            if (!provider) {
                auto e = std::move(provider).error();
                e.message = "deployment \"" + name + "\": " + e.message;
                return e;
            }
            if (auto added = made->add_deployment(std::move(d), std::move(provider).value()); !added)
                return std::move(added).error();
        }
        if (auto added = made->add_group(group, members); !added) return std::move(added).error();
    }
    for (const auto& [name, limits] : routing.limits)
        if (!made->connection(name))
            return error{errc::invalid_config, std::string(source) + ": [router.deployments." + name +
                                                   "] is not a deployment of any model group"};
    return made;
}

POLYLLM_NAMESPACE_END
