#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/loopback_server.hpp"
#include "support/transport_client.hpp"
#include "support/unresponsive_listener.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <string>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::loopback_server;
using polyllm_test::reply;

namespace {

// Every phase generous except the one under test, so that the error can only come from it.
transport_options with_phase(std::optional<std::chrono::milliseconds> transport_timeouts::*phase,
                             std::chrono::milliseconds limit) {
    auto options = polyllm_test::test_transport_options();
    options.timeouts.connect = options.timeouts.tls_handshake = options.timeouts.response_headers =
        options.timeouts.body_idle = 20s;
    options.timeouts.*phase = limit;
    return options;
}

error expect_timeout(result<http_response> r) {
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::timeout);
    return r.error();
}

}  // namespace

TEST_CASE("asio_transport times out a connect that gets no answer", "[asio_transport][timeout]") {
    polyllm_test::unresponsive_listener listener;
    asio::io_context io;
    asio_transport transport{io.get_executor(), with_phase(&transport_timeouts::connect, 50ms)};
    auto e = expect_timeout(polyllm_test::send(io, transport, polyllm_test::get_request(listener.url())));
    CHECK_THAT(e.message, Catch::StartsWith("connect timeout") && Catch::Contains("50 ms") &&
                              Catch::Contains("127.0.0.1:" + std::to_string(listener.port())));
}

TEST_CASE("asio_transport times out a TLS handshake the server never answers", "[asio_transport][timeout][tls]") {
    loopback_server server;  // plain TCP that accepts and says nothing
    server.on_accept(reply{}.hang());
    asio::io_context io;
    asio_transport transport{io.get_executor(), with_phase(&transport_timeouts::tls_handshake, 50ms)};
    auto url = server.url();
    url.replace(0, 4, "https");
    auto e = expect_timeout(polyllm_test::send(io, transport, polyllm_test::get_request(url)));
    CHECK_THAT(e.message, Catch::StartsWith("TLS handshake timeout"));
}

TEST_CASE("asio_transport times out waiting for the response headers", "[asio_transport][timeout]") {
    loopback_server server;
    server.then(reply{}.hang());
    server.then(reply{}.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n").hang());  // half a header section
    asio::io_context io;
    asio_transport transport{io.get_executor(), with_phase(&transport_timeouts::response_headers, 50ms)};
    for (int i = 0; i < 2; ++i) {
        auto e = expect_timeout(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
        CHECK_THAT(e.message, Catch::StartsWith("response headers timeout") && Catch::Contains("50 ms"));
    }
}

TEST_CASE("asio_transport times out a body that stops arriving, streamed or not", "[asio_transport][timeout]") {
    loopback_server server;
    // Bytes keep coming for a while (each gap well under the limit), then stop.
    auto trickle = [] {
        reply r;
        r.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 4; ++i) r.send("2\r\nab\r\n").pause(10ms);
        return r.hang();
    };
    server.then(trickle()).then(trickle());
    asio::io_context io;
    asio_transport transport{io.get_executor(), with_phase(&transport_timeouts::body_idle, 80ms)};
    auto e = expect_timeout(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    CHECK_THAT(e.message, Catch::StartsWith("body idle timeout") && Catch::Contains("after 8 body bytes"));

    auto streamed = polyllm_test::stream(io, transport, polyllm_test::get_request(server.url()));
    CHECK(streamed.joined() == "abababab");  // delivered before the error
    CHECK_THAT(expect_timeout(std::move(*streamed.response)).message, Catch::StartsWith("body idle timeout"));
}

TEST_CASE("asio_transport enforces the total limit, and a request's own limit over it", "[asio_transport][timeout]") {
    loopback_server server;
    auto trickle = [] {  // never idle for long, never done
        reply r;
        r.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 100; ++i) r.send("1\r\na\r\n").pause(5ms);
        return r;
    };
    server.then(trickle()).then(reply{}.hang());
    asio::io_context io;
    auto options = with_phase(&transport_timeouts::body_idle, 5s);
    options.timeouts.total = 60ms;
    asio_transport transport{io.get_executor(), options};
    auto e = expect_timeout(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    CHECK_THAT(e.message, Catch::StartsWith("total timeout") && Catch::Contains("60 ms") &&
                              Catch::Contains("reading the response body"));

    asio_transport patient{io.get_executor(), with_phase(&transport_timeouts::response_headers, 20s)};
    auto request = polyllm_test::get_request(server.url());
    request.timeout = 40ms;  // llm_config::timeout arrives this way
    auto own = expect_timeout(polyllm_test::send(io, patient, request));
    CHECK_THAT(own.message, Catch::StartsWith("total timeout") && Catch::Contains("40 ms"));
}
