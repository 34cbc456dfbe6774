#pragma once
/// @file
/// @brief How a settings type declares its configuration keys: a `constexpr` tuple of `config_key`s, each a name
/// (the config.toml key; `LLM_<NAME>` in the environment) and the member it sets. `llm_config` declares its keys
/// this way, and so does a provider's options type, which is how loading knows the provider's keys:
///
///     struct options {
///         std::string region;
///         std::chrono::milliseconds timeout{120'000};
///         static constexpr auto config_keys = std::tuple{
///             polyllm::config_key{"dummyllm_region", &options::region},
///             polyllm::config_key{"dummyllm_timeout", &options::timeout, polyllm::value_range::positive},
///         };
///     };
///
/// Member types: `std::string`, `polyllm::secret`, `bool`, integers, floating point, `std::chrono::duration`
/// (seconds in files and the environment), `std::optional` of these, and any type with an ADL-found
/// `polyllm::result<void> parse_config_value(std::string_view, T&)` (read from a string).

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief The numbers a key accepts beyond its type; checked when the value is read from a file or the environment.
enum class value_range { any, non_negative, positive };

/// @brief One configuration key of the settings type `Owner`.
template <class Owner, class T>
struct config_key {
    using owner_type = Owner;
    using value_type = T;

    std::string_view name;  ///< lower case letters, digits and '_'
    T Owner::*member;
    value_range range = value_range::any;

    constexpr config_key(std::string_view key_name, T Owner::*key_member,
                         value_range key_range = value_range::any) noexcept
        : name(key_name), member(key_member), range(key_range) {}
};

/// @brief A settings type that declares its keys: `static constexpr auto config_keys = std::tuple{config_key...};`.
template <class S>
concept has_config_keys = requires { std::tuple_size<std::remove_cvref_t<decltype(S::config_keys)>>::value; };

/// @brief `reasoning_effort` read from a string: one of none, minimal, low, medium, high.
[[nodiscard]] POLYLLM_DECL result<void> parse_config_value(std::string_view text, polyllm::reasoning_effort& out);

namespace detail {

/// Calls `f(key)` for each key `S` declares; nothing when it declares none. (Index by index rather than through
/// std::apply, whose noexcept and invoke-result checks over a tuple of dozens of keys cost every translation unit a second.)
template <class S, class F, std::size_t... I>
constexpr void for_each_config_key_at(F& f, std::index_sequence<I...>) {
    (f(std::get<I>(S::config_keys)), ...);
}
template <class S, class F>
constexpr void for_each_config_key(F&& f) {
    if constexpr (has_config_keys<S>)
        for_each_config_key_at<S>(f, std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(S::config_keys)>>>{});
}

/// The number of keys `S` declares.
template <class S>
constexpr std::size_t config_key_count() noexcept {
    if constexpr (has_config_keys<S>) return std::tuple_size_v<std::remove_cvref_t<decltype(S::config_keys)>>;
    else return 0;
}

/// The names of the keys of `S`, in order.
template <class S>
constexpr std::array<std::string_view, config_key_count<S>()> config_key_names() noexcept {
    std::array<std::string_view, config_key_count<S>()> names{};
    std::size_t at = 0;
    for_each_config_key<S>([&](const auto& key) { names[at++] = key.name; });
    return names;
}

constexpr bool is_config_key_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

/// Whether every key of `S` has a well-formed name that no other key of `S` or `Others` uses. (Over arrays of
/// names: comparing the keys themselves instantiated a lambda for every pair of key types.)
template <class S, class... Others>
constexpr bool config_keys_are_valid() noexcept {
    // S's names first, then the others': S's own are the first config_key_count<S>() entries.
    constexpr std::array<std::string_view, (config_key_count<S>() + ... + config_key_count<Others>())> all = [] {
        std::array<std::string_view, (config_key_count<S>() + ... + config_key_count<Others>())> names{};
        std::size_t at = 0;
        for (auto name : config_key_names<S>()) names[at++] = name;
        ((void)[&] { for (auto name : config_key_names<Others>()) names[at++] = name; }(), ...);
        return names;
    }();
    for (std::size_t i = 0; i != config_key_count<S>(); ++i) {
        if (!is_config_key_name(all[i])) return false;
        std::size_t uses = 0;
        for (auto other : all) uses += other == all[i] ? 1 : 0;
        if (uses != 1) return false;
    }
    return true;
}

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/config/impl/keys.ipp>
#endif
