#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/loopback_server.hpp"
#include "support/transport_client.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::loopback_server;
using polyllm_test::reply;

TEST_CASE("asio_transport reuses a kept-alive connection", "[asio_transport][keep_alive]") {
    loopback_server server;
    for (int i = 0; i < 3; ++i) server.then_respond(200, "{\"n\":" + std::to_string(i) + "}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    for (int i = 0; i < 3; ++i) {
        auto r = polyllm_test::send(io, transport, polyllm_test::post_request(server.url("/v1/chat/completions")));
        REQUIRE(r);
        CHECK(r.value().body == "{\"n\":" + std::to_string(i) + "}");
        CHECK(transport.idle_connections() == 1);
    }
    CHECK(server.accepted() == 1);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[2].connection == 1);

    // Copies share the pool.
    server.then_respond(200, "{}");
    asio_transport copy = transport;
    CHECK(polyllm_test::send(io, copy, polyllm_test::get_request(server.url())));
    CHECK(server.accepted() == 1);
}

TEST_CASE("asio_transport does not keep a connection the response did not end cleanly", "[asio_transport][keep_alive]") {
    loopback_server server;
    server.then_respond(200, "{}", {{"Connection", "close"}});
    server.then(reply{}.send(polyllm_test::http_response_text(200, "{}") + "unexpected bytes"));
    server.then_respond(200, "{}", {{"Keep-Alive", "timeout=1"}});  // shorter than our one-second margin
    server.then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    for (int i = 0; i < 4; ++i) {
        INFO("request " << i);
        REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
        CHECK(transport.idle_connections() == (i == 3 ? 1u : 0u));
    }
    CHECK(server.accepted() == 4);
}

TEST_CASE("asio_transport can be told to keep nothing", "[asio_transport][keep_alive]") {
    loopback_server server;
    server.then_respond(200, "{}").then_respond(200, "{}");
    asio::io_context io;
    auto options = polyllm_test::test_transport_options();
    options.pool.max_idle_per_host = 0;
    asio_transport transport{io.get_executor(), options};
    REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    CHECK(server.accepted() == 2);
}

TEST_CASE("asio_transport bounds the idle connections per host", "[asio_transport][keep_alive]") {
    loopback_server server;
    for (int i = 0; i < 3; ++i) server.then(reply{}.pause(20ms).send(polyllm_test::http_response_text(200, "{}")));
    asio::io_context io;
    auto options = polyllm_test::test_transport_options();
    options.pool.max_idle_per_host = 2;
    asio_transport transport{io.get_executor(), options};
    int completed = 0;
    for (int i = 0; i < 3; ++i)  // in flight together: three connections
        transport.async_send(polyllm_test::get_request(server.url()), [&](result<http_response> r) {
            CHECK(r);
            ++completed;
        });
    io.run();
    CHECK(completed == 3);
    CHECK(server.accepted() == 3);
    CHECK(transport.idle_connections() == 2);
    transport.close_idle_connections();
    CHECK(transport.idle_connections() == 0);
}

TEST_CASE("asio_transport does not reuse an idle connection the server has closed", "[asio_transport][keep_alive]") {
    loopback_server server;
    server.then(reply::respond(200, "{}").pause(10ms).close());  // the server gives up on idle connections at once
    server.then_respond(200, "{\"second\":true}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    CHECK(transport.idle_connections() == 1);
    asio::steady_timer wait(io, 50ms);  // let the server's close arrive
    wait.async_wait([](std::error_code) {});
    io.restart();
    io.run();
    auto second = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE(second);
    CHECK(second.value().body == "{\"second\":true}");
    CHECK(server.accepted() == 2);
    CHECK(server.requests().size() == 2);
}

TEST_CASE("asio_transport does not send a POST again on its own once the server may have read it",
          "[asio_transport][keep_alive]") {
    for (bool reset : {false, true}) {
        INFO((reset ? "reset" : "close"));
        loopback_server server;
        server.then_respond(200, "{\"first\":true}");
        server.then(reset ? reply{}.pause(20ms).reset() : reply{}.pause(20ms).close());  // read whole, then closed
        server.then_respond(200, "{\"never asked for\":true}");
        asio::io_context io;
        asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
        REQUIRE(polyllm_test::send(io, transport, polyllm_test::post_request(server.url(), "{\"n\":1}")));
        auto second = polyllm_test::send(io, transport, polyllm_test::post_request(server.url(), "{\"n\":2}"));
        REQUIRE_FALSE(second);
        CHECK(second.error() == errc::connection);
        CHECK(second.error().request_sent);  // the caller's retry policy decides, knowing it may be billed
        CHECK_THAT(second.error().message, Catch::Contains("may have received"));
        CHECK(second.error().http_status == 0);
        CHECK(server.requests().size() == 2);
        CHECK(server.accepted() == 1);
    }
}

TEST_CASE("asio_transport sends an idempotent request again, once, when a reused connection fails before any "
          "response byte",
          "[asio_transport][keep_alive]") {
    for (bool reset : {false, true}) {
        INFO((reset ? "reset" : "close"));
        loopback_server server;
        server.then_respond(200, "{\"first\":true}");
        server.then(reset ? reply{}.reset() : reply{}.close());  // the race: closed just as the request arrived
        server.then_respond(200, "{\"second\":true}");
        asio::io_context io;
        std::vector<std::string> log;
        asio_transport transport{io.get_executor(), polyllm_test::test_transport_options(&log)};
        REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url("/a"))));
        auto second = polyllm_test::send(io, transport, polyllm_test::get_request(server.url("/b")));
        REQUIRE(second);
        CHECK(second.value().body == "{\"second\":true}");
        CHECK(server.accepted() == 2);
        const auto seen = server.requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[1].target == "/b");
        CHECK(seen[2].target == "/b");
        CHECK(seen[2].connection == 2);
        CHECK(log.size() == 1);
    }
}

TEST_CASE("asio_transport does not retry once response bytes arrived, nor on a new connection",
          "[asio_transport][keep_alive]") {
    loopback_server server;
    server.then_respond(200, "{}");
    server.then(reply{}.send("HTTP/1.1 200 OK\r\n").close());  // reused, but the response had begun
    server.then(reply{}.close());                               // a new connection: a real failure
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).error() == errc::connection);
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).error() == errc::connection);
    CHECK(server.requests().size() == 3);
    CHECK(server.accepted() == 2);
}
