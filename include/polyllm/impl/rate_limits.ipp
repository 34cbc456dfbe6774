#pragma once
/// @file
/// @brief The definitions of <polyllm/rate_limits.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/rate_limits.hpp>

#include <charconv>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

[[nodiscard]] inline std::optional<std::int64_t> header_int(const http_headers& h, std::string_view name) {
    auto value = h.find(name);
    if (!value) return std::nullopt;
    auto text = trim(*value);
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return n;
}

/// OpenAI's reset durations: "1s", "6m0s", "59.5ms", "1h2m3.5s", "20ms".
[[nodiscard]] inline std::optional<std::chrono::milliseconds> parse_go_duration(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    double total_ms = 0;
    while (!text.empty()) {
        double number = 0;
        auto [end, ec] = floating_from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
        if (ec != std::errc{} || number < 0) return std::nullopt;
        text.remove_prefix(std::size_t(end - text.data()));
        // "ms" before "m": the longer unit name wins.
        constexpr std::pair<std::string_view, double> units[] = {{"ms", 1}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}};
        const auto* unit = std::find_if(std::begin(units), std::end(units),
                                        [&](const auto& u) { return text.starts_with(u.first); });
        if (unit == std::end(units)) return std::nullopt;
        text.remove_prefix(unit->first.size());
        total_ms += number * unit->second;
    }
    if (!std::isfinite(total_ms) || total_ms > 1e12) return std::nullopt;
    return std::chrono::milliseconds(std::llround(total_ms));
}

/// Anthropic's reset times: RFC 3339, "2024-11-21T12:00:30Z" (fractions and offsets accepted).
[[nodiscard]] inline std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_rfc3339(
    std::string_view text) {
    using namespace std::chrono;
    text = trim(text);
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto num = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int v = 0;
        auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, v);
        if (ec != std::errc{} || end != text.data() + at + len) return std::nullopt;
        return v;
    };
    auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
    year_month_day date{year{*y}, month{unsigned(*mo)}, day{unsigned(*d)}};
    if (!date.ok()) return std::nullopt;
    auto t = sys_time<milliseconds>{sys_days{date}} + hours{*h} + minutes{*mi} + seconds{*s};
    std::size_t i = 19;
    if (i < text.size() && text[i] == '.') {
        int scale = 100;
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10)
            t += milliseconds((text[i] - '0') * scale);
    }
    auto zone = text.substr(i);
    if (zone == "Z" || zone == "z") return t;
    if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        auto oh = num(i + 1, 2), om = num(i + 4, 2);
        if (!oh || !om) return std::nullopt;
        auto offset = hours{*oh} + minutes{*om};
        return zone[0] == '+' ? t - offset : t + offset;
    }
    return std::nullopt;
}

}  // namespace detail

POLYLLM_DECL rate_limits rate_limits_from(const http_headers& h, std::chrono::system_clock::time_point now) {
    rate_limits out;
    auto openai = [&](rate_limit& r, std::string_view what) {
        const std::string w(what);
        r.limit = detail::header_int(h, "x-ratelimit-limit-" + w);
        r.remaining = detail::header_int(h, "x-ratelimit-remaining-" + w);
        if (auto reset = h.find("x-ratelimit-reset-" + w)) r.reset_after = detail::parse_go_duration(*reset);
    };
    openai(out.requests, "requests");
    openai(out.tokens, "tokens");
    auto anthropic = [&](rate_limit& r, std::string_view what) {
        const std::string prefix = "anthropic-ratelimit-" + std::string(what) + "-";
        if (auto v = detail::header_int(h, prefix + "limit")) r.limit = v;
        if (auto v = detail::header_int(h, prefix + "remaining")) r.remaining = v;
        if (auto reset = h.find(prefix + "reset"))
            if (auto at = detail::parse_rfc3339(*reset))
                r.reset_after = std::chrono::duration_cast<std::chrono::milliseconds>(*at - now);
    };
    anthropic(out.requests, "requests");
    anthropic(out.tokens, "tokens");
    anthropic(out.input_tokens, "input-tokens");
    anthropic(out.output_tokens, "output-tokens");
    return out;
}

POLYLLM_NAMESPACE_END
