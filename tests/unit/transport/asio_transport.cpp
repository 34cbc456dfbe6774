#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"
#include "support/transport_client.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::loopback_server;
using polyllm_test::reply;

static_assert(StreamingTransport<asio_transport>);

TEST_CASE("asio_transport sends a request with the headers a provider expects", "[asio_transport]") {
    loopback_server server;
    server.then_respond(200, fixture("openai/response-text.json"),
                        {{"Content-Type", "application/json"}, {"x-request-id", "req_1"}});
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};

    auto request = polyllm_test::post_request(server.url("/v1/chat/completions?api-version=1"), R"({"model":"gpt-4o"})");
    request.headers.add_sensitive("Authorization", "Bearer sk-test");
    request.headers.add("Content-Length", "999");  // the transport frames the body itself
    auto response = polyllm_test::send(io, transport, request);
    REQUIRE(response);
    CHECK(response.value().status == 200);
    CHECK(response.value().reason == "OK");
    CHECK(response.value().headers.value_or_empty("X-Request-Id") == "req_1");
    CHECK(response.value().body == fixture("openai/response-text.json"));

    const auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == "/v1/chat/completions?api-version=1");
    CHECK(seen[0].body == R"({"model":"gpt-4o"})");
    const auto& h = seen[0].headers;
    CHECK(h.value_or_empty("host") == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(h.value_or_empty("user-agent") == std::string("polyllm/") + version_string);
    CHECK(h.value_or_empty("accept") == "application/json");
    CHECK(h.value_or_empty("content-type") == "application/json");
    CHECK(h.value_or_empty("content-length") == "18");
    CHECK(h.value_or_empty("connection") == "keep-alive");
    CHECK(h.value_or_empty("authorization") == "Bearer sk-test");
}

TEST_CASE("asio_transport asks for an event stream when streaming and keeps a caller's Accept", "[asio_transport]") {
    loopback_server server;
    server.then_respond(200, "data: [DONE]\n\n").then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    CHECK(polyllm_test::stream(io, transport, polyllm_test::post_request(server.url())).response->has_value());
    auto ndjson = polyllm_test::post_request(server.url());
    ndjson.headers.add("Accept", "application/x-ndjson");
    CHECK(polyllm_test::send(io, transport, ndjson));
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].headers.value_or_empty("accept") == "text/event-stream");
    CHECK(seen[1].headers.value_or_empty("accept") == "application/x-ndjson");
}

TEST_CASE("asio_transport refuses header injection before anything is sent", "[asio_transport][security]") {
    loopback_server server;
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};

    auto with_header = [&](std::string name, std::string value, bool sensitive) {
        auto r = polyllm_test::post_request(server.url());
        if (sensitive) r.headers.add_sensitive(std::move(name), std::move(value));
        else r.headers.add(std::move(name), std::move(value));
        return polyllm_test::send(io, transport, r);
    };
    auto key_with_newline = with_header("Authorization", "Bearer sk-secret-key\n", true);
    REQUIRE_FALSE(key_with_newline);
    CHECK(key_with_newline.error() == errc::invalid_config);
    CHECK_THAT(key_with_newline.error().message, Catch::Contains("Authorization") && Catch::Contains("injection"));
    CHECK_THAT(key_with_newline.error().message, !Catch::Contains("sk-secret-key"));

    CHECK(with_header("X-Test", "a\r\nX-Injected: 1", false).error() == errc::invalid_config);
    CHECK(with_header("X-Test", std::string("a\0b", 3), false).error() == errc::invalid_config);
    CHECK(with_header("X-Test\r\nX-Injected", "1", false).error() == errc::invalid_config);
    CHECK(with_header("X Test", "1", false).error() == errc::invalid_config);
    CHECK(with_header("", "1", false).error() == errc::invalid_config);

    auto bad_url = polyllm_test::send(io, transport, polyllm_test::get_request(server.url("/v1\r\nX-Injected: 1")));
    REQUIRE_FALSE(bad_url);
    CHECK(bad_url.error() == errc::invalid_config);
    auto bad_method = polyllm_test::get_request(server.url());
    bad_method.method = "GET / HTTP/1.1\r\n";
    CHECK(polyllm_test::send(io, transport, bad_method).error() == errc::invalid_config);

    CHECK(server.accepted() == 0);
}

TEST_CASE("asio_transport reports malformed URLs without their credentials", "[asio_transport]") {
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request("ftp://user:hunter2@example.com/x"));
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::invalid_config);
    CHECK_THAT(r.error().message, Catch::Contains("ftp://example.com/x") && !Catch::Contains("hunter2"));
}

TEST_CASE("asio_transport names host and port when it cannot connect", "[asio_transport][errors]") {
    std::uint16_t closed_port = 0;
    {
        loopback_server gone;
        closed_port = gone.port();
    }
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto r = polyllm_test::send(io, transport,
                                polyllm_test::get_request("http://127.0.0.1:" + std::to_string(closed_port) + "/?key=secret"));
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::connection);
    CHECK_THAT(r.error().message, Catch::Contains("127.0.0.1:" + std::to_string(closed_port)));
    CHECK_THAT(r.error().message, Catch::Contains("refused"));
    CHECK_THAT(r.error().message, !Catch::Contains("secret"));
}

TEST_CASE("asio_transport reads chunked responses with extensions and trailers", "[asio_transport]") {
    loopback_server server;
    const auto text = fixture("http/response-chunked.http");
    server.then(reply{}.send(text));
    // The same bytes again, in pieces that cut the chunk-size lines, the CRLFs and the trailers.
    reply pieces;
    for (std::size_t start = 0, step = 7; start < text.size(); start += step, step = step * 3 % 61 + 1)
        pieces.send(text.substr(start, step)).pause(1ms);
    server.then(std::move(pieces));
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    for (int i = 0; i < 2; ++i) {
        auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
        REQUIRE(r);
        CHECK(r.value().body == fixture("openai/response-text.json"));
        CHECK_FALSE(r.value().headers.contains("x-checksum"));  // trailers are not headers
    }
    CHECK(server.accepted() == 1);
}

