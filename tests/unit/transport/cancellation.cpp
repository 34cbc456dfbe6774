#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/loopback_server.hpp"
#include "support/transport_client.hpp"
#include "support/unresponsive_listener.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <system_error>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::loopback_server;
using polyllm_test::reply;

namespace {

// Emits `type` on `signal` after `delay`, and fails the test if the operation has not completed within a safety
// margin: "promptly" means well before the 20 s limit the test options would otherwise hit.
struct canceller {
    explicit canceller(asio::io_context& context) : io(context) {}

    asio::io_context& io;
    asio::cancellation_signal signal;
    asio::steady_timer trigger{io};
    asio::steady_timer safety{io};
    bool done = false;

    void arm(std::chrono::milliseconds delay, asio::cancellation_type type = asio::cancellation_type::terminal) {
        trigger.expires_after(delay);
        trigger.async_wait([this, type](std::error_code ec) {
            if (!ec && !done) signal.emit(type);
        });
        safety.expires_after(5s);
        safety.async_wait([this](std::error_code ec) {
            if (!ec && !done) FAIL("the cancelled operation did not complete");
        });
    }
    void finished() {
        done = true;
        trigger.cancel();
        safety.cancel();
    }
};

}  // namespace

TEST_CASE("asio_transport cancels a request waiting for its response", "[asio_transport][cancel]") {
    for (auto type : {asio::cancellation_type::terminal, asio::cancellation_type::partial}) {
        loopback_server server;
        server.then(reply{}.hang());
        asio::io_context io;
        asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
        canceller c{io};
        std::optional<result<http_response>> out;
        transport.async_send(polyllm_test::get_request(server.url()),
                             asio::bind_cancellation_slot(c.signal.slot(), [&](result<http_response> r) {
                                 c.finished();
                                 out.emplace(std::move(r));
                             }));
        c.arm(20ms, type);
        io.run();
        REQUIRE(out);
        REQUIRE_FALSE(*out);
        CHECK(out->error() == errc::cancelled);
        CHECK(transport.idle_connections() == 0);
    }
}

TEST_CASE("asio_transport cancels a connect in progress", "[asio_transport][cancel]") {
    polyllm_test::unresponsive_listener listener;
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    canceller c{io};
    std::optional<result<http_response>> out;
    transport.async_send(polyllm_test::get_request(listener.url()),
                         asio::bind_cancellation_slot(c.signal.slot(), [&](result<http_response> r) {
                             c.finished();
                             out.emplace(std::move(r));
                         }));
    c.arm(20ms);
    io.run();
    REQUIRE(out);
    CHECK(out->error() == errc::cancelled);
}

TEST_CASE("asio_transport ignores a cancellation that arrives after completion", "[asio_transport][cancel]") {
    loopback_server server;
    server.then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    asio::cancellation_signal signal;
    std::optional<result<http_response>> out;
    transport.async_send(polyllm_test::get_request(server.url()),
                         asio::bind_cancellation_slot(signal.slot(), [&](result<http_response> r) { out.emplace(std::move(r)); }));
    io.run();
    signal.emit(asio::cancellation_type::terminal);  // the slot was cleared: nothing happens
    REQUIRE(out);
    CHECK(*out);
    CHECK(transport.idle_connections() == 1);
}

TEST_CASE("asio_transport cancels a wait", "[asio_transport][cancel]") {
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    canceller c{io};
    std::optional<std::error_code> out;
    transport.async_wait(10s, asio::bind_cancellation_slot(c.signal.slot(), [&](std::error_code ec) {
                             c.finished();
                             out = ec;
                         }));
    c.arm(10ms, asio::cancellation_type::partial);
    io.run();
    REQUIRE(out);
    CHECK(*out == asio::error::operation_aborted);

    std::optional<std::error_code> short_wait;
    transport.async_wait(1ms, [&](std::error_code ec) { short_wait = ec; });
    CHECK_FALSE(short_wait);  // never inside the initiating call
    io.restart();
    io.run();
    REQUIRE(short_wait);
    CHECK_FALSE(*short_wait);
}

TEST_CASE("asio_transport cancels a stream, from outside or from its data handler", "[asio_transport][cancel]") {
    loopback_server server;
    auto endless = [] {
        return reply{}.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n").hang();
    };
    server.then(endless()).then(endless());
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};

    canceller c{io};
    std::string received;
    std::optional<result<http_response>> out;
    transport.async_stream(
        polyllm_test::get_request(server.url()),
        [&](std::string_view piece) {
            received += piece;
            c.arm(5ms);
            return true;
        },
        asio::bind_cancellation_slot(c.signal.slot(), [&](result<http_response> r) {
            c.finished();
            out.emplace(std::move(r));
        }));
    io.run();
    REQUIRE(out);
    CHECK(out->error() == errc::cancelled);
    CHECK(received == "first");

    asio::cancellation_signal inside;
    std::optional<result<http_response>> second;
    transport.async_stream(
        polyllm_test::get_request(server.url()),
        [&](std::string_view) {
            inside.emit(asio::cancellation_type::terminal);
            return true;
        },
        asio::bind_cancellation_slot(inside.slot(), [&](result<http_response> r) { second.emplace(std::move(r)); }));
    io.restart();
    io.run();
    REQUIRE(second);
    CHECK(second->error() == errc::cancelled);
    CHECK(transport.idle_connections() == 0);
}

TEST_CASE("asio_transport completes through the handler's executor, never inside the initiating call",
          "[asio_transport]") {
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    std::optional<result<http_response>> out;
    transport.async_send(polyllm_test::get_request("not a url"), [&](result<http_response> r) { out.emplace(std::move(r)); });
    CHECK_FALSE(out);
    io.run();
    REQUIRE(out);
    CHECK(out->error() == errc::invalid_config);
}
