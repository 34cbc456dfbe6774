#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

using polyllm::detail::json_writer;

namespace {

// nlohmann::json is the reference: the writer must produce the text it would for the same value.
std::string reference(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(std::initializer_list<std::string_view> pieces) {
    std::string out;
    json_writer(out).string(pieces);
    return out;
}

std::string written(const nlohmann::json& j) {
    std::string out;
    json_writer(out).value(j);
    return out;
}

}  // namespace

TEST_CASE("json_writer escapes every ASCII byte as nlohmann::json does", "[json_writer]") {
    for (int c = 0; c < 128; ++c) {
        const std::string s = "a" + std::string(1, char(c)) + "b";
        INFO("byte " << c);
        CHECK(written({s}) == reference(s));
    }
}

TEST_CASE("json_writer keeps valid UTF-8 and replaces invalid UTF-8 as nlohmann::json does", "[json_writer]") {
    const std::vector<std::string> samples = {
        "caf\xC3\xA9",                 // 2 bytes
        "\xE2\x80\x94 \xE4\xB8\xAD",   // 3 bytes
        "\xF0\x9F\x91\x8D",            // 4 bytes
        "\xEF\xBF\xBF\xF4\x8F\xBF\xBF",  // the largest 3- and 4-byte values
        "a\x80z",                      // a lone continuation byte
        "a\xC3",                       // truncated at the end
        "a\xE2\x80z",                  // truncated inside
        "\xC0\x80",                    // overlong NUL
        "\xE0\x80\xAF",                // overlong '/'
        "\xED\xA0\x80",                // a UTF-16 surrogate
        "\xF4\x90\x80\x80",            // above U+10FFFF
        "\xF5\x80\x80\x80 \xFF\xFE",   // bytes that never start a sequence
        "ok \"\n\xC3\xA9\x80\t",       // escapes and an error together
    };
    for (const auto& s : samples) {
        INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        CHECK(written({s}) == reference(s));
    }
}

TEST_CASE("json_writer writes a string in pieces as the joined string, even a character split between them",
          "[json_writer]") {
    CHECK(written({"data:", "image/png", ";base64,", "AAAA"}) == reference("data:image/png;base64,AAAA"));
    CHECK(written({"caf\xC3", "\xA9 \"x\""}) == reference("caf\xC3\xA9 \"x\""));
    CHECK(written({"a\xC3", "b"}) == reference("a\xC3" "b"));
    CHECK(written({}) == "\"\"");
}

TEST_CASE("json_writer writes any JSON value as nlohmann::json dumps it", "[json_writer]") {
    const auto value = nlohmann::json::parse(R"({
        "type": "object", "properties": {"path": {"type": "string", "description": "a \"quoted\"\npath"},
        "n": {"type": "integer", "minimum": -3, "maximum": 18446744073709551615}},
        "required": ["path"], "additionalProperties": false, "nothing": null, "empty": {}, "none": [],
        "floats": [0.0, 0.7, 1.0, -2.5, 100.0, 3.141592653589793, 1e-07, 2.5e+300]
    })");
    CHECK(written(value) == value.dump());
    CHECK(nlohmann::json::parse(written(value)) == value);

    nlohmann::ordered_json ordered = {{"z", 1}, {"a", {true, false}}};
    std::string out;
    json_writer(out).value(ordered);
    CHECK(out == ordered.dump());
}

TEST_CASE("json_writer separates members and elements at every depth", "[json_writer]") {
    std::string out;
    json_writer w(out);
    w.begin_object().key("a").begin_array().integer(1).begin_object().key("b").null().end_object().end_array();
    w.key("c").string("x").key("d").begin_array().end_array().key("e").number(0.5).key("f").boolean(false);
    w.end_object();
    CHECK(nlohmann::json::parse(out) ==
          nlohmann::json{{"a", {1, {{"b", nullptr}}}}, {"c", "x"}, {"d", nlohmann::json::array()}, {"e", 0.5},
                         {"f", false}});
}

TEST_CASE("json_writer copies a value another writer wrote, separated like any value", "[json_writer]") {
    std::string aside;
    json_writer(aside).begin_object().key("x").begin_array().integer(1).end_array().end_object();
    std::string out;
    json_writer w(out);
    w.begin_object().key("a").raw(aside).key("b").begin_array().raw(aside).raw("2").end_array().end_object();
    CHECK(out == R"({"a":{"x":[1]},"b":[{"x":[1]},2]})");
}

TEST_CASE("json_writer writes numbers JSON can read back, and null for what JSON lacks", "[json_writer]") {
    for (double d : {0.0, 1.0, 0.1, 0.7, 2.0 / 3.0, 1e21, -1e-300, 123456789.0}) {
        std::string out;
        json_writer(out).number(d);
        INFO(out);
        CHECK(nlohmann::json::parse(out).get<double>() == d);
        CHECK(nlohmann::json::parse(out).is_number_float());
    }
    std::string out;
    json_writer(out).begin_array().number(std::numeric_limits<double>::quiet_NaN()).number(
        std::numeric_limits<double>::infinity()).integer(std::int64_t{-9}).end_array();
    CHECK(out == "[null,null,-9]");
}
