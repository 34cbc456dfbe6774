// wire::to_gemini_schema and its rules: JSON Schema as generators write it (Pydantic, zod, MCP servers, OpenAI strict
// mode) translated to Gemini's Schema, keyword by keyword and whole.

#include <polyllm/wire/gemini_schema.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

using namespace polyllm;
using ojson = nlohmann::ordered_json;

namespace {

ojson schema_fixture(const std::string& name) {
    return ojson::parse(polyllm_test::fixture("gemini/schemas/" + name));
}

ojson translate(std::string_view text, const wire::gemini_schema_limits& limits = {}) {
    return wire::to_gemini_schema(ojson::parse(text), limits);
}

// Every schema object of a translated schema, with its path.
void each_schema(const ojson& s, const std::string& at, const std::function<void(const ojson&, const std::string&)>& f) {
    f(s, at);
    if (!s.is_object()) return;
    if (auto items = s.find("items"); items != s.end()) each_schema(*items, at + "/items", f);
    if (auto properties = s.find("properties"); properties != s.end() && properties->is_object())
        for (auto it = properties->cbegin(); it != properties->cend(); ++it)
            each_schema(*it, at + "/properties/" + it.key(), f);
    if (auto any = s.find("anyOf"); any != s.end() && any->is_array())
        for (std::size_t i = 0; i < any->size(); ++i) each_schema((*any)[i], at + "/anyOf/" + std::to_string(i), f);
}

std::vector<std::string> keys_of(const ojson& object) {
    std::vector<std::string> keys;
    for (auto it = object.cbegin(); it != object.cend(); ++it) keys.push_back(it.key());
    return keys;
}

std::size_t depth_of(const ojson& s) {
    std::size_t deepest = 0;
    if (s.is_object() || s.is_array())
        for (const auto& child : s) deepest = std::max(deepest, depth_of(child));
    return deepest + 1;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- the rules

TEST_CASE("gemini schema: the allowlist is Gemini's Schema fields", "[gemini][schema]") {
    for (auto k : {"type", "format", "nullable", "enum", "items", "properties", "required", "anyOf", "propertyOrdering",
                   "default", "example", "minimum", "maximum", "pattern", "minLength", "maxItems", "minProperties"})
        CHECK(wire::is_gemini_schema_keyword(k));
    for (auto k : {"$schema", "$ref", "$defs", "$id", "$comment", "const", "examples", "oneOf", "allOf", "not",
                   "additionalProperties", "exclusiveMinimum", "exclusiveMaximum", "definitions", "multipleOf",
                   "uniqueItems", "prefixItems", "Type", ""})
        CHECK_FALSE(wire::is_gemini_schema_keyword(k));
    static_assert(wire::is_gemini_schema_keyword("title"));
}

TEST_CASE("gemini schema: type names and arrays of them, null as nullable", "[gemini][schema]") {
    auto names = [](const ojson& type) {
        const auto t = wire::types_of(type);
        std::string joined;
        for (auto n : t.names) joined += std::string(n) + ",";
        return joined + (t.nullable ? "null" : "");
    };
    CHECK(names("integer") == "integer,");
    CHECK(names("STRING") == "string,");
    CHECK(names(ojson::array({"string", "null"})) == "string,null");
    CHECK(names(ojson::array({"Null", "number", "integer", "number"})) == "number,integer,null");
    CHECK(names("null") == "null");
    CHECK(names(ojson::array({"date", 5, nullptr})).empty());
    CHECK(names(5).empty());
    CHECK(names(ojson::object()).empty());
}

TEST_CASE("gemini schema: enum keeps strings, null becomes nullable, other values go to the description",
          "[gemini][schema]") {
    auto strings = wire::enum_of(ojson::array({"a", "b", nullptr}));
    CHECK(strings.values == ojson::array({"a", "b"}));
    CHECK(strings.nullable);
    CHECK(strings.note.empty());
    auto numbers = wire::enum_of(ojson::array({1, 2.5, "x"}));
    CHECK(numbers.values.is_null());
    CHECK(numbers.note == R"((one of: 1, 2.5, "x"))");
    CHECK(wire::enum_of(ojson::array()).values.is_null());
    CHECK(wire::enum_of("a").values.is_null());
    CHECK(wire::enum_of("a").note.empty());
}

TEST_CASE("gemini schema: const is a one-value enum for a string, else said in the description", "[gemini][schema]") {
    CHECK(wire::const_of("order").values == ojson::array({"order"}));
    CHECK(wire::const_of("order").note.empty());
    CHECK(wire::const_of(2).values.is_null());
    CHECK(wire::const_of(2).note == "(always 2)");
    CHECK(wire::const_of(ojson{{"a", true}}).note == R"((always {"a":true}))");
    CHECK(wire::const_of(nullptr).note == "(always null)");
}

TEST_CASE("gemini schema: exclusive bounds become the nearest inclusive bound", "[gemini][schema]") {
    const ojson zero = 0, three = 3, five = 5, ten = 10, hundred = 100, yes = true, no = false, half = 2.5, text = "1";
    CHECK(wire::lower_bound(&zero, nullptr, true) == 0);
    CHECK(wire::lower_bound(nullptr, &zero, true) == 1);       // integers: the next one up
    CHECK(wire::lower_bound(nullptr, &zero, false) == 0);      // numbers: the bound itself
    CHECK(wire::lower_bound(nullptr, &half, true) == 3.0);
    CHECK(wire::upper_bound(nullptr, &half, true) == 2.0);
    CHECK(wire::upper_bound(nullptr, &hundred, true) == 99);
    CHECK(wire::upper_bound(nullptr, &hundred, false) == 100);
    CHECK(wire::lower_bound(&five, &three, true) == 5);  // the tighter of the two
    CHECK(wire::lower_bound(&three, &five, true) == 6);
    CHECK(wire::upper_bound(&ten, &hundred, true) == 10);
    CHECK(wire::upper_bound(&hundred, &ten, false) == 10);
    CHECK(wire::lower_bound(&three, &yes, true) == 4);  // draft 4: a boolean that makes minimum exclusive
    CHECK(wire::lower_bound(&three, &yes, false) == 3);
    CHECK(wire::upper_bound(&three, &yes, true) == 2);
    CHECK(wire::lower_bound(&three, &no, true) == 3);
    CHECK(wire::lower_bound(nullptr, nullptr, true).is_null());
    CHECK(wire::lower_bound(&text, &yes, true).is_null());
    const ojson most = std::numeric_limits<std::int64_t>::max(), least = std::numeric_limits<std::int64_t>::min();
    CHECK(wire::lower_bound(nullptr, &most, true) == most);  // no overflow
    CHECK(wire::upper_bound(nullptr, &least, true) == least);
    const ojson unsigned_zero = std::uint64_t{0};
    CHECK(wire::upper_bound(nullptr, &unsigned_zero, true) == -1);
}

TEST_CASE("gemini schema: only the formats Gemini takes, for their types", "[gemini][schema]") {
    CHECK(wire::keeps_format("string", "date-time"));
    CHECK(wire::keeps_format("string", "enum"));
    CHECK(wire::keeps_format("number", "double"));
    CHECK(wire::keeps_format("integer", "int64"));
    for (auto f : {"email", "uri", "date", "uuid", "hostname", "byte", "double"}) CHECK_FALSE(wire::keeps_format("string", f));
    CHECK_FALSE(wire::keeps_format("integer", "double"));
    CHECK_FALSE(wire::keeps_format("", "date-time"));
    CHECK_FALSE(wire::keeps_format("string", 7));
}

TEST_CASE("gemini schema: example, counts, required and property order", "[gemini][schema]") {
    const ojson own = "own", many = ojson::array({"first", "second"}), none = ojson::array(), single = "x";
    CHECK(wire::example_of(&own, &many) == &own);
    CHECK(*wire::example_of(nullptr, &many) == "first");
    CHECK(wire::example_of(nullptr, &none) == nullptr);
    CHECK(wire::example_of(nullptr, &single) == nullptr);

    CHECK(wire::count_of(3) == 3u);
    CHECK(wire::count_of(std::uint64_t{7}) == 7u);
    CHECK(wire::count_of(2.0) == 2u);
    CHECK_FALSE(wire::count_of(-1));
    CHECK_FALSE(wire::count_of(2.5));
    CHECK_FALSE(wire::count_of("3"));

    using views = std::vector<std::string_view>;
    const views properties{"b", "a", "c"};
    const auto required = ojson::parse(R"(["a", "zz", "a", 1, "c"])"), more = ojson::parse(R"(["b", "c"])"),
               unknown_only = ojson::parse(R"(["zz"])"), not_a_list = ojson("a");
    CHECK(wire::required_of({&required}, properties) == views{"a", "c"});
    CHECK(wire::required_of({&required, &more}, properties) == views{"a", "c", "b"});
    CHECK(wire::required_of({&unknown_only, &not_a_list, nullptr}, properties).empty());

    CHECK(wire::property_ordering_of(nullptr, properties) == properties);
    const auto user = ojson::parse(R"(["c", "b"])"), unknown = ojson::parse(R"(["c", "q"])"),
               twice = ojson::parse(R"(["c", "c"])"), mixed = ojson::parse(R"(["c", 1])");
    CHECK(wire::property_ordering_of(&user, properties) == views{"c", "b"});
    for (const auto* bad : {&unknown, &twice, &mixed}) CHECK(wire::property_ordering_of(bad, properties) == properties);
    CHECK(wire::property_ordering_of(nullptr, views{"only"}).empty());
}

TEST_CASE("gemini schema: local references resolve as JSON pointers", "[gemini][schema]") {
    const auto root = ojson::parse(R"({"$defs": {"A": {"type": "string"}, "a/b~c": 1, "$x": 2},
                                       "definitions": {"B": {"type": "integer"}},
                                       "allOf": [{"title": "zero"}, {"title": "one"}]})");
    CHECK(wire::resolve_ref(root, "#") == &root);
    CHECK(*wire::resolve_ref(root, "#/$defs/A") == ojson{{"type", "string"}});
    CHECK(*wire::resolve_ref(root, "#/definitions/B") == ojson{{"type", "integer"}});
    CHECK(*wire::resolve_ref(root, "#/$defs/a~1b~0c") == 1);
    CHECK(*wire::resolve_ref(root, "#/%24defs/%24x") == 2);
    CHECK(*wire::resolve_ref(root, "#/allOf/1/title") == "one");
    for (auto missing : {"", "other.json#/$defs/A", "#/$defs/Z", "#A", "#/allOf/2", "#/allOf/x", "#/allOf/-1",
                         "#/$defs/A/type/x", "#/allOf/99999999999"})
        CHECK(wire::resolve_ref(root, missing) == nullptr);
}

TEST_CASE("gemini schema: null branches of anyOf are nullable, false branches are left out", "[gemini][schema]") {
    for (auto null : {R"({"type": "null"})", R"({"type": ["null"]})", R"({"nullable": true})",
                      R"({"type": "null", "description": "nothing"})"})
        CHECK(wire::is_null_schema(ojson::parse(null)));
    for (auto more : {R"({})", R"({"type": ["string", "null"]})", R"({"type": "null", "enum": [null, "a"]})",
                      R"({"type": "null", "$ref": "#/$defs/A"})", R"({"nullable": false})", R"(true)", R"("null")",
                      R"({"type": "null", "anyOf": [{"type": "string"}]})"})
        CHECK_FALSE(wire::is_null_schema(ojson::parse(more)));

    const auto any = ojson::parse(R"([{"type": "string"}, {"type": "null"}, false, true, 3, {"$ref": "#/x"}])");
    const auto branches = wire::branches_of(any);
    CHECK(branches.nullable);
    REQUIRE(branches.kept.size() == 3);
    CHECK(branches.kept[0] == &any[0]);
    CHECK(branches.kept[1] == &any[3]);
    CHECK(branches.kept[2] == &any[5]);
    CHECK_FALSE(wire::branches_of(ojson::parse(R"([{"type": "string"}])")).nullable);
    CHECK(wire::branches_of(ojson::object()).kept.empty());
}

TEST_CASE("gemini schema: anyOf collapses around its one non-null branch, allOf merges", "[gemini][schema]") {
    CHECK(translate(R"({"description": "d", "anyOf": [{"type": "string", "description": "theirs"}, {"type": "null"}]})") ==
          ojson::parse(R"({"type": "string", "description": "d", "nullable": true})"));
    CHECK(translate(R"({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})") ==
          ojson::parse(R"({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]})"));
    CHECK(translate(R"({"anyOf": [{"type": "null"}, {"type": "null"}]})") == ojson{{"nullable", true}});
    CHECK(translate(R"({"title": "t", "anyOf": []})") == ojson{{"title", "t"}});
    CHECK(translate(R"({"description": "d", "allOf": [
                          {"type": "object", "properties": {"z": {}, "a": {}}, "required": ["z"]},
                          {"description": "other", "properties": {"m": {}, "z": {"type": "string"}},
                           "required": ["m", "z"]}]})") ==
          ojson::parse(R"({"type": "object", "description": "d", "properties": {"z": {}, "a": {}, "m": {}},
                           "required": ["z", "m"], "propertyOrdering": ["z", "a", "m"]})"));
}

