// Fault injection: basic_llm<openai> over the real transport against a scripted hostile server, one test per row of
// docs/reliability.md. Retry waits run on a virtual clock (the transport owns waiting): the test sees each wait the
// policy asked for without spending it.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"
#include "support/unresponsive_listener.hpp"
#include "support/virtual_wait_transport.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::chunk;
using polyllm_test::fixture;
using polyllm_test::loopback_server;
using polyllm_test::reply;
using polyllm_test::response_head;

namespace {

using polyllm_test::virtual_wait_transport;

constexpr std::string_view api_key = "sk-fault-injection-key-0123456789";

transport_options fast_options() {
    transport_options options;
    options.proxy.use_environment = false;
    options.logger = [](log_level, std::string_view) {};
    options.timeouts.total = 20s;
    return options;
}

void check_no_key(const error& e) {
    CHECK(e.to_string().find(api_key) == std::string::npos);
    CHECK(e.message.find(api_key) == std::string::npos);
    CHECK(e.type.find(api_key) == std::string::npos);
    CHECK(llm_error(e).what() == e.to_string());
}

// Every scenario is also a sweep for the key: in no error, exception text or log line, whatever went wrong.
struct harness {
    asio::io_context io;
    loopback_server server;
    llm_config config;
    transport_options options = fast_options();
    std::shared_ptr<std::vector<std::chrono::milliseconds>> waits;
    std::shared_ptr<std::vector<std::string>> log = std::make_shared<std::vector<std::string>>();

    ~harness() {
        for (const auto& line : *log) CHECK(line.find(api_key) == std::string::npos);
    }

    harness() {
        config.model = "openai/gpt-4o";
        config.api_key = std::string(api_key);
        config.base_url = server.url("/v1");
        config.num_retries = 4;
    }

    basic_llm<openai, virtual_wait_transport> make() {
        options.logger = [log = log](log_level level, std::string_view line) {
            log->push_back(std::string(to_string(level)) + ": " + std::string(line));
        };
        virtual_wait_transport transport{asio_transport(io.get_executor(), options)};
        waits = transport.waits;
        return basic_llm<openai, virtual_wait_transport>(std::move(transport), config);
    }

    result<completion> complete() {
        auto llm = make();
        std::optional<result<completion>> out;
        request req;
        req.messages = {message::user("Hello!")};
        llm.async_complete(req, [&](result<completion> r) { out.emplace(std::move(r)); });
        io.run();
        REQUIRE(out);
        if (!*out) check_no_key(out->error());
        return std::move(*out);
    }

    struct streamed {
        std::optional<result<completion>> outcome;
        std::vector<stream_event> events;
    };
    streamed stream() {
        auto llm = make();
        streamed out;
        request req;
        req.messages = {message::user("Hello!")};
        llm.async_stream(
            req, [&](const stream_event& e) { out.events.push_back(e); },
            [&](result<completion> r) { out.outcome.emplace(std::move(r)); });
        io.run();
        REQUIRE(out.outcome);
        if (!*out.outcome) check_no_key(out.outcome->error());
        return out;
    }

    [[nodiscard]] std::size_t requests() const { return server.requests().size(); }
};

polyllm_test::header_list json_headers(polyllm_test::header_list extra = {}) {
    extra.insert(extra.begin(), {"Content-Type", "application/json"});
    return extra;
}

const std::string ok_body = fixture("openai/response-text.json");

std::string sse_head() {
    return response_head(200, {{"Content-Type", "text/event-stream"}, {"Transfer-Encoding", "chunked"}});
}

std::vector<std::string> sse_events(std::string_view stream) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < stream.size();) {
        auto end = stream.find("\n\n", at);
        end = end == std::string_view::npos ? stream.size() : end + 2;
        out.emplace_back(stream.substr(at, end - at));
        at = end;
    }
    return out;
}

}  // namespace

// ------------------------------------------------------------------------------------------------ rate limits

TEST_CASE("faults: 429 with retry-after-ms is retried after exactly that wait", "[reliability][faults][retry]") {
    harness h;
    h.server.then_respond(429, fixture("openai/error-rate-limit.json"), json_headers({{"retry-after-ms", "1420"}}));
    h.server.then_respond(200, ok_body, json_headers());
    REQUIRE(h.complete());
    CHECK(h.requests() == 2);
    CHECK(*h.waits == std::vector<std::chrono::milliseconds>{1420ms});
}