TEST_CASE("asio_transport reads every fixture sent whole, split and byte by byte", "[asio_transport][split]") {
    const std::vector<std::string> names = {"http/response-json.http", "http/response-sse-chunked.http",
                                            "http/response-error-429.http", "http/response-early-hints.http"};
    for (const auto& name : names) {
        INFO(name);
        const auto text = fixture(name);
        polyllm::detail::http_response_parser reference;
        std::string expected_body;
        std::string_view rest = text;
        while (!reference.done()) rest.remove_prefix(reference.put(rest, [&](std::string_view b) { expected_body += b; }).value());

        loopback_server server;
        reply byte_by_byte;
        for (char c : text) byte_by_byte.send(std::string(1, c));
        server.then(reply{}.send(text))
            .then(reply{}.send(text.substr(0, text.size() / 2)).pause(2ms).send(text.substr(text.size() / 2)))
            .then(std::move(byte_by_byte));
        asio::io_context io;
        asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
        for (int i = 0; i < 3; ++i) {
            auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
            REQUIRE(r);
            CHECK(r.value().status == reference.status());
            CHECK(r.value().headers == reference.headers());
            CHECK(r.value().body == expected_body);
        }
        CHECK(server.accepted() == 1);
    }
}

TEST_CASE("asio_transport reads a body that ends with the connection", "[asio_transport]") {
    loopback_server server;
    server.then(reply{}.send(fixture("http/response-until-close.http")).close());
    server.then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE(r);
    CHECK(r.value().body == fixture("openai/response-text.json"));
    CHECK(transport.idle_connections() == 0);
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    CHECK(server.accepted() == 2);
}

TEST_CASE("asio_transport reports resets and early closes as connection errors", "[asio_transport][errors]") {
    loopback_server server;
    server.then(reply{}.reset());
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789").pause(5ms).reset());
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789").close());
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nContent-Le").close());
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};

    auto before_headers = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(before_headers);
    CHECK(before_headers.error() == errc::connection);
    CHECK_THAT(before_headers.error().message, Catch::Contains("before the response headers"));

    auto mid_body = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(mid_body);
    CHECK(mid_body.error() == errc::connection);
    CHECK_THAT(mid_body.error().message, Catch::Contains("after 10 body bytes"));

    auto closed_mid_body = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(closed_mid_body);
    CHECK(closed_mid_body.error() == errc::connection);
    CHECK_THAT(closed_mid_body.error().message, Catch::Contains("after 10 of 100 body bytes"));

    auto mid_headers = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(mid_headers);
    CHECK(mid_headers.error() == errc::connection);
    CHECK(server.requests().size() == 4);  // fresh connections each time: nothing was retried
}

TEST_CASE("asio_transport reports malformed HTTP as a protocol error", "[asio_transport][errors]") {
    loopback_server server;
    server.then(reply{}.send("<html><body>502 Bad Gateway</body></html>").close());
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"));
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    for (int i = 0; i < 2; ++i) {
        auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::protocol_error);
        CHECK_THAT(r.error().message, Catch::Contains("127.0.0.1:" + std::to_string(server.port())));
    }
}

TEST_CASE("asio_transport enforces its header and body limits", "[asio_transport][limits]") {
    loopback_server server;
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nX-Big: " + std::string(2000, 'a') + "\r\nContent-Length: 0\r\n\r\n"));
    server.then_respond(200, std::string(101, 'x'));
    server.then_respond(200, std::string(100, 'x'));
    server.then_respond(200, std::string(500, 'x'));  // streamed: no body limit
    server.then_respond(500, std::string(101, 'x'));  // an error read whole while streaming: limited
    asio::io_context io;
    auto options = polyllm_test::test_transport_options();
    options.limits.header_bytes = 1024;
    options.limits.body_bytes = 100;
    asio_transport transport{io.get_executor(), options};

    auto headers = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(headers);
    CHECK(headers.error() == errc::protocol_error);
    CHECK_THAT(headers.error().message, Catch::Contains("1024 bytes"));

    auto body = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(body);
    CHECK(body.error() == errc::protocol_error);
    CHECK_THAT(body.error().message, Catch::Contains("limit of 100 bytes"));

    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).value().body.size() == 100);
    CHECK(polyllm_test::stream(io, transport, polyllm_test::get_request(server.url())).joined().size() == 500);
    auto streamed_error = polyllm_test::stream(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(*streamed_error.response);
    CHECK(streamed_error.response->error() == errc::protocol_error);
}

TEST_CASE("asio_transport returns redirects instead of following them", "[asio_transport]") {
    loopback_server server;
    server.then(reply{}.send(fixture("http/response-redirect.http")));
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE(r);
    CHECK(r.value().status == 301);
    CHECK(r.value().headers.value_or_empty("location") == "https://api.example.com/v2/chat/completions");
    CHECK(server.requests().size() == 1);
}

TEST_CASE("asio_transport reads no body after HEAD and keeps the connection", "[asio_transport]") {
    loopback_server server;
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")).then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto head = polyllm_test::get_request(server.url());
    head.method = "HEAD";
    auto r = polyllm_test::send(io, transport, head);
    REQUIRE(r);
    CHECK(r.value().body.empty());
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).value().body == "{}");
    CHECK(server.accepted() == 1);
}
