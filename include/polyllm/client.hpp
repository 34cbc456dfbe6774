#pragma once
/// @file
/// @brief `polyllm::client`: a model connection whose provider is chosen at run time, from a configuration read
/// from a file, the environment or a user interface. It is `basic_llm` over `any_provider` (any_provider.hpp), so
/// it offers exactly `basic_llm`'s calls; a call of the provider costs one virtual call. `make_client` picks the
/// provider from the model string; `register_provider<P>("name")` adds a user's provider. See docs/client.md.
///
///     auto llm = polyllm::make_client({.model = "anthropic/claude-sonnet-4-5"});
///     if (!llm) return fail(llm.error());
///     auto reply = llm.value().complete(req);

#include <polyllm/any_provider.hpp>
#include <polyllm/basic_llm.hpp>
#include <polyllm/built_in_providers.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config.hpp>
#include <polyllm/config_loader.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/models.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>

#include <algorithm>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief Where `make_client` reads the options of the provider it chooses (the keys its options type declares, such
/// as `anthropic_cache_ttl` or `dummyllm_region`): nowhere (the defaults), the environment (`LLM_<KEY>`), or a
/// config.toml's text — its `[llm]` section with the environment applied, or a named `[llm.<name>]` — read with the
/// provider's keys, exactly as `load_config_toml<P>` reads it for a provider chosen at compile time. So a client
/// made at run time gets the options a compile-time one would, and a key of no one is still an error.
struct provider_options_source {
    enum class kind { defaults, environment, toml };
    kind from = kind::defaults;
    std::string toml;     ///< the file's text (kind::toml)
    std::string source;   ///< the file's name, for messages
    std::string section;  ///< "" for [llm], else the named configuration
    polyllm::environment env = polyllm::environment::none();
    /// `key = value` settings applied last, written as in the environment (the CLI's `--option KEY=VALUE`); a key
    /// the chosen provider's options do not declare is an error naming it.
    std::vector<std::pair<std::string, std::string>> values = {};

    [[nodiscard]] static provider_options_source defaults() { return {}; }
    [[nodiscard]] static provider_options_source environment_variables(
        polyllm::environment variables = polyllm::environment::process()) {
        return {kind::environment, {}, {}, {}, std::move(variables)};
    }
    [[nodiscard]] static provider_options_source config_text(
        std::string text, std::string source_name, std::string section_name = {},
        polyllm::environment variables = polyllm::environment::process()) {
        return {kind::toml, std::move(text), std::move(source_name), std::move(section_name), std::move(variables)};
    }
};

namespace detail {

// `key = value` settings on options, each read as its environment variable would be.
template <class Options>
[[nodiscard]] result<void> apply_option_values(Options& options,
                                               const std::vector<std::pair<std::string, std::string>>& values,
                                               std::string_view provider) {
    for (const auto& setting : values) {
        const std::string& key = setting.first;  // not a structured binding: lambdas below capture it (clang 14)
        const std::string& value = setting.second;
        bool declared = false;
        std::string names;
        for_each_config_key<Options>([&](const auto& k) {
            declared = declared || k.name == key;
            names += (names.empty() ? "" : ", ") + std::string(k.name);
        });
        if (!declared)
            return error{errc::invalid_config, "unknown option \"" + key + "\" for " + std::string(provider) +
                                                   (names.empty() ? std::string(", which has no options")
                                                                  : "; its options are: " + names)};
        const auto variable = environment_variable_for(key);
        auto one = environment::from({{variable, value}});
        if (auto applied = apply_environment(options, one); !applied) {
            // Read as the environment would be, but told as the option it is.
            auto e = std::move(applied).error();
            if (const auto at = e.message.find("environment variable " + variable); at != std::string::npos)
                e.message.replace(at, std::string("environment variable ").size() + variable.size(), "option " + key);
            return e;
        }
    }
    return success();
}

}  // namespace detail