TEST_CASE("faults: 429 with retry-after in seconds is retried after that wait", "[reliability][faults][retry]") {
    harness h;
    h.server.then_respond(429, fixture("openai/error-rate-limit.json"), json_headers({{"retry-after", "3"}}));
    h.server.then_respond(200, ok_body, json_headers());
    REQUIRE(h.complete());
    CHECK(*h.waits == std::vector<std::chrono::milliseconds>{3000ms});
}

TEST_CASE("faults: 429 with retry-after as an HTTP date waits until then by the server's clock",
          "[reliability][faults][retry]") {
    harness h;
    h.server.then_respond(429, fixture("openai/error-rate-limit.json"),
                          json_headers({{"Date", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                        {"retry-after", "Wed, 21 Oct 2015 07:28:04 GMT"}}));
    h.server.then_respond(200, ok_body, json_headers());
    REQUIRE(h.complete());
    CHECK(*h.waits == std::vector<std::chrono::milliseconds>{4000ms});
}

TEST_CASE("faults: 429 asking for longer than the cap gives up at once with the hint", "[reliability][faults][retry]") {
    harness h;
    h.server.then_respond(429, fixture("openai/error-rate-limit.json"), json_headers({{"retry-after", "120"}}));
    auto r = h.complete();
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::rate_limited);
    CHECK(r.error().http_status == 429);
    CHECK(r.error().retry_after == std::chrono::milliseconds(120000));
    CHECK(h.requests() == 1);
    CHECK(h.waits->empty());
}

// ------------------------------------------------------------------------------------------------ 5xx

TEST_CASE("faults: a 5xx storm that recovers ends in the completion", "[reliability][faults][retry]") {
    harness h;
    h.server.then_respond(500, fixture("openai/error-server.json"), json_headers());
    h.server.then_respond(502, fixture("openai/error-gateway.html"), {{"Content-Type", "text/html"}});
    h.server.then_respond(503, fixture("openai/error-overloaded.json"), json_headers());
    h.server.then_respond(200, ok_body, json_headers());
    auto r = h.complete();
    REQUIRE(r);
    CHECK(r.value().message.text() == "Hello! How can I assist you today?");
    CHECK(h.requests() == 4);
    CHECK(h.waits->size() == 3);
}

TEST_CASE("faults: a 5xx storm that does not recover ends in the last error after every retry",
          "[reliability][faults][retry]") {
    harness h;
    for (int i = 0; i < 5; ++i) h.server.then_respond(503, fixture("openai/error-overloaded.json"), json_headers());
    auto r = h.complete();
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::service_unavailable);
    CHECK(r.error().http_status == 503);
    CHECK(h.requests() == 5);  // the first attempt and num_retries = 4
    CHECK(h.waits->size() == 4);
    check_no_key(r.error());
}

TEST_CASE("faults: x-should-retry: false on a 500 is not retried", "[reliability][faults][retry]") {
    harness h;
    h.server.then_respond(500, fixture("openai/error-server.json"), json_headers({{"x-should-retry", "false"}}));
    auto r = h.complete();
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::server_error);
    CHECK(r.error().should_retry == false);  // the server's word, which outranks the 500's verdict
    CHECK(h.requests() == 1);
}

// ------------------------------------------------------------------------------------------------ connections

TEST_CASE("faults: connection refused is a connection error, retried, naming the address", "[reliability][faults]") {
    harness h;
    std::string url;
    {
        polyllm_test::unresponsive_listener closed;  // a port that was listening a moment ago
        url = "http://127.0.0.1:" + std::to_string(closed.port()) + "/v1";
    }
    h.config.base_url = url;
    h.config.num_retries = 2;
    auto r = h.complete();
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::connection);
    CHECK_THAT(r.error().message, Catch::Contains("127.0.0.1"));
    CHECK(h.waits->size() == 2);
    check_no_key(r.error());
}

TEST_CASE("faults: a reset before the status line is retried; the request was not answered",
          "[reliability][faults]") {
    harness h;
    h.server.then(reply{}.reset());
    h.server.then_respond(200, ok_body, json_headers());
    REQUIRE(h.complete());
    CHECK(h.requests() == 2);
}

