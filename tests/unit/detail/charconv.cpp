// detail/charconv.hpp through the umbrella (which includes it with config, retry hints and rate limits), so that
// this file also builds against the single header, as scripts/test-matrix builds it with every toolchain.
#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

// Every floating-point number polyllm reads from text goes through detail::floating_from_chars: the standard
// library's where it has one, fast_float where it does not (libc++ before 20). These tests pin the values, so
// that every toolchain of scripts/test-matrix reads the same text as the same double.

using namespace std::chrono_literals;

namespace {

struct parsed {
    double value;
    std::errc ec;
    std::size_t used;
};

parsed parse(std::string_view text, std::chars_format format = std::chars_format::general) {
    double value = -42.0;  // what is left when nothing is stored
    const auto [end, ec] =
        polyllm::detail::floating_from_chars(text.data(), text.data() + text.size(), value, format);
    return {value, ec, std::size_t(end - text.data())};
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

template <class T>
const T& value_of(const T& value) { return value; }
template <class T>
const T& value_of(const std::optional<T>& value) { return value.value(); }

}  // namespace

TEST_CASE("charconv: the implementation in use is the one the standard library calls for", "[charconv]") {
    // Only libc++ before 20 (and Apple deployment targets before 26) lacks the standard function; with
    // POLYLLM_USE_FAST_FLOAT=1 on the command line the matrix also runs fast_float over libstdc++.
#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 200000
    STATIC_REQUIRE(POLYLLM_USE_FAST_FLOAT == 1);
#elif defined(__cpp_lib_to_chars) && !defined(POLYLLM_TEST_FORCED_FAST_FLOAT)
    STATIC_REQUIRE(POLYLLM_USE_FAST_FLOAT == 0);
#endif
    SUCCEED("POLYLLM_USE_FAST_FLOAT=" << POLYLLM_USE_FAST_FLOAT);
}

TEST_CASE("charconv: numbers read to the correctly rounded double", "[charconv]") {
    struct {
        std::string_view text;
        double expected;
    } const cases[] = {
        {"0.1", 0x1.999999999999ap-4},
        {"2.5e-6", 2.5e-6},
        {"0.30000000000000004", 0x1.3333333333334p-2},
        {"9007199254740993", 0x1p53},  // halfway between two doubles: ties to even
        {"1.7976931348623157e308", std::numeric_limits<double>::max()},
        {"4.9e-324", std::numeric_limits<double>::denorm_min()},
        {"2.2250738585072014e-308", std::numeric_limits<double>::min()},
        {"00012.50", 12.5},
        {".5", 0.5},
        {"5.", 5.0},
        {"1E2", 100.0},
        {"-2.5", -2.5},
        {"0.000003", 3e-6},
        {"123456789012345678901234567890", 0x1.8ee90ff6c373ep+96},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto r = parse(c.text);
        CHECK(r.ec == std::errc{});
        CHECK(r.used == c.text.size());
        CHECK(same_bits(r.value, c.expected));
    }
    const auto negative_zero = parse("-0");
    CHECK(negative_zero.ec == std::errc{});
    CHECK(negative_zero.value == 0.0);
    CHECK(std::signbit(negative_zero.value));
    CHECK(std::isinf(parse("inf").value));
    CHECK(std::isnan(parse("nan").value));
}

TEST_CASE("charconv: where a number ends, and what is not one", "[charconv]") {
    CHECK(parse("1.5e3x").used == 5);
    CHECK(parse("1.5e3x").value == 1500.0);
    CHECK(parse("1e").used == 1);  // an exponent without digits is not part of the number
    CHECK(parse("1_000").used == 1);
    CHECK(parse("0x10").used == 1);  // no hexadecimal in the general format
    // fixed: an exponent ends the number, as in "1m30.5s" the unit does.
    CHECK(parse("1.5e3", std::chars_format::fixed).used == 3);
    CHECK(parse("1.5e3", std::chars_format::fixed).value == 1.5);
    for (std::string_view bad : {"", "+1", " 1", ".", "-", "e5", "s"}) {
        INFO('"' << bad << '"');
        const auto r = parse(bad);
        CHECK(r.ec == std::errc::invalid_argument);
        CHECK(r.used == 0);
        CHECK(r.value == -42.0);
    }
}

TEST_CASE("charconv: out of range is reported and stores nothing", "[charconv]") {
    // fast_float 3 rounds these to infinity and zero silently; the standard reports them.
    for (std::string_view big : {"1e400", "1.7976931348623159e308", "-1e400", "2.4e-324", "1e-400", "0.1e-999"}) {
        INFO(big);
        const auto r = parse(big);
        CHECK(r.ec == std::errc::result_out_of_range);
        CHECK(r.used == big.size());
        CHECK(r.value == -42.0);
    }
    // Zero itself is no underflow, however it is written.
    CHECK(parse("0e-999").ec == std::errc{});
    CHECK(parse("0.000e5").value == 0.0);
}

TEST_CASE("charconv: every floating-point and duration key of llm_config reads the same value", "[charconv][config]") {
    using polyllm::llm_config;
    std::size_t keys = 0;
    polyllm::detail::for_each_config_key<llm_config>([&](const auto& key) {
        using V = polyllm::detail::config_value_t<typename std::remove_cvref_t<decltype(key)>::value_type>;
        if constexpr (std::floating_point<V> || polyllm::detail::is_duration_v<V>) {
            ++keys;
            const std::string variable = polyllm::environment_variable_for(key.name);
            INFO(variable);
            // Seconds for durations: 2.5 ms rounds to 3 ms (1e-6 s would round to nothing, which timeout refuses).
            llm_config cfg;
            const std::string small = std::floating_point<V> ? "2.5e-6" : "2.5e-3";
            REQUIRE(polyllm::apply_environment(cfg, polyllm::environment::from({{variable, small}})));
            llm_config large;
            REQUIRE(polyllm::apply_environment(large, polyllm::environment::from({{variable, " 12.25 "}})));
            llm_config wrong;
            CHECK_FALSE(polyllm::apply_environment(wrong, polyllm::environment::from({{variable, "1,5"}})));
            CHECK_FALSE(polyllm::apply_environment(wrong, polyllm::environment::from({{variable, "1e400"}})));
            if constexpr (std::floating_point<V>) {
                CHECK(same_bits(double(value_of(cfg.*key.member)), 2.5e-6));
                CHECK(value_of(large.*key.member) == 12.25);
            } else {
                CHECK(value_of(cfg.*key.member) == 3ms);
                CHECK(value_of(large.*key.member) == 12250ms);
            }
        }
    });
    // retry_multiplier, temperature, top_p, the five prices, max_budget; retry_min_wait, retry_max_wait, timeout.
    CHECK(keys == 13);
}

TEST_CASE("charconv: config.toml and the environment agree on numbers", "[charconv][config]") {
    // toml++ reads TOML floats itself (locale-independently); the same number from the environment comes through
    // floating_from_chars. Both must give the same double.
    auto loaded = polyllm::parse_config_toml("[llm]\ninput_cost_per_token = 0.0000025\ntimeout = 1.5\n", "config.toml",
                                             polyllm::environment::none());
    REQUIRE(loaded);
    polyllm::llm_config from_env;
    REQUIRE(polyllm::apply_environment(
        from_env, polyllm::environment::from({{"LLM_INPUT_COST_PER_TOKEN", "0.0000025"}, {"LLM_TIMEOUT", "1.5"}})));
    const auto& from_file = loaded.value().base.config;
    REQUIRE(from_file.input_cost_per_token);
    REQUIRE(from_env.input_cost_per_token);
    CHECK(same_bits(*from_file.input_cost_per_token, *from_env.input_cost_per_token));
    CHECK(same_bits(*from_env.input_cost_per_token, 2.5e-6));
    CHECK(from_file.timeout == 1500ms);
    CHECK(from_env.timeout == 1500ms);
}

TEST_CASE("charconv: retry-after-ms and retry-after read to exact waits", "[charconv][retry]") {
    const auto now = std::chrono::system_clock::now();
    auto wait = [&](std::string_view name, std::string value) {
        return polyllm::retry_after_from(polyllm::http_headers{{std::string(name), std::move(value)}}, now);
    };
    CHECK(wait("retry-after-ms", "1500") == 1500ms);
    CHECK(wait("retry-after-ms", "20.4") == 20ms);
    CHECK(wait("retry-after-ms", "20.5") == 21ms);  // llround: halves away from zero
    CHECK(wait("retry-after-ms", " 0.75 ") == 1ms);
    CHECK(wait("retry-after", "1.5") == 1500ms);
    CHECK(wait("retry-after", "0.125") == 125ms);
    CHECK(wait("retry-after-ms", "1e3") == 1000ms);  // an exponent is read (issue 20: 1e308 asks for forever)
    CHECK(wait("retry-after-ms", "-5") == std::nullopt);
    CHECK(wait("retry-after-ms", "1,5") == std::nullopt);
    CHECK(wait("retry-after-ms", "1" + std::string(400, '0')) == polyllm::retry_hint_ceiling);  // beyond any clock
}

TEST_CASE("charconv: Go durations in rate-limit headers read to exact waits", "[charconv][rate_limits]") {
    auto reset = [](std::string value) {
        return polyllm::rate_limits_from(polyllm::http_headers{{"x-ratelimit-reset-requests", std::move(value)}},
                                         std::chrono::system_clock::now())
            .requests.reset_after;
    };
    CHECK(reset("1m30.5s") == 90500ms);
    CHECK(reset("6m0s") == 360000ms);
    CHECK(reset("1h2m3.5s") == 3723500ms);
    CHECK(reset("59.5ms") == 60ms);
    CHECK(reset("0.1s") == 100ms);
    CHECK(reset("2.5ms") == 3ms);
    CHECK(reset("17ms") == 17ms);
    CHECK(reset("1.5h") == 5400000ms);
    CHECK(reset("1e3s") == std::nullopt);  // the exponent is not a unit
    CHECK(reset("+1s") == std::nullopt);
    CHECK(reset("1.s5") == std::nullopt);
    CHECK(reset("1,5s") == std::nullopt);
}
