#pragma once
/// @file
/// @brief Configuration values from text, as the environment gives them: the member types `config_key` supports,
/// what each expects (for messages), range checks, and seconds to durations. No I/O.

#include <polyllm/config/keys.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/charconv.hpp>
#include <polyllm/error.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

template <class T>
struct unwrap_optional {
    using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
    using type = T;
};
/// The value type of a key: `T` for `std::optional<T>`.
template <class T>
using config_value_t = typename unwrap_optional<T>::type;

template <class T>
inline constexpr bool is_duration_v = false;
template <class Rep, class Period>
inline constexpr bool is_duration_v<std::chrono::duration<Rep, Period>> = true;

template <class T>
concept config_string = std::same_as<T, std::string> || std::same_as<T, secret>;

template <class T>
concept config_integer = std::integral<T> && !std::same_as<T, bool>;

/// A list of strings: a TOML array of strings; comma-separated in the environment (`LLM_ANTHROPIC_BETAS=a,b`).
template <class T>
concept config_list = std::same_as<T, std::vector<std::string>>;

/// Structured JSON the user writes (`completion_kwargs`, `safety_settings`): a TOML table or array, in the order
/// the file writes it; JSON text in the environment.
template <class T>
concept config_json = std::same_as<T, ordered_json>;

template <class T>
concept config_parsed = requires(std::string_view text, T& out) {
    { parse_config_value(text, out) } -> std::same_as<result<void>>;
};

/// What a key of value type `T` takes, for messages: "an integer", "a number of seconds", ...
template <class T>
constexpr std::string_view expected_config_type() noexcept {
    using V = config_value_t<T>;
    if constexpr (config_string<V>) return "a string";
    else if constexpr (std::same_as<V, bool>) return "a boolean";
    else if constexpr (config_integer<V>) return "an integer";
    else if constexpr (std::floating_point<V>) return "a number";
    else if constexpr (is_duration_v<V>) return "a number of seconds";
    else if constexpr (config_list<V>) return "a list of strings";
    else if constexpr (config_json<V>) return "a table or an array";
    else if constexpr (config_parsed<V>) return "a string";
    else static_assert(sizeof(V) == 0, "polyllm: a config_key member must be a string, secret, bool, integer, "
                                       "floating point, std::chrono::duration, an optional of these, or have "
                                       "result<void> parse_config_value(std::string_view, T&)");
}

/// Seconds (fractions allowed) as a duration, rounded to its resolution; nothing when not finite or too large.
template <class Duration>
[[nodiscard]] std::optional<Duration> duration_from_seconds(double seconds) noexcept {
    if (!std::isfinite(seconds)) return std::nullopt;
    using period = typename Duration::period;
    const double ticks = seconds * double(period::den) / double(period::num);
    // 2^62 keeps the conversion below exact-enough and far from the representation limit.
    if (std::fabs(ticks) > 4.6e18) return std::nullopt;
    return Duration(static_cast<typename Duration::rep>(std::llround(ticks)));
}

/// An integer of type `I`, or nothing when it does not fit.
template <class I>
[[nodiscard]] constexpr std::optional<I> narrow_integer(std::int64_t value) noexcept {
    if (std::cmp_less(value, std::numeric_limits<I>::min()) || std::cmp_greater(value, std::numeric_limits<I>::max()))
        return std::nullopt;
    return static_cast<I>(value);
}

/// Whether a value satisfies the key's range; a non-number always does.
template <class T>
[[nodiscard]] bool in_config_range(const T& value, value_range range) noexcept {
    if constexpr (std::same_as<T, std::optional<config_value_t<T>>>) {
        return !value || in_config_range(*value, range);
    } else if constexpr (config_integer<T> || std::floating_point<T>) {
        if (range == value_range::non_negative) return value >= 0;
        if (range == value_range::positive) return value > 0;
        return true;
    } else if constexpr (is_duration_v<T>) {
        if (range == value_range::non_negative) return value.count() >= 0;
        if (range == value_range::positive) return value.count() > 0;
        return true;
    } else {
        return true;
    }
}

[[nodiscard]] constexpr std::string_view range_requirement(value_range range) noexcept {
    return range == value_range::positive ? "must be greater than 0" : "must not be negative";
}

/// The value from environment text. On failure, the error's message says what was expected ("is not an integer"),
/// for the caller to put after the variable's name.
template <class T>
[[nodiscard]] result<void> parse_config_text(std::string_view text, T& out) {
    using V = config_value_t<T>;
    auto fail = [](std::string what) { return error{errc::invalid_config, std::move(what)}; };
    if constexpr (!std::same_as<T, V>) {
        V value{};
        BOOST_OUTCOME_TRY(parse_config_text(text, value));
        out = std::move(value);
        return success();
    } else if constexpr (config_string<T>) {
        out = std::string(text);
        return success();
    } else if constexpr (std::same_as<T, bool>) {
        const auto t = trim(text);
        if (iequals(t, "true") || t == "1") out = true;
        else if (iequals(t, "false") || t == "0") out = false;
        else return fail("is not a boolean (true, false, 1 or 0)");
        return success();
    } else if constexpr (config_integer<T>) {
        const auto t = trim(text);
        std::int64_t value = 0;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
        if (ec == std::errc::result_out_of_range) return fail("is out of range");
        if (ec != std::errc{} || end != t.data() + t.size() || t.empty()) return fail("is not an integer");
        auto narrowed = narrow_integer<T>(value);
        if (!narrowed) return fail("is out of range");
        out = *narrowed;
        return success();
    } else if constexpr (std::floating_point<T> || is_duration_v<T>) {
        const auto t = trim(text);
        double value = 0;
        auto [end, ec] = detail::floating_from_chars(t.data(), t.data() + t.size(), value);
        if (ec != std::errc{} || end != t.data() + t.size() || t.empty() || !std::isfinite(value))
            return fail(is_duration_v<T> ? "is not a number of seconds" : "is not a number");
        if constexpr (is_duration_v<T>) {
            auto duration = duration_from_seconds<T>(value);
            if (!duration) return fail("is out of range");
            out = *duration;
        } else {
            out = static_cast<T>(value);
        }
        return success();
    } else if constexpr (config_list<T>) {
        out.clear();
        while (!text.empty()) {
            const auto comma = text.find(',');
            const auto item = trim(text.substr(0, comma));
            if (!item.empty()) out.emplace_back(item);
            text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        }
        return success();
    } else if constexpr (config_json<T>) {
        auto value = ordered_json::parse(text, nullptr, false);
        if (value.is_discarded() || !(value.is_object() || value.is_array()))
            return fail("is not a JSON object or array");
        out = std::move(value);
        return success();
    } else {
        static_assert(config_parsed<T>, "polyllm: unsupported config_key member type (see config/keys.hpp)");
        return parse_config_value(text, out);
    }
}

}  // namespace detail
POLYLLM_NAMESPACE_END
