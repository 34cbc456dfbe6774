#pragma once
/// @file
/// @brief What reading a configuration gives: one configuration with its provider's options (`llm_settings`), all
/// of a config.toml (`loaded_config`), and what to do with a key nobody declares (`unknown_keys`).

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief The options type of a provider without options of its own.
struct no_provider_options {
    friend bool operator==(const no_provider_options&, const no_provider_options&) = default;
};

namespace detail {
template <class T>
struct options_of {
    using type = T;
};
template <class T>
    requires requires { typename T::options; }
struct options_of<T> {
    using type = typename T::options;
};
}  // namespace detail

/// @brief `P::options` for a provider type, or `P` itself for an options type.
template <class P>
using options_of_t = typename detail::options_of<P>::type;

/// @brief One configuration: the connection settings and the provider's options.
template <class Options = no_provider_options>
struct llm_settings {
    llm_config config;
    Options options;
};

/// @brief What a config.toml and the environment say: the default configuration (`[llm]` with the environment
/// applied) and the named ones (`[llm.<name>]`: the default configuration, then the section's keys).
template <class Options = no_provider_options>
struct loaded_config {
    std::string source;  ///< the file name, or the name given with the text
    llm_settings<Options> base;
    std::map<std::string, llm_settings<Options>, std::less<>> named;
    /// One line per key that was accepted but has no effect in polyllm (keys of an agent's existing configuration
    /// that polyllm has no feature for), with file and line: "config.toml:7: for_routing has no effect in polyllm".
    std::vector<std::string> notes;

    /// @brief The named configuration, or the default one for "" or "llm"; an unknown name is
    /// `errc::invalid_config` listing the names there are.
    [[nodiscard]] result<llm_settings<Options>> get(std::string_view name) const {
        if (name.empty() || name == "llm") return base;
        if (auto it = named.find(name); it != named.end()) return it->second;
        std::string names;
        for (const auto& [n, settings] : named) names += (names.empty() ? "" : ", ") + n;
        return error{errc::invalid_config, "no [llm." + std::string(name) + "] section in " + source +
                                               (names.empty() ? "; it has no named configurations"
                                                              : "; the named configurations are: " + names)};
    }
};

/// @brief What reading a config.toml does with a key that neither `llm_config` nor the provider's options declare.
enum class unknown_keys {
    error,   ///< fails, naming the key (and the key it looks like a typo of): the default
    ignore,  ///< skips it: for a first reading before the provider is known, whose keys the second reading checks
};

POLYLLM_NAMESPACE_END
