#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <boost/version.hpp>

#include <set>
#include <stdexcept>
#include <system_error>

using namespace polyllm;

TEST_CASE("errc is a std::error_code enum in the \"polyllm\" category", "[error]") {
    std::error_code ec = errc::rate_limited;
    CHECK(ec.category().name() == std::string("polyllm"));
    CHECK(ec.message() == "rate limited");
    CHECK(ec.value() != 0);
    CHECK_FALSE(std::error_code(errc::success));
    CHECK(ec == errc::rate_limited);
    CHECK(ec != errc::quota_exceeded);
}

TEST_CASE("errc maps to portable conditions where one exists", "[error]") {
    CHECK(std::error_code(errc::timeout) == std::errc::timed_out);
    CHECK(std::error_code(errc::cancelled) == std::errc::operation_canceled);
    CHECK(std::error_code(errc::invalid_config) == std::errc::invalid_argument);
    CHECK(std::error_code(errc::rate_limited) != std::errc::timed_out);
}

TEST_CASE("every errc has a distinct name and message", "[error]") {
    std::set<std::string_view> names;
    std::set<std::string> messages;
    for (int v = 0; v <= static_cast<int>(errc::cancelled); ++v) {
        names.insert(to_string(static_cast<errc>(v)));
        messages.insert(std::error_code(static_cast<errc>(v)).message());
    }
    CHECK(names.size() == static_cast<std::size_t>(errc::cancelled) + 1);
    CHECK(messages.size() == names.size());
    CHECK_FALSE(names.contains("unknown"));
}

TEST_CASE("error::to_string says what, where and which request", "[error]") {
    error e{errc::rate_limited, "Rate limit reached"};
    e.http_status = 429;
    e.provider = "openai";
    e.request_id = "req_123";
    CHECK(e.to_string() == "rate_limited (HTTP 429) from openai: Rate limit reached [request req_123]");
    CHECK(e == errc::rate_limited);
    CHECK(error{errc::timeout, ""}.to_string() == "timeout: timed out");
}

TEST_CASE("a system error code counts as a connection error", "[error]") {
    error e{std::make_error_code(std::errc::connection_refused), "connect to 127.0.0.1:1"};
    CHECK(e.kind() == errc::connection);
}

namespace {
result<int> half(int n) {
    if (n % 2) return error{errc::bad_request, "odd"};
    return n / 2;
}
result<int> quarter(int n) {
#if BOOST_VERSION >= 107600  // the declaration syntax changed in Boost 1.76
    BOOST_OUTCOME_TRY(auto h, half(n));
#else
    BOOST_OUTCOME_TRY(h, half(n));
#endif
    return half(h);
}
}  // namespace

TEST_CASE("result works with BOOST_OUTCOME_TRY", "[error]") {
    CHECK(quarter(8).value() == 2);
    auto r = quarter(6);
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::bad_request);
    CHECK(r.error().message == "odd");
}

TEST_CASE("result::value() throws llm_error carrying the whole error", "[error]") {
    auto r = half(3);
    try {
        (void)r.value();
        FAIL("value() did not throw");
    } catch (const llm_error& e) {
        CHECK(e.code() == errc::bad_request);
        CHECK(e.error().message == "odd");
        CHECK(std::string(e.what()) == "bad_request: odd");
    }
    CHECK_THROWS_AS(half(2).error(), std::logic_error);
    static_assert(std::is_base_of_v<std::system_error, llm_error>);
}