/// @brief The options of provider `P` from `from`; a malformed value or a key of no one is `errc::invalid_config`.
template <class P>
[[nodiscard]] result<options_of_t<P>> load_provider_options(const provider_options_source& from) {
    using kind = provider_options_source::kind;
    options_of_t<P> options{};
    if (from.from == kind::environment) {
        auto settings = config_from_environment<P>(from.env);
        if (!settings) return std::move(settings).error();
        options = std::move(settings).value().options;
    } else if (from.from == kind::toml) {
        auto loaded = parse_config_toml<P>(from.toml, from.source, from.env);
        if (!loaded) return std::move(loaded).error();
        auto chosen = loaded.value().get(from.section);
        if (!chosen) return std::move(chosen).error();
        options = std::move(chosen).value().options;
    }
    std::string_view provider = "the provider";
    if constexpr (requires { P::name; }) provider = P::name;
    if (auto applied = detail::apply_option_values(options, from.values, provider); !applied)
        return std::move(applied).error();
    return options;
}

/// @brief Makes the provider `make_client` chose, by the name it was chosen by, with its options read from `options`.
using provider_factory =
    std::function<result<any_provider>(std::string_view name, const provider_options_source& options)>;

namespace detail {

/// Names and factories of the providers `make_client` knows, built-in and registered; later registrations of a
/// name replace earlier ones. A template, as are the functions that use it, so that the built-in providers'
/// connections are compiled only in programs that use the client, not in every file that includes polyllm.hpp.
template <class = void>
class basic_provider_registry {
public:
    [[nodiscard]] static basic_provider_registry& instance() {
        static basic_provider_registry registry;
        return registry;
    }

    void add(std::string name, provider_factory factory) {
        std::lock_guard lock(mutex_);
        auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == name; });
        if (it != entries_.end()) it->second = std::move(factory);
        else entries_.emplace_back(std::move(name), std::move(factory));
    }

    [[nodiscard]] std::optional<provider_factory> find(std::string_view name) const {
        std::lock_guard lock(mutex_);
        for (const auto& [n, factory] : entries_)
            if (n == name) return factory;
        return std::nullopt;
    }

    [[nodiscard]] std::vector<std::string> names() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& entry : entries_) out.push_back(entry.first);
        return out;
    }

    template <class P>
    [[nodiscard]] static provider_factory factory_for() {
        return [](std::string_view name, const provider_options_source& from) -> result<any_provider> {
            auto options = load_provider_options<P>(from);
            if (!options) return std::move(options).error();
            return any_provider(P{}, std::move(options).value(), std::string(name));
        };
    }

private:
    basic_provider_registry() {
#define POLYLLM_DETAIL_ADD_BUILT_IN(P) add_builtin<P>();
        POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_ADD_BUILT_IN)
#undef POLYLLM_DETAIL_ADD_BUILT_IN
    }
    template <class P>
    void add_builtin() {
        entries_.emplace_back(std::string(P::name), factory_for<P>());
    }

    mutable std::mutex mutex_;
    std::vector<std::pair<std::string, provider_factory>> entries_;
};

using provider_registry = basic_provider_registry<>;

