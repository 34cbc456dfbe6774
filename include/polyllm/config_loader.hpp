#pragma once
/// @file
/// @brief Configuration from config.toml and the environment. `[llm]` is the default configuration, each
/// `[llm.<name>]` a named one that inherits from it; other sections (`[core]`, `[agent]`, `[sandbox]`, ...) belong
/// to the program and are ignored, so an agent's existing config.toml works as it is. `LLM_<KEY>` variables
/// override `[llm]`. Keys are `llm_config`'s plus those the provider's options type declares (config/keys.hpp); any
/// other key in an `[llm]` section is an error naming the file, line, section and key. Every failure is a
/// `result`; nothing throws. See docs/configuration.md.

#include <polyllm/config.hpp>
#include <polyllm/config/environment.hpp>
#include <polyllm/config/settings.hpp>
#include <polyllm/config/toml_reader.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN

/// @brief Reads configurations from TOML text (`source` names it in messages, as a file name would), then applies
/// the environment to the default one. `P` is the provider (or its options type) whose keys are also accepted.
template <class P = no_provider_options>
[[nodiscard]] result<loaded_config<options_of_t<P>>> parse_config_toml(
    std::string_view text, std::string_view source = "config.toml", const environment& env = environment::process(),
    unknown_keys policy = unknown_keys::error) {
    using options = options_of_t<P>;
    const std::string name(source);
    auto syntax_error = [&](const auto& e) {
        const auto& at = e.source().begin;
        return error{errc::invalid_config, name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                                               ": TOML syntax error: " + std::string(e.description())};
    };
    const detail::config_reader<options> reader(name, env, policy);
#if TOML_EXCEPTIONS
    try {
        const toml::table root = toml::parse(text, name);
        return reader.read(root);
    } catch (const toml::parse_error& e) {
        return syntax_error(e);
    }
#else
    auto parsed = toml::parse(text, name);
    if (!parsed) return syntax_error(parsed.error());
    return reader.read(parsed.table());
#endif
}

/// @brief A config file's text; a file that cannot be read is `errc::invalid_config` naming it.
[[nodiscard]] inline result<std::string> read_config_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int cause = errno;
        return error{errc::invalid_config, "cannot read config file \"" + detail::utf8_from_path(file) + "\": " +
                                               std::generic_category().message(cause ? cause : ENOENT)};
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return error{errc::invalid_config, "cannot read config file \"" + detail::utf8_from_path(file) + "\""};
    return text.str();
}

/// @brief Reads configurations from a config.toml file, then applies the environment to the default one. A file
/// that cannot be read is `errc::invalid_config` naming it.
template <class P = no_provider_options>
[[nodiscard]] result<loaded_config<options_of_t<P>>> load_config_toml(const std::filesystem::path& file,
                                                                      const environment& env = environment::process(),
                                                                      unknown_keys policy = unknown_keys::error) {
    auto text = read_config_file(file);
    if (!text) return std::move(text).error();
    return parse_config_toml<P>(text.value(), detail::utf8_from_path(file), env, policy);
}

/// @brief The default configuration from the environment alone (no file): defaults, then `LLM_<KEY>` variables.
template <class P = no_provider_options>
[[nodiscard]] result<llm_settings<options_of_t<P>>> config_from_environment(
    const environment& env = environment::process()) {
    llm_settings<options_of_t<P>> settings;
    BOOST_OUTCOME_TRY(apply_environment(settings.config, env));
    BOOST_OUTCOME_TRY(apply_environment(settings.options, env));
    return settings;
}

POLYLLM_NAMESPACE_END