TEST_CASE("gemini schema: keywords are written in the allowlist's order", "[gemini][schema]") {
    const auto out = translate(R"({"propertyOrdering": ["b", "a"], "anyOf": [{}, {"type": "string"}], "example": 1,
        "default": 2, "maximum": 3, "minimum": 1, "pattern": "p", "maxLength": 9, "minLength": 1, "maxProperties": 5,
        "minProperties": 1, "required": ["a"], "properties": {"a": {}, "b": {}}, "maxItems": 4, "minItems": 1,
        "items": {}, "enum": ["x"], "nullable": true, "description": "d", "title": "t", "format": "enum",
        "type": "string"})");
    std::vector<std::string> expected(wire::gemini_schema_keywords.begin(), wire::gemini_schema_keywords.end());
    CHECK(keys_of(out) == expected);
}

// ---------------------------------------------------------------------------------------------- whole schemas

TEST_CASE("gemini schema: the generators' schemas translate to the allowlist, as recorded", "[gemini][schema]") {
    std::vector<std::pair<std::string, ojson>> schemas;
    for (auto name : {"pydantic-v2-order", "pydantic-v2-recursive", "zod", "openai-strict"})
        schemas.emplace_back(name, schema_fixture(std::string(name) + ".json"));
    const auto mcp = schema_fixture("mcp-tools.json");
    for (const auto& t : mcp["tools"]) schemas.emplace_back("mcp " + t["name"].get<std::string>(), t["inputSchema"]);
    const auto expected = schema_fixture("translated.json");
    REQUIRE(expected.size() == schemas.size());
    for (const auto& [name, schema] : schemas) {
        INFO(name);
        const auto translated = wire::to_gemini_schema(schema);
        CHECK(wire::gemini_schema_violation(translated).empty());
        CHECK(translated.dump().find("$ref") == std::string::npos);
        REQUIRE(expected.contains(name));
        CHECK(translated == expected[name]);
    }
}