template <class Registry = provider_registry>
[[nodiscard]] std::string joined_provider_names() {
    std::string out;
    for (const auto& n : Registry::instance().names()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace detail

/// @brief Adds a provider that `make_client` resolves by name: after `register_provider<dummyllm>("dummyllm")`,
/// the model "dummyllm/dummyllm-pro" (or `custom_llm_provider = "dummyllm"`) gets a `client` over `dummyllm`.
/// A name registered again replaces the earlier provider, built-in ones included. Thread-safe.
template <class P>
void register_provider(std::string name) {
    static_assert(detail::check_provider<P>());
    static_assert(detail::check_provider_hooks<P>());
    using registry = detail::provider_registry;
    registry::instance().add(std::move(name), registry::template factory_for<P>());
}

/// @brief The names `make_client` knows, built-in first, then registered ones in registration order.
template <class Registry = detail::provider_registry>
[[nodiscard]] std::vector<std::string> known_providers() {
    return Registry::instance().names();
}

/// @brief The provider `make_client` would choose for `config`: `custom_llm_provider` when set; else the model's
/// `provider/` prefix when it names a known provider; else the model tables' families (gpt-*, o1, o3*, o4-* -> openai,
/// claude-* -> anthropic, gemini-* -> gemini, deepseek-chat/-reasoner -> deepseek); else, for a model without a
/// prefix, "openai_compatible" when a base URL is set. Anything else, an unknown prefix included (a typo must not
/// silently become the generic provider), is `errc::invalid_config` listing the known providers.
template <class Registry = detail::provider_registry>
[[nodiscard]] result<std::string> provider_for(const llm_config& config) {
    auto& registry = Registry::instance();
    auto unknown = [](std::string what) {
        return error{errc::invalid_config,
                     std::move(what) + "; the known providers are: " + detail::joined_provider_names<Registry>()};
    };
    if (!config.custom_llm_provider.empty()) {
        if (registry.find(config.custom_llm_provider)) return config.custom_llm_provider;
        return unknown("unknown provider \"" + config.custom_llm_provider + "\" in custom_llm_provider");
    }
    const std::string_view model = detail::trim(config.model);
    if (model.empty()) return error{errc::invalid_config, "model is empty: set llm_config::model, [llm] model or LLM_MODEL"};
    const auto slash = model.find('/');
    if (slash != std::string_view::npos) {
        const std::string prefix(model.substr(0, slash));
        if (registry.find(prefix)) return prefix;
    } else {
        if (const auto family = family_provider_of(model)) return std::string(*family);
    }
    // An unknown prefix is more often a typo ("dummylm/") than a server's own "org/model" name: it is an error, even
    // with a base URL, so that a mistyped provider is not silently replaced by the generic one. A model with a
    // slash on the user's own server is asked for explicitly: openai_compatible/org/model, or custom_llm_provider.
    if (slash != std::string_view::npos) {
        const std::string prefix(model.substr(0, slash));
        auto e = unknown("unknown provider \"" + prefix + "\" in model \"" + std::string(model) + "\"");
        if (!config.base_url.empty())
            e.message += ". For a model named \"" + std::string(model) + "\" on an OpenAI-compatible server, write " +
                         std::string(openai_compatible_server::name) + "/" + std::string(model) +
                         " or set custom_llm_provider = \"" + std::string(openai_compatible_server::name) + "\"";
        return e;
    }
    // A server of the user's own: a model name without a prefix is its business.
    if (!config.base_url.empty()) return std::string(openai_compatible_server::name);
    return unknown("cannot tell which provider serves model \"" + std::string(model) +
                   "\": write it as provider/model, set custom_llm_provider, or set a base URL for an "
                   "OpenAI-compatible server");
}

/// @brief A model connection whose provider was chosen at run time: `basic_llm` over `any_provider`, with the
/// Asio transport and the default retry policy. `provider_name()` is the name it was chosen by.
using client = basic_llm<any_provider, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<any_provider, asio_transport, exponential_backoff>;
// The built-in providers behind any_provider, compiled once with the connections (src.hpp).
#define POLYLLM_DETAIL_EXTERN_ERASED(P) extern template class detail::erased_provider_for<P>;
POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_EXTERN_ERASED)
#undef POLYLLM_DETAIL_EXTERN_ERASED
#endif

namespace detail {

// The provider for `config` and its options, chosen by `Registry`.
template <class Registry>
[[nodiscard]] result<any_provider> chosen_provider(const llm_config& config, const provider_options_source& options) {
    auto name = provider_for<Registry>(config);
    if (!name) return std::move(name).error();
    auto factory = Registry::instance().find(name.value());
    return factory.value()(name.value(), options);
}

}  // namespace detail

/// @brief A client for `config`, with its own io_context for sync calls; the provider is `provider_for(config)`, and
/// its options come from `options` (by default none: the provider's defaults).
template <class Registry = detail::provider_registry>
[[nodiscard]] result<client> make_client(llm_config config,
                                         const provider_options_source& options = provider_options_source::defaults()) {
    auto provider = detail::chosen_provider<Registry>(config, options);
    if (!provider) return std::move(provider).error();
    return client(std::move(provider).value(), std::move(config));
}

/// @brief A client whose operations run on `executor`.
template <class Registry = detail::provider_registry>
[[nodiscard]] result<client> make_client(const asio::any_io_executor& executor, llm_config config,
                                         const provider_options_source& options = provider_options_source::defaults()) {
    auto provider = detail::chosen_provider<Registry>(config, options);
    if (!provider) return std::move(provider).error();
    return client(std::move(provider).value(), client::executor_type(executor), std::move(config));
}

POLYLLM_NAMESPACE_END
