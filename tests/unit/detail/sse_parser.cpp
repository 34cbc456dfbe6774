#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <string>
#include <vector>

using polyllm::detail::sse_event;
using polyllm::detail::sse_parser;

namespace {

struct recorded {
    std::string type, data, id;
    friend bool operator==(const recorded&, const recorded&) = default;
    friend std::ostream& operator<<(std::ostream& os, const recorded& r) {
        return os << "{" << r.type << ", \"" << r.data << "\", " << r.id << "}";
    }
};

std::vector<recorded> parse_in_pieces(std::string_view stream, const std::vector<std::size_t>& cuts) {
    sse_parser parser;
    std::vector<recorded> out;
    std::size_t from = 0;
    auto feed = [&](std::string_view piece) {
        REQUIRE(parser.feed(piece, [&](const sse_event& e) {
            out.push_back({std::string(e.type), std::string(e.data), std::string(e.last_event_id)});
        }) == sse_parser::status::ok);
    };
    for (auto cut : cuts) {
        feed(stream.substr(from, cut - from));
        from = cut;
    }
    feed(stream.substr(from));
    return out;
}

std::vector<recorded> parse(std::string_view stream) { return parse_in_pieces(stream, {}); }

}  // namespace

TEST_CASE("sse: fields, multi-line data, comments and dispatch", "[sse]") {
    auto events = parse(": a comment\n"
                        "data: first\n\n"
                        "event: update\ndata: line one\ndata: line two\nid: 7\n\n"
                        "data:no space\n\n"
                        "data:  two spaces\n\n"
                        "data\n\n"
                        "event: ignored-without-data\n\n"
                        "data: after\n\n");
    CHECK(events == std::vector<recorded>{{"message", "first", ""},
                                          {"update", "line one\nline two", "7"},
                                          {"message", "no space", "7"},
                                          {"message", " two spaces", "7"},
                                          {"message", "", "7"},
                                          {"message", "after", "7"}});
}

TEST_CASE("sse: CR, LF and CRLF all end lines", "[sse]") {
    const recorded a{"message", "a", ""}, b{"message", "b", ""}, c{"message", "c", ""};
    CHECK(parse("data: a\r\rdata: b\n\ndata: c\r\n\r\n") == std::vector{a, b, c});
    CHECK(parse("data: a\r\ndata: b\r\n\r\n") == std::vector<recorded>{{"message", "a\nb", ""}});
}

TEST_CASE("sse: a CR at the end of one read and its LF in the next are one line end", "[sse]") {
    const std::string stream = "data: a\r\n\r\ndata: b\r\n\r\n";
    const auto whole = parse(stream);
    REQUIRE(whole.size() == 2);
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK(parse_in_pieces(stream, {cut}) == whole);
    }
    // Were the LF counted as a second line end, "data: a" would dispatch at the CRLF before "data: b" joins it.
    CHECK(parse_in_pieces("data: a\r\ndata: b\r\n\r\n", {8}) == std::vector<recorded>{{"message", "a\nb", ""}});
}

TEST_CASE("sse: one leading BOM is stripped, even split, and only one", "[sse]") {
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(parse(bom + "data: x\n\n") == std::vector<recorded>{{"message", "x", ""}});
    CHECK(parse_in_pieces(bom + "data: x\n\n", {1, 2}) == std::vector<recorded>{{"message", "x", ""}});
    // A second BOM is part of the field name, so the line is not a data line.
    CHECK(parse(bom + bom + "data: x\n\n").empty());
    // Bytes that start like a BOM but are not one are data.
    CHECK(parse_in_pieces("\xEF" "data: x\n\n", {1}).empty());
}

TEST_CASE("sse: id and retry follow the rules", "[sse]") {
    sse_parser parser;
    std::vector<std::string> ids;
    auto on = [&](const sse_event& e) { ids.emplace_back(e.last_event_id); };
    const char stream[] = "id: 1\nretry: 2500\ndata: a\n\nid: bad\0id\nretry: 12x\ndata: b\n\n";
    parser.feed(std::string_view(stream, sizeof(stream) - 1), on);
    CHECK(ids == std::vector<std::string>{"1", "1"});
    CHECK(parser.retry_ms() == 2500);
}

TEST_CASE("sse: an unterminated final event is not dispatched, and is reported", "[sse]") {
    sse_parser parser;
    int count = 0;
    parser.feed("data: complete\n\ndata: cut off", [&](const sse_event&) { ++count; });
    CHECK(count == 1);
    CHECK(parser.has_partial_event());
    parser.feed("\n", [&](const sse_event&) { ++count; });
    CHECK(count == 1);
    CHECK(parser.has_partial_event());
    parser.feed("\n", [&](const sse_event&) { ++count; });
    CHECK(count == 2);
    CHECK_FALSE(parser.has_partial_event());
}

TEST_CASE("sse: U+2028, U+0085 and split multi-byte characters are data", "[sse]") {
    const std::string stream = "data: a\u2028b\u0085c\xF0\x9F\x91\x8D\n\n";
    const auto expected = std::vector<recorded>{{"message", "a\u2028b\u0085c\xF0\x9F\x91\x8D", ""}};
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK(parse_in_pieces(stream, {cut}) == expected);
    }
}

TEST_CASE("sse: every fixture gives the same events in one piece, split anywhere, and byte by byte", "[sse]") {
    for (const char* name : {"openai/stream-text.sse", "openai/stream-tool-calls.sse", "openai/stream-odd-framing.sse",
                             "openai/stream-error-midway.sse"}) {
        INFO(name);
        const auto stream = polyllm_test::fixture(name);
        const auto whole = parse(stream);
        REQUIRE_FALSE(whole.empty());
        for (std::size_t cut = 1; cut < stream.size(); ++cut)
            if (parse_in_pieces(stream, {cut}) != whole) FAIL("differs when cut at " << cut);
        std::vector<std::size_t> every_byte;
        for (std::size_t i = 1; i < stream.size(); ++i) every_byte.push_back(i);
        CHECK(parse_in_pieces(stream, every_byte) == whole);
    }
}

TEST_CASE("sse: the callback can stop parsing", "[sse]") {
    sse_parser parser;
    int seen = 0;
    auto status = parser.feed("data: 1\n\ndata: 2\n\ndata: 3\n\n", [&](const sse_event&) { return ++seen < 2; });
    CHECK(status == sse_parser::status::stopped);
    CHECK(seen == 2);
}

TEST_CASE("sse: a line or event above the limit is refused, not buffered forever", "[sse]") {
    sse_parser parser(64);
    auto ignore = [](const sse_event&) {};
    CHECK(parser.feed("data: " + std::string(40, 'x'), ignore) == sse_parser::status::ok);
    CHECK(parser.feed(std::string(40, 'x'), ignore) == sse_parser::status::line_too_long);

    sse_parser events(64);
    std::string many_lines;
    for (int i = 0; i < 10; ++i) many_lines += "data: 0123456789\n";
    CHECK(events.feed(many_lines, ignore) == sse_parser::status::line_too_long);
}