TEST_CASE("faults: a reset after the headers or in the body is an error, never a second request",
          "[reliability][faults]") {
    for (std::size_t sent : {std::size_t{0}, ok_body.size() / 2}) {
        INFO("body bytes sent before the reset: " << sent);
        harness h;
        h.server.then(reply{}
                          .send(response_head(200, {{"Content-Type", "application/json"},
                                                    {"Content-Length", std::to_string(ok_body.size())}}) +
                                ok_body.substr(0, sent))
                          .pause(20ms)
                          .reset());
        h.server.then_respond(200, ok_body, json_headers());  // never asked for
        auto r = h.complete();
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::connection);
        CHECK(r.error().http_status == 200);
        CHECK(r.error().verdict == retry_verdict::no);
        CHECK(h.requests() == 1);
    }
}

TEST_CASE("faults: a reset in the middle of a stream ends it with the error and what arrived",
          "[reliability][faults][stream]") {
    harness h;
    const auto events = sse_events(fixture("openai/stream-text.sse"));
    REQUIRE(events.size() > 4);
    h.server.then(reply{}.send(sse_head() + chunk(events[0]) + chunk(events[1]) + chunk(events[2])).pause(20ms).reset());
    h.server.then_respond(200, ok_body, json_headers());  // never asked for
    auto s = h.stream();
    REQUIRE_FALSE(*s.outcome);
    CHECK(s.outcome->error() == errc::connection);
    REQUIRE(s.outcome->error().partial);
    CHECK_THAT(s.outcome->error().partial->message.text(), Catch::StartsWith("Hello"));
    CHECK_FALSE(s.events.empty());
    CHECK(h.requests() == 1);
}

TEST_CASE("faults: a stream that ends without its terminal event is an error, not a short answer",
          "[reliability][faults][stream]") {
    harness h;
    const auto events = sse_events(fixture("openai/stream-text.sse"));
    h.server.then(reply{}.send(sse_head() + chunk(events[0]) + chunk(events[1]) + chunk(events[2]) + "0\r\n\r\n"));
    h.server.then_respond(200, ok_body, json_headers());  // never asked for
    auto s = h.stream();
    REQUIRE_FALSE(*s.outcome);
    CHECK(s.outcome->error() == errc::connection);
    CHECK_THAT(s.outcome->error().message, Catch::Contains("[DONE]"));
    REQUIRE(s.outcome->error().partial);
    CHECK(h.requests() == 1);
}

// ------------------------------------------------------------------------------------------------ stalls

TEST_CASE("faults: a stall at each phase is a timeout naming the phase", "[reliability][faults][timeout]") {
    SECTION("connect") {
        harness h;
        polyllm_test::unresponsive_listener listener;  // its backlog is full: SYNs go unanswered
        h.config.base_url = listener.url() + "v1";
        h.config.num_retries = 0;
        h.options.timeouts.connect = 150ms;
        auto r = h.complete();
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::timeout);
    }
    SECTION("response headers, retried since nothing arrived") {
        harness h;
        h.config.num_retries = 1;
        h.options.timeouts.response_headers = 150ms;
        h.server.then(reply{}.hang());
        h.server.then(reply{}.hang());
        auto r = h.complete();
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::timeout);
        CHECK_THAT(r.error().message, Catch::Contains("response headers"));
        CHECK(h.requests() == 2);
    }
    SECTION("body, not retried since the response began") {
        harness h;
        h.options.timeouts.body_idle = 150ms;
        h.server.then(reply{}
                          .send(response_head(200, {{"Content-Type", "application/json"},
                                                    {"Content-Length", std::to_string(ok_body.size())}}) +
                                ok_body.substr(0, 10))
                          .hang());
        auto r = h.complete();
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::timeout);
        CHECK_THAT(r.error().message, Catch::Contains("body idle"));
        CHECK(h.requests() == 1);
    }
    SECTION("stream") {
        harness h;
        h.options.timeouts.body_idle = 150ms;
        const auto events = sse_events(fixture("openai/stream-text.sse"));
        h.server.then(reply{}.send(sse_head() + chunk(events[0]) + chunk(events[1])).hang());
        auto s = h.stream();
        REQUIRE_FALSE(*s.outcome);
        CHECK(s.outcome->error() == errc::timeout);
        CHECK(h.requests() == 1);
    }
}