TEST_CASE("gemini schema: Optional, nested models and enums of Pydantic v2", "[gemini][schema]") {
    const auto order = wire::to_gemini_schema(schema_fixture("pydantic-v2-order.json"));
    const auto& p = order["properties"];
    CHECK(p["status"] == ojson::parse(R"({"type": "string", "title": "Status", "enum": ["pending", "shipped", "delivered"]})"));
    CHECK(p["shipping"]["description"] == "Where to ship");  // the referring schema's own keywords win
    CHECK(p["shipping"]["properties"] == p["billing"]["properties"]);
    CHECK(p["billing"]["nullable"] == true);
    CHECK(p["billing"]["type"] == "object");
    CHECK(p["note"] == ojson::parse(R"({"type": "string", "title": "Note", "nullable": true, "maxLength": 200, "default": null})"));
    CHECK(p["items"]["items"]["properties"]["quantity"]["minimum"] == 1);
    CHECK(p["items"]["items"]["properties"]["tags"]["example"] == ojson::parse(R"(["gift", "fragile"])"));
    CHECK(p["kind"]["enum"] == ojson::array({"order"}));
    CHECK(p["version"]["description"] == "(always 2)");
    CHECK_FALSE(p["order_id"].contains("format"));  // uuid
    CHECK(p["placed_at"]["format"] == "date-time");
    CHECK(p["metadata"] == ojson::parse(R"({"type": "object", "title": "Metadata"})"));
}

