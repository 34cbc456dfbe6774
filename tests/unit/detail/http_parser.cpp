#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <string>
#include <string_view>
#include <vector>

using polyllm::errc;
using polyllm::detail::http_parser_limits;
using polyllm::detail::http_request_parser;
using polyllm::detail::http_response_parser;
using polyllm_test::fixture;

namespace {

const std::vector<std::string> response_fixtures = {
    "http/response-json.http",         "http/response-chunked.http",       "http/response-sse-chunked.http",
    "http/response-until-close.http",  "http/response-error-429.http",     "http/response-early-hints.http",
    "http/response-folded-header.http", "http/response-no-content.http",   "http/response-redirect.http",
};

struct parsed {
    int status = 0;
    std::string reason;
    polyllm::http_headers headers;
    polyllm::http_headers trailers;
    std::string body;
    bool keep_alive = false;
    bool done_before_eof = false;
    std::size_t body_pieces = 0;

    friend bool operator==(const parsed&, const parsed&) = default;
};

// Feeds `pieces` one after the other, the way reads from a socket arrive, then the end of the connection.
polyllm::result<parsed> parse_pieces(const std::vector<std::string_view>& pieces, http_parser_limits limits = {}) {
    http_response_parser p(limits);
    parsed out;
    for (auto piece : pieces) {
        while (!piece.empty() && !p.done()) {
            auto used = p.put(piece, [&](std::string_view body) {
                out.body += body;
                ++out.body_pieces;
            });
            if (!used) return used.error();
            piece.remove_prefix(used.value());
        }
        REQUIRE(piece.empty());  // every fixture is one message
    }
    out.done_before_eof = p.done();
    if (auto eof = p.put_eof(); !eof) return eof.error();
    out.status = p.status();
    out.reason = p.reason();
    out.headers = p.headers();
    out.trailers = p.trailers();
    out.keep_alive = p.keep_alive();
    return out;
}

polyllm::result<parsed> parse_whole(std::string_view message, http_parser_limits limits = {}) {
    return parse_pieces({message}, limits);
}

// The error of parsing `message` in one piece (or of its end of connection).
polyllm::error parse_error(std::string_view message, http_parser_limits limits = {}) {
    auto r = parse_whole(message, limits);
    REQUIRE_FALSE(r);
    return r.error();
}

std::string json_response(std::string_view extra_headers, std::string_view body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + std::string(extra_headers) + "\r\n" +
           std::string(body);
}

}  // namespace

TEST_CASE("http parser reads a JSON response with Content-Length", "[http_parser]") {
    const auto text = fixture("http/response-json.http");
    auto r = parse_whole(text).value();
    CHECK(r.status == 200);
    CHECK(r.reason == "OK");
    CHECK(r.done_before_eof);
    CHECK(r.keep_alive);
    CHECK(r.body == fixture("openai/response-text.json"));
    // Names are matched without regard to case, and kept as sent.
    CHECK(r.headers.value_or_empty("X-Request-ID") == "req_7f3c2a9b1e");
    CHECK(r.headers.value_or_empty("cf-cache-status") == "DYNAMIC");
    CHECK(r.headers.value_or_empty("strict-transport-security") == "max-age=31536000; includeSubDomains; preload");
    CHECK(r.headers.begin()->name == "Date");
}

TEST_CASE("http parser decodes chunked bodies with extensions and keeps trailers apart", "[http_parser]") {
    auto r = parse_whole(fixture("http/response-chunked.http")).value();
    CHECK(r.done_before_eof);
    CHECK(r.body == fixture("openai/response-text.json"));
    CHECK(r.body_pieces == 3);
    CHECK(r.trailers.value_or_empty("x-checksum") == "abc123");
    CHECK(r.trailers.value_or_empty("server-timing") == "total;dur=12");
    CHECK_FALSE(r.headers.contains("x-checksum"));
    CHECK(r.keep_alive);
}

TEST_CASE("http parser reads a body delimited by the end of the connection", "[http_parser]") {
    auto r = parse_whole(fixture("http/response-until-close.http")).value();
    CHECK_FALSE(r.done_before_eof);
    CHECK_FALSE(r.keep_alive);
    CHECK(r.body == fixture("openai/response-text.json"));
}

