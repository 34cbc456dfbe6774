#include <polyllm/polyllm.hpp>
#include <polyllm/detail/http_serializer.hpp>

#include <catch2/catch.hpp>

#include <string>

using polyllm::errc;
using polyllm::http_request;
using polyllm::detail::parse_url;
using polyllm::detail::serialize_request;

TEST_CASE("serialize_request writes the request line, the transport's headers and the body", "[http_serializer]") {
    http_request req;
    req.url = "https://api.openai.com/v1/chat/completions?x=1";
    req.body = R"({"model":"gpt-4o"})";
    req.headers.add_sensitive("Authorization", "Bearer sk-1");
    req.headers.add("Host", "evil.example");           // framing and hop headers are the transport's
    req.headers.add("Transfer-Encoding", "chunked");
    const auto wire = serialize_request(req, parse_url(req.url).value()).value();
    CHECK(wire == std::string("POST /v1/chat/completions?x=1 HTTP/1.1\r\n"
                              "Host: api.openai.com\r\n"
                              "User-Agent: polyllm/") +
                      polyllm::version_string +
                      "\r\n"
                      "Accept: application/json\r\n"
                      "Accept-Encoding: identity\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: 18\r\n"
                      "Connection: keep-alive\r\n"
                      "Authorization: Bearer sk-1\r\n"
                      "\r\n"
                      R"({"model":"gpt-4o"})");
}

TEST_CASE("serialize_request frames bodies by method and lets the caller choose content headers", "[http_serializer]") {
    http_request get;
    get.method = "GET";
    get.url = "http://[::1]:8080/v1/models";
    const auto get_wire = serialize_request(get, parse_url(get.url).value()).value();
    CHECK_THAT(get_wire, Catch::StartsWith("GET /v1/models HTTP/1.1\r\nHost: [::1]:8080\r\n"));
    CHECK_THAT(get_wire, !Catch::Contains("Content-Length") && !Catch::Contains("Content-Type"));

    http_request empty_post;
    empty_post.url = "http://localhost:11434/api/pull";
    CHECK_THAT(serialize_request(empty_post, parse_url(empty_post.url).value()).value(),
               Catch::Contains("Content-Length: 0\r\n") && !Catch::Contains("Content-Type"));

    http_request custom;
    custom.url = "https://api.anthropic.com/v1/messages";
    custom.stream = true;
    custom.body = "{}";
    custom.headers.add("user-agent", "my-agent/2");
    custom.headers.add("content-type", "application/json; charset=utf-8");
    const auto custom_wire = serialize_request(custom, parse_url(custom.url).value()).value();
    CHECK_THAT(custom_wire, Catch::Contains("Accept: text/event-stream\r\n"));
    CHECK_THAT(custom_wire, Catch::Contains("user-agent: my-agent/2\r\n") && !Catch::Contains("polyllm/"));
    CHECK_THAT(custom_wire, Catch::Contains("content-type: application/json; charset=utf-8\r\n") &&
                                !Catch::Contains("Content-Type: application/json\r\n"));
}

TEST_CASE("serialize_request refuses what could end a line early", "[http_serializer][security]") {
    const auto target = parse_url("https://api.openai.com/v1").value();
    auto refused = [&](http_request req) {
        auto wire = serialize_request(req, target);
        return !wire && wire.error() == errc::invalid_config;
    };
    http_request tab_ok;
    tab_ok.headers.add("X-Tab", "a\tb");
    CHECK_FALSE(refused(tab_ok));
    for (const char* value : {"a\rb", "a\nb", "a\x7f", "a\x01"}) {
        http_request r;
        r.headers.add("X-Test", value);
        CHECK(refused(r));
    }
    http_request nul;
    nul.headers.add("X-Test", std::string("a\0b", 3));
    CHECK(refused(nul));
    for (const char* name : {"", "X Test", "X:Test", "X\r\nTest", "X-\xc3\xa9"}) {
        http_request r;
        r.headers.add(name, "1");
        CHECK(refused(r));
    }
    http_request method;
    method.method = "POST /x HTTP/1.1\r\nX:";
    CHECK(refused(method));
}