TEST_CASE("gemini schema: the user's property order is kept at every depth", "[gemini][schema]") {
    const auto schema = ojson::parse(R"({
        "type": "object",
        "properties": {
            "reasoning": {"type": "string"},
            "zeta": {"type": "object", "properties": {
                "mid": {"type": "string"},
                "alpha": {"type": "array", "items": {"type": "object", "properties": {
                    "z": {"type": "integer"}, "y": {"type": "integer"}, "x": {"anyOf": [
                        {"type": "object", "properties": {"q": {"type": "string"}, "b": {"type": "string"}}},
                        {"type": "null"}]}}}},
                "beta": {"$ref": "#/$defs/Ref"}}},
            "answer": {"type": "string"}
        },
        "$defs": {"Ref": {"type": "object", "properties": {"second": {"type": "string"}, "first": {"type": "string"},
                                                            "third": {"type": "string"}}}}
    })");
    const auto out = wire::to_gemini_schema(schema);
    REQUIRE(wire::gemini_schema_violation(out).empty());
    using names = std::vector<std::string>;
    CHECK(out["propertyOrdering"] == ojson(names{"reasoning", "zeta", "answer"}));
    const auto& zeta = out["properties"]["zeta"];
    CHECK(zeta["propertyOrdering"] == ojson(names{"mid", "alpha", "beta"}));
    const auto& item = zeta["properties"]["alpha"]["items"];
    CHECK(item["propertyOrdering"] == ojson(names{"z", "y", "x"}));
    CHECK(item["properties"]["x"]["propertyOrdering"] == ojson(names{"q", "b"}));
    CHECK(zeta["properties"]["beta"]["propertyOrdering"] == ojson(names{"second", "first", "third"}));
    // Everywhere, properties are written in that order too, and the ordering names them all.
    std::size_t orderings = 0;
    each_schema(out, "", [&](const ojson& s, const std::string& at) {
        INFO(at);
        if (!s.contains("properties") || s["properties"].size() < 2) return;
        ++orderings;
        CHECK(s["propertyOrdering"] == ojson(keys_of(s["properties"])));
    });
    CHECK(orderings == 5);
    // A user's propertyOrdering that names the properties is kept.
    CHECK(translate(R"({"type": "object", "properties": {"a": {}, "b": {}}, "propertyOrdering": ["b", "a"]})")
              ["propertyOrdering"] == ojson(names{"b", "a"}));
}