TEST_CASE("http parser skips interim responses, joins folded lines, and knows bodiless statuses", "[http_parser]") {
    auto hints = parse_whole(fixture("http/response-early-hints.http")).value();
    CHECK(hints.status == 200);
    CHECK(hints.body == "{}");
    CHECK_FALSE(hints.headers.contains("link"));

    auto folded = parse_whole(fixture("http/response-folded-header.http")).value();
    CHECK(folded.headers.value_or_empty("x-folded") == "first second");

    // 204 and 304 end at their headers; what follows belongs to the next response.
    const std::string two = fixture("http/response-no-content.http") + fixture("http/response-redirect.http");
    http_response_parser p;
    auto used = p.put(two, [](std::string_view) { FAIL("no body expected"); }).value();
    CHECK(p.done());
    CHECK(p.status() == 204);
    CHECK(used == fixture("http/response-no-content.http").size());
    p.reset();
    CHECK(p.put(std::string_view(two).substr(used), [](std::string_view) {}).value() == two.size() - used);
    CHECK(p.status() == 301);
    CHECK(p.headers().value_or_empty("location") == "https://api.example.com/v2/chat/completions");

    // A response to HEAD has no body whatever Content-Length says.
    http_response_parser head;
    head.set_request_method("HEAD");
    const std::string_view head_response = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
    CHECK(head.put(head_response, [](std::string_view) {}).value() == head_response.size());
    CHECK(head.done());
    CHECK(head.content_length() == 1234u);
}

TEST_CASE("http parser gives every split of every fixture the same result", "[http_parser][split]") {
    for (const auto& name : response_fixtures) {
        INFO(name);
        const auto text = fixture(name);
        const auto whole = parse_whole(text);
        REQUIRE(whole);
        for (std::size_t cut = 0; cut <= text.size(); ++cut) {
            INFO("split at " << cut);
            const std::string_view view = text;
            auto split = parse_pieces({view.substr(0, cut), view.substr(cut)});
            REQUIRE(split);
            auto expected = whole.value();
            expected.body_pieces = split.value().body_pieces;  // a split may cut a chunk in two
            REQUIRE(split.value() == expected);
        }
        std::vector<std::string_view> bytes;
        for (std::size_t i = 0; i < text.size(); ++i) bytes.push_back(std::string_view(text).substr(i, 1));
        auto one_by_one = parse_pieces(bytes);
        REQUIRE(one_by_one);
        CHECK(one_by_one.value().body == whole.value().body);
        CHECK(one_by_one.value().headers == whole.value().headers);
        CHECK(one_by_one.value().trailers == whole.value().trailers);
    }
}

TEST_CASE("http parser takes a CRLF split across reads in every kind of line", "[http_parser][split]") {
    const std::string text =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n";
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {  // every CR ends a read, its LF starts the next
            pieces.push_back(std::string_view(text).substr(start, i + 1 - start));
            start = i + 1;
        }
    }
    pieces.push_back(std::string_view(text).substr(start));
    auto r = parse_pieces(pieces).value();
    CHECK(r.body == "abc");
    CHECK(r.trailers.value_or_empty("x-t") == "1");
}

TEST_CASE("http parser stops at the end of the headers and at the end of the message", "[http_parser]") {
    const std::string first = json_response("Content-Length: 2\r\n", "{}");
    const std::string both = first + json_response("Content-Length: 3\r\n", "[1]");
    http_response_parser p;
    std::string body;
    auto sink = [&](std::string_view b) { body += b; };
    const auto header_size = first.size() - 2;
    CHECK(p.put(both, sink).value() == header_size);  // the caller sees status and headers before any body byte
    CHECK(p.header_done());
    CHECK(body.empty());
    CHECK(p.put(std::string_view(both).substr(header_size), sink).value() == 2);
    CHECK(p.done());
    CHECK(body == "{}");
    CHECK(p.put("more", sink).value() == 0);  // a finished parser takes nothing more
}

TEST_CASE("http parser pauses when the body handler returns false", "[http_parser]") {
    const std::string text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n";
    http_response_parser p;
    std::string_view rest = text;
    rest.remove_prefix(p.put(rest, [](std::string_view) { return true; }).value());
    std::string got;
    auto stop_each = [&](std::string_view b) {
        got += b;
        return false;
    };
    rest.remove_prefix(p.put(rest, stop_each).value());
    CHECK(got == "a");
    CHECK_FALSE(p.done());
    rest.remove_prefix(p.put(rest, stop_each).value());
    CHECK(got == "ab");
    rest.remove_prefix(p.put(rest, stop_each).value());
    CHECK(p.done());
    CHECK(rest.empty());
}

