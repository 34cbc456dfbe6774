#pragma once
/// @file
/// @brief Settings from environment variables: `LLM_<KEY>` for each configuration key (`LLM_MODEL`,
/// `LLM_NUM_RETRIES`, `LLM_DUMMYLLM_REGION`, ...). The environment is a value (`polyllm::environment`), so that
/// tests and embedders can supply their own instead of the process's.

#include <polyllm/config.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/config/values.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief The variable that sets a configuration key: "num_retries" -> "LLM_NUM_RETRIES".
[[nodiscard]] POLYLLM_DECL std::string environment_variable_for(std::string_view key);

namespace detail {

/// A value as it may appear in a message: quoted, control characters shown as '?', cut after 80 characters.
[[nodiscard]] POLYLLM_DECL std::string quoted_for_message(std::string_view text);

/// Reads one key from the environment into `settings`. An unset or empty variable changes nothing.
template <class S, class Key>
[[nodiscard]] result<void> apply_environment_key(S& settings, const Key& key, const environment& env) {
    using T = typename Key::value_type;
    const auto variable = environment_variable_for(key.name);
    const auto text = env.get(variable);
    if (!text || text->empty()) return success();
    // A secret's value is never repeated in a message, not even a malformed one.
    const std::string shown =
        std::same_as<config_value_t<T>, secret> ? variable : variable + "=" + quoted_for_message(*text);
    T value = settings.*key.member;
    if (auto parsed = parse_config_text(*text, value); !parsed)
        return error{errc::invalid_config, "environment variable " + shown + " " + parsed.error().message};
    if (!in_config_range(value, key.range))
        return error{errc::invalid_config, "environment variable " + shown + ": " + std::string(key.name) + " " +
                                                std::string(range_requirement(key.range))};
    settings.*key.member = std::move(value);
    return success();
}

}  // namespace detail

/// @brief Sets every key of `settings` (an `llm_config`, or a provider's options type with `config_keys`) whose
/// `LLM_<KEY>` variable is set and not empty. Booleans take true/false/1/0 in any case; durations are seconds.
/// A value that does not parse is `errc::invalid_config` naming the variable and the value (the API key's value
/// is never shown); `settings` is then left as it was.
template <class S>
[[nodiscard]] result<void> apply_environment(S& settings, const environment& env) {
    S updated = settings;
    result<void> outcome = success();
    detail::for_each_config_key<S>([&](const auto& key) {
        if (outcome) outcome = detail::apply_environment_key(updated, key, env);
    });
    if (!outcome) return outcome;
    settings = std::move(updated);
    return success();
}

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/config/impl/environment.ipp>
#endif
