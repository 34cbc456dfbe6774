#pragma once
/// @file
/// @brief The definitions of <polyllm/retry/hints.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/retry/hints.hpp>

#include <charconv>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

// A non-negative decimal number ("1.5", "30", and with `exponent` "1e3"); nothing else (no sign, no trailing text).
// A number too large for a double is +infinity, not junk: a server asking for forever means it.
[[nodiscard]] inline std::optional<double> parse_decimal(std::string_view s, bool exponent = false) {
    s = trim(s);
    if (s.empty() || !(s.front() >= '0' && s.front() <= '9')) return std::nullopt;
    double value = 0;
    auto [end, ec] = floating_from_chars(s.data(), s.data() + s.size(), value,
                                         exponent ? std::chars_format::general : std::chars_format::fixed);
    if (end != s.data() + s.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {  // too large, or (a negative exponent) too small
        const auto e = s.find_first_of("eE");
        return e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-'
                   ? 0.0
                   : std::numeric_limits<double>::infinity();
    }
    if (ec != std::errc{} || std::isnan(value)) return std::nullopt;
    return value;
}

// Milliseconds, saturated at the ceiling (so that no conversion overflows).
[[nodiscard]] inline std::chrono::milliseconds hint_from_ms(double ms) {
    if (!(ms < double(retry_hint_ceiling.count()))) return retry_hint_ceiling;
    return std::chrono::milliseconds(std::llround(ms));
}

[[nodiscard]] inline std::optional<int> parse_int(std::string_view s) {
    int value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
}

[[nodiscard]] inline std::optional<unsigned> month_from_name(std::string_view name) {
    constexpr std::array<std::string_view, 12> names{"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};
    for (unsigned i = 0; i < names.size(); ++i)
        if (iequals(names[i], name)) return i + 1;
    return std::nullopt;
}

[[nodiscard]] inline std::optional<std::chrono::sys_seconds> make_time(int year, unsigned month, unsigned day,
                                                                       std::string_view hms) {
    using namespace std::chrono;
    if (hms.size() != 8 || hms[2] != ':' || hms[5] != ':') return std::nullopt;
    auto h = parse_int(hms.substr(0, 2)), m = parse_int(hms.substr(3, 2)), s = parse_int(hms.substr(6, 2));
    if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
    year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok()) return std::nullopt;
    return sys_days{date} + hours{*h} + minutes{*m} + seconds{*s};
}

}  // namespace detail

POLYLLM_DECL std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s) {
    using detail::parse_int;
    s = detail::trim(s);
    if (auto comma = s.find(','); comma != std::string_view::npos) {
        auto rest = detail::trim(s.substr(comma + 1));
        if (rest.size() == 24 && rest[2] == ' ' && rest[6] == ' ' && rest[11] == ' ' && rest.substr(20) == " GMT") {
            auto day = parse_int(rest.substr(0, 2));  // IMF-fixdate: "06 Nov 1994 08:49:37 GMT"
            auto month = detail::month_from_name(rest.substr(3, 3));
            auto year = parse_int(rest.substr(7, 4));
            if (day && month && year) return detail::make_time(*year, *month, unsigned(*day), rest.substr(12, 8));
        }
        if (rest.size() == 22 && rest[2] == '-' && rest[6] == '-' && rest[9] == ' ' && rest.substr(18) == " GMT") {
            auto day = parse_int(rest.substr(0, 2));  // RFC 850: "06-Nov-94 08:49:37 GMT"
            auto month = detail::month_from_name(rest.substr(3, 3));
            auto yy = parse_int(rest.substr(7, 2));
            // Two-digit years: RFC 9110 says to read them as the most recent past year with those digits;
            // for a retry hint, 19xx for 70..99 and 20xx below is that rule for the next forty years.
            if (day && month && yy)
                return detail::make_time(*yy >= 70 ? 1900 + *yy : 2000 + *yy, *month, unsigned(*day),
                                         rest.substr(10, 8));
        }
        return std::nullopt;
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (s.size() == 24 && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' && s[19] == ' ') {
        auto month = detail::month_from_name(s.substr(4, 3));
        auto day = parse_int(detail::trim(s.substr(8, 2)));
        auto year = parse_int(s.substr(20, 4));
        if (day && month && year) return detail::make_time(*year, *month, unsigned(*day), s.substr(11, 8));
    }
    return std::nullopt;
}

POLYLLM_DECL std::optional<std::chrono::milliseconds> retry_after_from(
    const http_headers& headers, std::chrono::system_clock::time_point now) {
    using std::chrono::milliseconds;
    // retry-after-ms is a number of OpenAI's making, read leniently (exponents too); retry-after's delta-seconds
    // are digits (RFC 9110), with a fraction tolerated.
    if (auto ms = headers.find("retry-after-ms"))
        if (auto value = detail::parse_decimal(*ms, true)) return detail::hint_from_ms(*value);
    if (auto ra = headers.find("retry-after")) {
        if (auto seconds = detail::parse_decimal(*ra)) return detail::hint_from_ms(*seconds * 1000);
        // In milliseconds, not the clock's nanoseconds, which overflow for a date a few centuries ahead.
        if (auto date = parse_http_date(*ra))
            return std::min(milliseconds(*date - std::chrono::floor<milliseconds>(now)), retry_hint_ceiling);
    }
    return std::nullopt;
}

POLYLLM_DECL std::optional<bool> should_retry_from(const http_headers& headers) {
    auto value = headers.find("x-should-retry");
    if (!value) return std::nullopt;
    if (detail::iequals(detail::trim(*value), "true")) return true;
    if (detail::iequals(detail::trim(*value), "false")) return false;
    return std::nullopt;
}

POLYLLM_DECL void apply_retry_hints(error& e, const http_headers& headers,
                                    std::chrono::system_clock::time_point local_now) {
    auto now = local_now;
    if (auto date = headers.find("date"))
        if (auto server_now = parse_http_date(*date)) now = *server_now;
    if (auto wait = retry_after_from(headers, now))
        e.retry_after = e.retry_after ? std::max(*e.retry_after, *wait) : *wait;  // the longest honours both
    if (auto verdict = should_retry_from(headers)) e.should_retry = verdict;
}

POLYLLM_NAMESPACE_END