TEST_CASE("gemini schema: a recursive reference is cut after a fixed number of expansions", "[gemini][schema]") {
    const auto tree = schema_fixture("pydantic-v2-recursive.json");
    // How many Node schemas with properties are nested along children/items.
    auto levels = [](const ojson& out) {
        std::size_t n = 0;
        const ojson* at = &out;
        while (at->contains("properties")) {
            ++n;
            at = &(*at)["properties"]["children"]["items"];
        }
        CHECK((*at)["nullable"] == true);
        CHECK((*at)["type"] == "object");
        CHECK((*at)["description"] == "A node of a tree. (recursive #/$defs/Node: not expanded further)");
        return n;
    };
    for (std::size_t recursion : {1, 2, 3}) {
        INFO(recursion);
        wire::gemini_schema_limits limits;
        limits.recursion = recursion;
        const auto out = wire::to_gemini_schema(tree, limits);
        CHECK(wire::gemini_schema_violation(out).empty());
        CHECK(levels(out) == recursion);
    }

    // Mutual recursion, a reference to the whole schema, and references that only name each other.
    for (auto text : {
             R"({"$defs": {"A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}, "n": {"type": "string"}}},
                           "B": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}, "m": {"type": "string"}}}},
                 "$ref": "#/$defs/A"})",
             R"({"type": "object", "properties": {"self": {"$ref": "#"}, "x": {"type": "integer"}}})",
             R"({"$defs": {"A": {"$ref": "#/$defs/A"}}, "type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}})",
             R"({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A", "type": "string"}},
                 "properties": {"a": {"$ref": "#/$defs/A"}}})",
             R"({"$ref": "#"})",
         }) {
        INFO(text);
        const auto out = translate(text);
        CHECK(wire::gemini_schema_violation(out).empty());
        CHECK(out.dump().find("not expanded further") != std::string::npos);
    }
    // Each expansion merges the one non-null branch into the schema around it, until the reference is cut.
    CHECK(translate(R"({"anyOf": [{"$ref": "#"}, {"type": "null"}]})") ==
          ojson::parse(R"j({"description": "(recursive #: not expanded further)", "nullable": true})j"));
    // The root is not reached through a reference: `self` is its first expansion, `self.self` its second.
    const auto self = translate(R"({"type": "object", "properties": {"self": {"$ref": "#"}, "x": {"type": "integer"}}})");
    CHECK(self["properties"]["self"]["properties"]["self"]["properties"]["self"] ==
          ojson::parse(R"j({"type": "object", "description": "(recursive #: not expanded further)", "nullable": true})j"));
}

TEST_CASE("gemini schema: schemas that would grow without end are cut", "[gemini][schema]") {
    // Each definition refers to the next twice: 2^40 schemas if expanded.
    auto defs = ojson::object();
    for (int i = 0; i < 40; ++i) {
        const auto next = "#/$defs/D" + std::to_string(i + 1);
        defs["D" + std::to_string(i)] = {{"type", "object"},
                                         {"properties", {{"l", {{"$ref", next}}}, {"r", {{"$ref", next}}}}}};
    }
    defs["D40"] = {{"type", "string"}};
    const ojson wide{{"$defs", defs}, {"$ref", "#/$defs/D0"}};
    wire::gemini_schema_limits limits;
    const auto out = wire::to_gemini_schema(wide, limits);
    CHECK(wire::gemini_schema_violation(out).empty());
    std::size_t schemas = 0;
    each_schema(out, "", [&](const ojson&, const std::string&) { ++schemas; });
    CHECK(schemas <= 2 * limits.nodes + 2);
    CHECK(out.dump().find("too large") != std::string::npos);

    // Nested deeper than the stack should go.
    ojson deep{{"type", "string"}};
    for (int i = 0; i < 2000; ++i) deep = ojson{{"type", "object"}, {"properties", {{"p", std::move(deep)}}}};
    const auto cut = wire::to_gemini_schema(deep);
    CHECK(wire::gemini_schema_violation(cut).empty());
    CHECK(depth_of(cut) <= 2 * (limits.depth + 2) + 1);
    CHECK(cut.dump().find("nested too deeply") != std::string::npos);
}

TEST_CASE("gemini schema: the rest of JSON Schema is translated or dropped", "[gemini][schema]") {
    CHECK(translate(R"({"type": "object", "$schema": "x", "$id": "y", "$comment": "z", "additionalProperties": false,
                        "patternProperties": {"^x": {}}, "unevaluatedProperties": false, "dependentRequired": {},
                        "properties": {"a": {"type": "string", "examples": ["e1", "e2"], "readOnly": true}}})") ==
          ojson::parse(R"({"type": "object", "properties": {"a": {"type": "string", "example": "e1"}}})"));
    // Tuples: one item schema, the alternatives as anyOf.
    CHECK(translate(R"({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})") ==
          ojson::parse(R"({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})"));
    CHECK(translate(R"({"type": "array", "items": [{"type": "string"}]})") ==
          ojson::parse(R"({"type": "array", "items": {"type": "string"}})"));
    // oneOf is anyOf; allOf is merged; not is dropped.
    CHECK(translate(R"({"oneOf": [{"type": "string"}, {"type": "integer"}], "not": {"type": "null"}})") ==
          ojson::parse(R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})"));
    CHECK(translate(R"({"allOf": [{"$ref": "#/$defs/A"}], "description": "mine", "$defs": {"A": {"type": "integer",
                        "description": "theirs", "exclusiveMaximum": 10}}})") ==
          ojson::parse(R"({"type": "integer", "description": "mine", "maximum": 9})"));
    // A type array with allOf: the joined properties go with the object branch only.
    CHECK(translate(R"({"type": ["object", "string"], "properties": {"a": {}}, "maxLength": 3,
                        "allOf": [{"properties": {"b": {}}, "required": ["b"]}]})") ==
          ojson::parse(R"({"anyOf": [{"type": "object", "properties": {"a": {}, "b": {}}, "required": ["b"],
                                      "propertyOrdering": ["a", "b"]},
                                     {"type": "string", "maxLength": 3}]})"));
    // An enum of numbers and a const that is not a string are said in the description.
    CHECK(translate(R"({"type": "integer", "enum": [1, 2, 3], "description": "Level."})") ==
          ojson::parse(R"j({"type": "integer", "description": "Level. (one of: 1, 2, 3)"})j"));
    CHECK(translate(R"({"enum": ["a", null]})") ==
          ojson::parse(R"({"type": "string", "nullable": true, "enum": ["a"]})"));
    CHECK(translate(R"({"type": "integer", "enum": ["1", "2"]})") ==
          ojson::parse(R"j({"type": "integer", "description": "(one of: \"1\", \"2\")"})j"));
    // A lone null type, an unresolvable reference, a property called like a keyword.
    CHECK(translate(R"({"type": "null"})") == ojson{{"nullable", true}});
    CHECK(translate(R"({"$ref": "https://example.com/s.json", "description": "d"})") == ojson{{"description", "d"}});
    CHECK(translate(R"({"type": "object", "properties": {"default": {"type": "boolean", "default": true},
                                                         "$ref": {"type": "string"}}})") ==
          ojson::parse(R"({"type": "object", "properties": {"default": {"type": "boolean", "default": true},
                         "$ref": {"type": "string"}}, "propertyOrdering": ["default", "$ref"]})"));
    // Keywords of the wrong type are dropped; boolean schemas: true is anything, false is left out.
    CHECK(translate(R"({"type": 5, "title": 1, "minLength": -1, "maxItems": 1.5, "pattern": [], "nullable": "yes",
                        "properties": {"a": true, "b": false, "c": 3}, "required": ["a", "b", "c"]})") ==
          ojson::parse(R"({"properties": {"a": {}}, "required": ["a"]})"));
    for (auto text : {"null", "true", "false", "3", "\"string\"", "[]", "[{\"type\": \"string\"}]", "{}"})
        CHECK(translate(text) == ojson::object());
}

