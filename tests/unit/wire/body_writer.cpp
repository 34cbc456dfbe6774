// wire::body_fields: request::extra merged into a body's top-level fields, without a bound on their number.

#include <polyllm/wire/body_writer.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <iterator>
#include <string>

using polyllm::wire::body_fields;
using polyllm::wire::json_writer;

namespace {

// A body of three standard fields, a, b and c, each written as the number of its name, with `extra` combined in.
std::string body_with(const nlohmann::ordered_json& extra) {
    std::string out;
    json_writer w(out);
    body_fields fields(w, extra);
    w.begin_object();
    if (fields.standard("a")) w.integer(1);
    if (fields.standard("b")) w.integer(2);
    if (fields.standard("c")) w.integer(3);
    fields.rest();
    w.end_object();
    return out;
}

}  // namespace

TEST_CASE("body_fields: extra replaces a standard field in its place, and its other fields follow in order",
          "[wire][body_fields]") {
    CHECK(body_with(nlohmann::json::object()) == R"({"a":1,"b":2,"c":3})");
    CHECK(body_with(nullptr) == R"({"a":1,"b":2,"c":3})");
    CHECK(body_with({{"b", "two"}}) == R"({"a":1,"b":"two","c":3})");
    // nlohmann::json keeps an object's keys sorted: that is extra's order.
    CHECK(body_with({{"z", true}, {"c", nullptr}, {"x", {1, 2}}}) == R"({"a":1,"b":2,"c":null,"z":true,"x":[1,2]})");
    CHECK(body_with({{"a", {{"nested", 0}}}, {"b", 0}, {"c", 0}}) == R"({"a":{"nested":0},"b":0,"c":0})");
}

TEST_CASE("body_fields: a field the provider leaves out comes from extra after the standard ones",
          "[wire][body_fields]") {
    std::string out;
    json_writer w(out);
    const nlohmann::ordered_json extra{{"b", 20}, {"d", 4}};
    body_fields fields(w, extra);
    w.begin_object();
    if (fields.standard("a")) w.integer(1);
    const bool provider_has_b = false;  // as for a request without tools: the provider writes no "tools"
    if (provider_has_b && fields.standard("b")) w.integer(2);
    if (fields.standard("c")) w.integer(3);
    fields.rest();
    w.end_object();
    CHECK(out == R"({"a":1,"c":3,"b":20,"d":4})");
}

TEST_CASE("body_fields: any number of standard fields, each one taking extra's value in its place",
          "[wire][body_fields]") {
    // More fields than any provider had slots for (Anthropic's 14 of 14): nothing bounds them now.
    nlohmann::ordered_json extra{{"k29", "extra"}, {"new", 1}};
    std::string out;
    json_writer w(out);
    body_fields fields(w, extra);
    w.begin_object();
    for (int i = 0; i < 30; ++i)
        if (fields.standard("k" + std::to_string(i))) w.integer(i);
    fields.rest();
    w.end_object();
    const auto body = nlohmann::ordered_json::parse(out);
    REQUIRE(body.size() == 31);
    CHECK(body["k0"] == 0);
    CHECK(body["k28"] == 28);
    CHECK(body["k29"] == "extra");
    CHECK(std::prev(body.end()).key() == "new");
}

TEST_CASE("body_fields: extra that is not an object replaces no field; its items follow", "[wire][body_fields]") {
    // As before the toolkit (the recorded Gemini body extra-array.json): an array's items under their indexes.
    CHECK(body_with(nlohmann::ordered_json::array({1, "two"})) == R"({"a":1,"b":2,"c":3,"0":1,"1":"two"})");
}
