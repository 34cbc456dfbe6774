// The timeouts layer alone: `request_deadline` and `timed_stream` around the in-memory stream, under the exchange,
// with no socket. A phase's deadline stops the exchange and names the phase; bytes that arrive after a stop are not
// acted on; each read moves the body's idle deadline.

#include <polyllm/detail/timed_stream.hpp>

#include <catch2/catch.hpp>

#include "support/memory_stream.hpp"

#include <polyllm/detail/http_exchange.hpp>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::memory_stream;

namespace {

const std::string request_wire = "GET /v1/models HTTP/1.1\r\nHost: api.example\r\n\r\n";

struct timed_run {
    std::optional<result<http_response>> outcome;
    std::optional<error> timeout;
    std::string streamed;
    bool closed = false;
};

// Runs one exchange over a timed_stream whose deadline closes the stream when it passes, as transport_request does.
timed_run run_timed(const transport_timeouts& timeouts, std::vector<std::string> pieces, bool stop_first = false) {
    asio::io_context io;
    memory_stream stream(io.get_executor());
    stream.deliver(std::move(pieces));
    stream.hang_at_end();
    timed_run run;
    auto owner = std::make_shared<int>(0);
    detail::request_deadline deadline(io.get_executor(), timeouts, std::nullopt);
    detail::http_exchange::data_handler on_data = [&](std::string_view piece) {
        run.streamed += piece;
        return true;
    };
    detail::http_exchange exchange(detail::exchange_request{request_wire, "GET", "api.example:443", {}}, &on_data,
                                   [&] { deadline.enter(detail::request_phase::body); });
    deadline.start(owner, [&] {
        run.timeout = deadline.timeout_error(
            {"api.example:443", "api.example:443", exchange.writing(), exchange.body_bytes()});
        detail::close_stream(stream);
    });
    deadline.enter(detail::request_phase::response_headers);
    std::vector<char> buffer(1024);
    detail::async_exchange(detail::timed_stream<memory_stream>(stream, deadline), buffer, exchange, [&] {
        deadline.stop();
        run.outcome = exchange.take_result();
    });
    if (stop_first) deadline.stop();  // a cancellation before any completion ran
    io.run();
    run.closed = stream.closed();
    return run;
}

}  // namespace

TEST_CASE("timed_stream: no response headers in time is the response headers timeout, and the exchange ends") {
    transport_timeouts timeouts;
    timeouts.response_headers = 30ms;
    const auto run = run_timed(timeouts, {"HTTP/1.1 200 OK\r\nContent-"});
    REQUIRE(run.outcome);
    CHECK_FALSE(*run.outcome);
    REQUIRE(run.timeout);
    CHECK(run.timeout->kind() == errc::timeout);
    CHECK(run.timeout->message ==
          "response headers timeout: api.example:443 sent no complete response headers within 30 ms of the request");
    CHECK(run.closed);
}

TEST_CASE("timed_stream: a body that stops flowing is the body idle timeout, counted from the last read") {
    transport_timeouts timeouts;
    timeouts.body_idle = 30ms;
    const auto run = run_timed(timeouts, {"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                          "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"});
    REQUIRE(run.timeout);
    CHECK(run.timeout->message ==
          "body idle timeout: api.example:443 sent no body bytes for 30 ms (after 5 body bytes)");
    CHECK(run.streamed == "hello");
    REQUIRE(run.outcome);
    CHECK_FALSE(*run.outcome);
}

TEST_CASE("timed_stream: the total limit wins over a longer phase limit and says so") {
    transport_timeouts timeouts;
    timeouts.response_headers = std::chrono::minutes(1);
    timeouts.total = 30ms;
    const auto run = run_timed(timeouts, {});
    REQUIRE(run.timeout);
    CHECK(run.timeout->message == "total timeout: the request took longer than 30 ms (while waiting for the response "
                                  "headers from api.example:443)");
}

TEST_CASE("timed_stream: bytes that arrive after a stop are not acted on") {
    transport_timeouts timeouts;
    const auto run = run_timed(timeouts,
                               {"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 5\r\n\r\nhello"},
                               /*stop_first=*/true);
    REQUIRE(run.outcome);
    CHECK_FALSE(*run.outcome);  // the read brought the whole response, but it completed after the stop
    CHECK(run.streamed.empty());
    CHECK_FALSE(run.timeout);
}

TEST_CASE("timed_stream: a response in time is untouched by the layer") {
    transport_timeouts timeouts;
    timeouts.response_headers = 5s;
    const auto run = run_timed(timeouts, {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"});
    REQUIRE(run.outcome);
    REQUIRE(*run.outcome);
    CHECK(run.streamed == "ok");  // a 2xx body goes to the consumer
    CHECK_FALSE(run.timeout);
}
