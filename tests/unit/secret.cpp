#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <type_traits>

using namespace polyllm;

namespace {
template <class T>
concept streamable = requires(std::ostream& os, const T& t) { os << t; };
}  // namespace

TEST_CASE("secret cannot be printed, streamed or serialized by accident", "[secret]") {
    static_assert(!streamable<secret>);
    static_assert(!std::is_convertible_v<secret, std::string>);
    static_assert(!std::is_convertible_v<secret, std::string_view>);
    static_assert(!std::is_constructible_v<nlohmann::json, secret>);
    secret key = "sk-test-123";
    CHECK(key.reveal() == "sk-test-123");
    CHECK_FALSE(key.empty());
    CHECK(secret{}.empty());
}