TEST_CASE("faults: a slow drip under the idle timeout is not a timeout", "[reliability][faults][timeout]") {
    harness h;
    h.options.timeouts.body_idle = 250ms;
    const auto events = sse_events(fixture("openai/stream-text.sse"));
    reply drip;
    drip.send(sse_head());
    std::size_t sent = 0;
    for (const auto& e : events) {
        drip.send(chunk(e));
        if (sent++ % 3 == 0) drip.pause(80ms);  // 5 pauses, 400 ms in all: longer than the limit, each one shorter
    }
    drip.send("0\r\n\r\n");
    h.server.then(std::move(drip));
    auto s = h.stream();
    REQUIRE(*s.outcome);
    CHECK(s.outcome->value().message.text().size() > 10);
}

// ------------------------------------------------------------------------------------------------ sizes, bodies

TEST_CASE("faults: oversized headers and bodies are protocol errors", "[reliability][faults][limits]") {
    SECTION("headers") {
        harness h;
        h.config.num_retries = 0;
        h.options.limits.header_bytes = 1024;
        h.server.then_respond(200, ok_body, json_headers({{"x-padding", std::string(2000, 'a')}}));
        auto r = h.complete();
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::protocol_error);
    }
    SECTION("body") {
        harness h;
        h.options.limits.body_bytes = 100;
        h.server.then_respond(200, ok_body, json_headers());
        auto r = h.complete();
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::protocol_error);
        CHECK_THAT(r.error().message, Catch::Contains("limit"));
        CHECK(h.requests() == 1);
    }
}

TEST_CASE("faults: bodies that are not the documented JSON are malformed responses, kept in the message",
          "[reliability][faults]") {
    struct row {
        const char* what;
        std::string body;
        std::string content_type;
    };
    for (const auto& r : {row{"invalid JSON", R"({"id": "x", "choices": [)", "application/json"},
                          row{"JSON of the wrong shape",
                              R"({"choices": [{"index": 0, "message": {"role": "assistant", "content": 42}}]})",
                              "application/json"},
                          row{"a JSON array", R"([1, 2, 3])", "application/json"},
                          row{"an HTML page with a 200", "<html><body>Welcome to the captive portal</body></html>",
                              "text/html"}}) {
        INFO(r.what);
        harness h;
        h.config.num_retries = 0;
        h.server.then_respond(200, r.body, {{"Content-Type", r.content_type}});
        auto out = h.complete();
        REQUIRE_FALSE(out);
        INFO(out.error().to_string());
        CHECK(out.error() == errc::malformed_response);
        CHECK(h.requests() == 1);  // the server answered: asking again would be billed again
    }
}

TEST_CASE("faults: an HTML error page from a proxy is the status's error, with the page's text",
          "[reliability][faults]") {
    harness h;
    h.config.num_retries = 0;
    h.server.then_respond(502, fixture("openai/error-gateway.html"), {{"Content-Type", "text/html"}});
    auto r = h.complete();
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::server_error);
    CHECK(r.error().http_status == 502);
    CHECK_THAT(r.error().message, Catch::Contains("502"));
}

TEST_CASE("faults: a wrong Content-Type on a good body is read by the body", "[reliability][faults]") {
    harness h;
    h.server.then_respond(200, ok_body, {{"Content-Type", "text/plain"}});
    REQUIRE(h.complete());

    harness streamed;
    streamed.server.then(reply{}.send(response_head(200, {{"Content-Type", "application/octet-stream"},
                                                         {"Transfer-Encoding", "chunked"}}) +
                                      chunk(fixture("openai/stream-text.sse")) + "0\r\n\r\n"));
    auto s = streamed.stream();
    REQUIRE(*s.outcome);
}

TEST_CASE("faults: a JSON error answer to a stream request is the provider's error, the echoed key redacted",
          "[reliability][faults][stream][security]") {
    harness h;
    h.config.num_retries = 0;
    const std::string echoed = R"({"error": {"message": "Incorrect API key provided: )" + std::string(api_key) +
                               R"(", "type": "invalid_request_error", "code": "invalid_api_key"}})";
    h.server.then_respond(401, echoed, json_headers());
    auto s = h.stream();
    REQUIRE_FALSE(*s.outcome);
    CHECK(s.outcome->error() == errc::authentication);
    CHECK(s.events.empty());
    check_no_key(s.outcome->error());
}