TEST_CASE("http parser enforces the header and body limits", "[http_parser][limits]") {
    http_parser_limits small{1024, 100};
    const auto big_header = json_response("X-Big: " + std::string(2000, 'a') + "\r\nContent-Length: 2\r\n", "{}");
    auto e = parse_error(big_header, small);
    CHECK(e == errc::protocol_error);
    CHECK_THAT(e.message, Catch::Contains("header section is larger than the limit of 1024 bytes"));

    // A line that never ends is refused once it passes the limit, not buffered for ever.
    http_response_parser endless(small);
    const std::string part(100, 'x');
    polyllm::result<std::size_t> last = std::size_t{0};
    for (int i = 0; i < 20 && last; ++i) last = endless.put(part, [](std::string_view) {});
    CHECK_FALSE(last);

    // A Content-Length over the limit is refused before its body arrives.
    http_response_parser declared(small);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n";
    CHECK(declared.put(head, [](std::string_view) {}).value() == head.size());
    auto refused = declared.put("x", [](std::string_view) {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::protocol_error);
    CHECK_THAT(refused.error().message, Catch::Contains("body is larger than the limit of 100 bytes"));

    CHECK(parse_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n" + std::string(101, 'x') +
                          "\r\n0\r\n\r\n",
                      small) == errc::protocol_error);
    CHECK(parse_error("HTTP/1.0 200 OK\r\n\r\n" + std::string(101, 'x'), small) == errc::protocol_error);
    CHECK(parse_whole("HTTP/1.0 200 OK\r\n\r\n" + std::string(100, 'x'), small));

    // Without a body limit (a stream) any size passes.
    http_parser_limits unlimited{1024, std::nullopt};
    CHECK(parse_whole(json_response("Content-Length: 5000\r\n", std::string(5000, 'x')), unlimited));
}