TEST_CASE("gemini schema: any JSON value translates without throwing, within the allowlist", "[gemini][schema]") {
    const char* odd[] = {
        R"({"type": ["string", "integer", "array", "object", "null"], "items": {"type": "string"}, "minLength": 1,
            "properties": {"a": {}}, "required": ["a"], "anyOf": [{"$ref": "#/nowhere"}, false, true, 1]})",
        R"({"anyOf": "no", "allOf": {"x": 1}, "oneOf": [], "items": {"items": {"items": {"$ref": "#/items"}}}})",
        R"({"properties": {"a": {"$ref": "#/properties/a/items"}, "b": {"allOf": [{"$ref": "#/properties/b"}]}}})",
        R"({"const": {"deep": [1, {"x": null}]}, "enum": [[1], {"a": 2}], "examples": 5, "example": null,
            "default": {"$ref": "#"}, "minimum": "1", "exclusiveMinimum": true, "maximum": 1e308, "exclusiveMaximum": -1e308})",
        R"({"type": "integer", "exclusiveMinimum": 1e300, "exclusiveMaximum": -18446744073709551615, "minimum": 18446744073709551615})",
        R"({"$ref": 7, "$defs": [], "format": {"x": 1}, "description": "\u0000 \ud83c\udf89", "title": ""})",
        R"({"propertyOrdering": "x", "properties": {"b": {}, "a": {}}, "required": "a"})",
    };
    for (auto text : odd) {
        INFO(text);
        ojson out;
        CHECK_NOTHROW(out = translate(text));
        CHECK(wire::gemini_schema_violation(out).empty());
    }
}

TEST_CASE("gemini schema: the allowlist check finds what Gemini would refuse", "[gemini][schema]") {
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"type": "object", "properties": {"a": {"type": "string"}}})"))
              .empty());
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"$schema": "x"})")) == "/$schema: not a keyword of Gemini's Schema");
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"properties": {"a": {"items": {"const": 1}}}})")) ==
          "/properties/a/items/const: not a keyword of Gemini's Schema");
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"anyOf": [{}, {"type": ["string", "null"]}]})")) ==
          R"(/anyOf/1/type: a value Gemini does not read there (["string","null"]))");
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"type": "STRING"})")) ==
          R"(/type: a value Gemini does not read there ("STRING"))");
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"enum": [1]})")) ==
          "/enum: a value Gemini does not read there ([1])");
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"minItems": -1})")) ==
          "/minItems: a value Gemini does not read there (-1)");
    CHECK(wire::gemini_schema_violation(ojson::parse(R"({"properties": []})")) == "/properties: not an object");
    CHECK(wire::gemini_schema_violation(ojson::parse("[]")) == ": not an object");
}
