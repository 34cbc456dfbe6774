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

namespace {

const std::vector<std::string> events = {
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n",
    "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n",
    "data: [DONE]\n\n",
};

std::string joined_events() {
    std::string out;
    for (const auto& e : events) out += e;
    return out;
}

}  // namespace

TEST_CASE("asio_transport streams a chunked body piece by piece as it arrives", "[asio_transport][stream]") {
    loopback_server server;
    reply paced;
    paced.send(polyllm_test::response_head(200, {{"Content-Type", "text/event-stream"}, {"Transfer-Encoding", "chunked"}}));
    for (const auto& e : events) paced.send(polyllm_test::chunk(e)).pause(5ms);
    paced.send("0\r\n\r\n");
    server.then(std::move(paced));
    server.then(reply{}.send(fixture("http/response-sse-chunked.http")));
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};

    auto out = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()));
    REQUIRE(*out.response);
    CHECK(out.response->value().status == 200);
    CHECK(out.response->value().headers.value_or_empty("content-type") == "text/event-stream");
    CHECK(out.response->value().body.empty());  // the body went to on_data
    CHECK(out.joined() == joined_events());
    CHECK(transport.idle_connections() == 1);  // read to its end: kept

    auto fixture_stream = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()));
    REQUIRE(*fixture_stream.response);
    CHECK_THAT(fixture_stream.joined(), Catch::EndsWith("data: [DONE]\n\n"));
    CHECK(server.accepted() == 1);
}

TEST_CASE("asio_transport hands over each piece before the rest of the body exists", "[asio_transport][stream]") {
    // The server sends one event and then nothing: a transport that waited for more would never get here.
    loopback_server server;
    server.then(reply{}
                    .send(polyllm_test::response_head(200, {{"Transfer-Encoding", "chunked"}}) +
                          polyllm_test::chunk(events[0]))
                    .hang());
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto out = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()),
                                    [](const std::vector<std::string>&) { return false; });
    REQUIRE(*out.response);  // stopping is a success
    CHECK(out.response->value().status == 200);
    CHECK(out.joined() == events[0]);
    CHECK(transport.idle_connections() == 0);  // unread bytes may follow: the connection is closed
}

TEST_CASE("asio_transport stops reading when on_data returns false", "[asio_transport][stream]") {
    loopback_server server;
    reply r;
    r.send(polyllm_test::response_head(200, {{"Transfer-Encoding", "chunked"}}));
    for (int i = 0; i < 10; ++i) r.send("1\r\n" + std::to_string(i) + "\r\n").pause(2ms);
    server.then(r.send("0\r\n\r\n")).then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto out = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()),
                                    [](const std::vector<std::string>& pieces) { return pieces.size() < 3; });
    REQUIRE(*out.response);
    CHECK(out.pieces.size() == 3);
    CHECK(out.joined() == "012");
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));  // on a new connection
    CHECK(server.accepted() == 2);
}

TEST_CASE("asio_transport reads a non-2xx stream response whole", "[asio_transport][stream]") {
    loopback_server server;
    server.then(reply{}.send(fixture("http/response-error-429.http")));
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto out = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()));
    REQUIRE(*out.response);
    CHECK(out.pieces.empty());
    CHECK(out.response->value().status == 429);
    CHECK(out.response->value().body == fixture("openai/error-rate-limit.json"));
    CHECK(out.response->value().headers.value_or_empty("retry-after-ms") == "1420");
}

TEST_CASE("asio_transport streams bodies framed by length or by the connection", "[asio_transport][stream]") {
    loopback_server server;
    server.then(reply{}.send(polyllm_test::http_response_text(200, joined_events())));
    server.then(reply{}.send("HTTP/1.0 200 OK\r\n\r\n" + joined_events()).close());
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    for (int i = 0; i < 2; ++i) {
        auto out = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()));
        REQUIRE(*out.response);
        CHECK(out.joined() == joined_events());
    }
}

TEST_CASE("asio_transport reports an error after streamed data as that error", "[asio_transport][stream]") {
    loopback_server server;
    server.then(reply{}
                    .send(polyllm_test::response_head(200, {{"Transfer-Encoding", "chunked"}}) +
                          polyllm_test::chunk(events[0]))
                    .pause(5ms)
                    .reset());
    server.then(reply{}
                    .send(polyllm_test::response_head(200, {{"Transfer-Encoding", "chunked"}}) +
                          polyllm_test::chunk(events[0]))
                    .close());
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    for (int i = 0; i < 2; ++i) {
        auto out = polyllm_test::stream(io, transport, polyllm_test::post_request(server.url()));
        CHECK(out.joined() == events[0]);
        REQUIRE_FALSE(*out.response);
        CHECK(out.response->error() == errc::connection);
    }
}