TEST_CASE("http parser refuses ambiguous framing", "[http_parser][errors]") {
    CHECK_THAT(parse_error(json_response("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")).message,
               Catch::Contains("both Content-Length and Transfer-Encoding"));
    CHECK_THAT(parse_error(json_response("Content-Length: 2\r\nContent-Length: 3\r\n", "{}")).message,
               Catch::Contains("conflicting Content-Length"));
    CHECK_THAT(parse_error(json_response("Content-Length: 2, 3\r\n", "{}")).message,
               Catch::Contains("conflicting Content-Length"));
    CHECK(parse_whole(json_response("Content-Length: 2\r\nContent-Length: 2\r\n", "{}")).value().body == "{}");
    CHECK(parse_whole(json_response("Content-Length: 2, 2\r\n", "{}")).value().body == "{}");
    for (const char* bad : {"abc", "-1", "+2", "", "2 2", "99999999999999999999999"}) {
        INFO(bad);
        CHECK(parse_error(json_response("Content-Length: " + std::string(bad) + "\r\n", "{}")) == errc::protocol_error);
    }
    CHECK_THAT(parse_error(json_response("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n")).message,
               Catch::Contains("unsupported transfer coding \"gzip\""));
    CHECK(parse_error(json_response("Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n")) == errc::protocol_error);
    CHECK(parse_error("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == errc::protocol_error);
}

TEST_CASE("http parser refuses malformed chunks", "[http_parser][errors]") {
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    CHECK_THAT(parse_error(head + "10000000000000000\r\n").message, Catch::Contains("overflows"));
    CHECK_THAT(parse_error(head + "fffffffffffffffff\r\n").message, Catch::Contains("overflows"));
    CHECK(parse_error(head + "zz\r\n") == errc::protocol_error);
    CHECK(parse_error(head + "3 x\r\nabc\r\n0\r\n\r\n") == errc::protocol_error);
    CHECK_THAT(parse_error(head + "3\r\nabcd\r\n0\r\n\r\n").message, Catch::Contains("not followed by CRLF"));
    CHECK(parse_error(head + "3;\x01\r\nabc\r\n0\r\n\r\n") == errc::protocol_error);
}

TEST_CASE("http parser refuses malformed start lines and fields", "[http_parser][errors]") {
    CHECK_THAT(parse_error("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n").message, Catch::Contains("bare LF"));
    CHECK_THAT(parse_error("HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n").message, Catch::Contains("header name"));
    CHECK(parse_error(std::string("HTTP/1.1 200 OK\r\nX-A: a") + '\0' + "b\r\nContent-Length: 0\r\n\r\n") ==
          errc::protocol_error);
    CHECK(parse_error("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n") == errc::protocol_error);
    CHECK(parse_error("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n") == errc::protocol_error);
    CHECK(parse_error("HTTP/1.1 200 OK\r\n folded first\r\n\r\n") == errc::protocol_error);
    CHECK_THAT(parse_error("HTTP/2.0 200 OK\r\n\r\n").message, Catch::Contains("unsupported HTTP version"));
    CHECK(parse_error("ICY 200 OK\r\n\r\n") == errc::protocol_error);
    CHECK(parse_error("HTTP/1.1 20 OK\r\n\r\n") == errc::protocol_error);
    CHECK(parse_error("HTTP/1.1 2000 OK\r\n\r\n") == errc::protocol_error);
    CHECK(parse_error("<html>gateway error</html>") == errc::protocol_error);

    // Errors stick: nothing more is taken.
    http_response_parser p;
    CHECK(p.put("HTTP/9", [](std::string_view) {}));
    CHECK_FALSE(p.put(" 200 OK\r\n", [](std::string_view) {}));
    CHECK(p.failed());
    CHECK_FALSE(p.put("\r\n", [](std::string_view) {}));
}

TEST_CASE("http parser reports where the connection ended early", "[http_parser][eof]") {
    http_response_parser nothing;
    auto before = nothing.put_eof();
    REQUIRE_FALSE(before);
    CHECK(before.error() == errc::connection);
    CHECK_THAT(before.error().message, Catch::Contains("before response"));

    auto mid_header = parse_error("HTTP/1.1 200 OK\r\nContent-Le");
    CHECK(mid_header == errc::connection);
    CHECK_THAT(mid_header.message, Catch::Contains("headers"));

    auto mid_body = parse_error("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    CHECK(mid_body == errc::connection);
    CHECK_THAT(mid_body.message, Catch::Contains("after 3 of 10 body bytes"));

    CHECK(parse_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") == errc::connection);
}

TEST_CASE("http parser knows when the connection can be kept", "[http_parser]") {
    CHECK(parse_whole(json_response("Content-Length: 0\r\n", "")).value().keep_alive);
    CHECK_FALSE(parse_whole(json_response("Content-Length: 0\r\nConnection: close\r\n", "")).value().keep_alive);
    CHECK_FALSE(parse_whole(json_response("Content-Length: 0\r\nConnection: Upgrade, Close\r\n", "")).value().keep_alive);
    CHECK_FALSE(parse_whole("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").value().keep_alive);
    CHECK(parse_whole("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").value().keep_alive);
}

TEST_CASE("http parser reads requests for a server", "[http_parser][request]") {
    const std::string post =
        "POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}";
    for (std::size_t cut = 0; cut <= post.size(); ++cut) {
        http_request_parser p;
        std::string body;
        std::string_view rest = post;
        for (auto piece : {rest.substr(0, cut), rest.substr(cut)})
            while (!piece.empty()) piece.remove_prefix(p.put(piece, [&](std::string_view b) { body += b; }).value());
        REQUIRE(p.done());
        CHECK(p.method() == "POST");
        CHECK(p.target() == "/v1/chat/completions?x=1");
        CHECK(p.headers().value_or_empty("host") == "localhost");
        CHECK(body == "{}");
    }

    http_request_parser get;
    const std::string_view get_text = "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";  // a stray CRLF first is ignored
    CHECK(get.put(get_text, [](std::string_view) {}).value() == get_text.size());
    CHECK(get.done());  // no framing: no body

    http_request_parser chunked;
    std::string body;
    const std::string_view chunked_text = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    std::string_view rest = chunked_text;
    while (!rest.empty()) rest.remove_prefix(chunked.put(rest, [&](std::string_view b) { body += b; }).value());
    CHECK(body == "{}");

    auto refuse = [](std::string_view text) {
        http_request_parser p;
        return !p.put(text, [](std::string_view) {});
    };
    CHECK(refuse("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n"));  // obs-fold is for user agents only
    CHECK(refuse("GET /a b HTTP/1.1\r\n\r\n"));
    CHECK(refuse("G(T / HTTP/1.1\r\n\r\n"));
    CHECK(refuse("GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"));
}
