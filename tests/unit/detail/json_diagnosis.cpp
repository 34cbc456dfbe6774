// A body that should be a JSON object and is not: the error says how (cut short, invalid at a byte, wrong shape).
#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <string>

using polyllm::detail::json_object_problem;

TEST_CASE("json_object_problem says why a body is not a JSON object", "[detail][json]") {
    CHECK(json_object_problem(R"({"a": 1})").empty());
    const std::string whole = R"({"choices": [{"message": {"content": "Hello, wor)";
    CHECK(json_object_problem(whole) == "is not valid JSON: it ends at byte " + std::to_string(whole.size()) +
                                            " before the value is complete (cut short?)");
    CHECK(json_object_problem(R"({"a": 1 x})") == "is not valid JSON: at byte 8 of 10");
    CHECK(json_object_problem("[1, 2]") == "is JSON but an array, not an object");
    CHECK(json_object_problem("\"text\"") == "is JSON but string, not an object");
    CHECK(json_object_problem("") == "is empty, not JSON");
}

TEST_CASE("a truncated response body is reported as cut short, with its length", "[providers][json]") {
    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    auto r = polyllm::openai{}.parse({200, {}, {}, R"({"id": "x", "choices": [)"}, {cfg, {}, false});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == polyllm::errc::malformed_response);
    CHECK_THAT(r.error().message, Catch::Contains("not valid JSON") && Catch::Contains("cut short"));
}
