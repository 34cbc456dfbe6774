// wire's JSON field readers: absent or null is "not there", the wrong type throws (a malformed response).

#include <polyllm/wire/json_fields.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace polyllm;

TEST_CASE("json field readers: absent and null read as nothing, the wrong type throws", "[wire][json_fields]") {
    const auto j = nlohmann::json::parse(R"({"s": "text", "n": 42, "f": 3.0, "nul": null, "o": {"k": 1}, "a": [1]})");
    CHECK(wire::string_or_empty(j, "s") == "text");
    CHECK(wire::string_or_empty(j, "missing").empty());
    CHECK(wire::string_or_empty(j, "nul").empty());
    CHECK_THROWS_AS(wire::string_or_empty(j, "n"), nlohmann::json::exception);

    CHECK(wire::int_or_zero(j, "n") == 42);
    CHECK(wire::int_or_zero(j, "f") == 3);
    CHECK(wire::int_or_zero(j, "missing") == 0);
    CHECK(wire::int_or_null(j, "n") == 42);
    CHECK_FALSE(wire::int_or_null(j, "nul").has_value());
    CHECK_THROWS_AS(wire::int_or_null(j, "s"), nlohmann::json::exception);

    REQUIRE(wire::object_or_null(j, "o") != nullptr);
    CHECK(wire::object_or_null(j, "o")->at("k") == 1);
    CHECK(wire::object_or_null(j, "a") == nullptr);
    REQUIRE(wire::array_or_null(j, "a") != nullptr);
    CHECK(wire::array_or_null(j, "o") == nullptr);
}
