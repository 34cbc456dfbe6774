// The exchange layer alone, over an in-memory stream: every response is delivered whole, cut in two at every byte
// offset, one byte at a time, and into a reader's buffer of a few bytes, and must give the same response (or streamed
// bytes, or error) each time. No socket, no timer: what the exchange decides depends only on the bytes and on the
// order of the completions.

#include <polyllm/detail/http_exchange.hpp>

#include <catch2/catch.hpp>

#include "support/memory_stream.hpp"

#include <asio/error.hpp>
#include <asio/io_context.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace polyllm;
using polyllm_test::memory_stream;

namespace {

const std::string request_wire =
    "POST /v1/chat/completions HTTP/1.1\r\nHost: api.example\r\nContent-Type: application/json\r\n"
    "Content-Length: 27\r\n\r\n{\"model\":\"m\",\"messages\":[]}";
constexpr std::string_view peer = "api.example:443";

struct exchange_run {
    std::optional<result<http_response>> outcome;
    std::string streamed;
    int completions = 0;
    bool reusable = false;
    bool lost_before_response = false;
    bool may_have_arrived = false;
    int status = 0;
    std::string written;
    bool closed = false;
    std::optional<error> noted;  // the error after note_delivery
};

struct run_options {
    bool stream_body = false;
    std::size_t buffer_size = 16 * 1024;
    std::function<bool(std::string_view)> consumer;  // empty: keep everything
    std::function<void(memory_stream&)> script;      // the stream's script beyond the response pieces
};

exchange_run run_exchange(std::vector<std::string> pieces, const run_options& options = {}) {
    asio::io_context io;
    memory_stream stream(io.get_executor());
    stream.deliver(std::move(pieces));
    if (options.script) options.script(stream);
    exchange_run run;
    detail::http_exchange::data_handler on_data;
    if (options.stream_body)
        on_data = [&](std::string_view piece) {
            run.streamed += piece;
            return options.consumer ? options.consumer(piece) : true;
        };
    detail::http_exchange exchange(detail::exchange_request{request_wire, "POST", peer, {}},
                                   &on_data);
    std::vector<char> buffer(options.buffer_size);
    detail::async_exchange(stream, buffer, exchange, [&] {
        ++run.completions;
        CHECK(exchange.finished());
        CHECK_FALSE(exchange.writing());  // the operation completes only when nothing is pending
    });
    io.run();
    run.reusable = exchange.reusable();
    run.lost_before_response = exchange.lost_before_response();
    run.may_have_arrived = exchange.may_have_arrived();
    run.status = exchange.status();
    run.written = stream.written();
    run.closed = stream.closed();
    if (exchange.finished()) {
        run.outcome = exchange.take_result();
        if (!*run.outcome) {
            run.noted = run.outcome->error();
            exchange.note_delivery(*run.noted);
        }
    }
    return run;
}

// Every way to deliver `message`: whole, in two at each offset, a byte at a time, and in pieces of 7.
std::vector<std::vector<std::string>> every_split(const std::string& message) {
    std::vector<std::vector<std::string>> out{{message}};
    for (std::size_t at = 1; at < message.size(); ++at) out.push_back({message.substr(0, at), message.substr(at)});
    std::vector<std::string> bytes;
    for (char c : message) bytes.emplace_back(1, c);
    out.push_back(bytes);
    std::vector<std::string> sevens;
    for (std::size_t at = 0; at < message.size(); at += 7) sevens.push_back(message.substr(at, 7));
    out.push_back(sevens);
    return out;
}

std::string describe(const std::vector<std::string>& pieces) {
    std::string out = std::to_string(pieces.size()) + " pieces:";
    for (const auto& p : pieces) out += " " + std::to_string(p.size());
    return out.size() > 80 ? out.substr(0, 80) + "..." : out;
}

const std::string json_body = R"({"id":"r1","choices":[{"message":{"content":"hello"}}]})";
const std::string length_response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                    std::to_string(json_body.size()) + "\r\nx-request-id: abc\r\n\r\n" + json_body;

std::string chunked(const std::vector<std::string>& chunks, std::string_view head) {
    std::string out(head);
    char size[16];
    for (const auto& c : chunks) {
        std::snprintf(size, sizeof size, "%zx\r\n", c.size());
        out += size + c + "\r\n";
    }
    return out + "0\r\n\r\n";
}

const std::vector<std::string> sse_events = {
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n",
    "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n",
    ": a comment line\n\n",
    "data: [DONE]\n\n",
};

std::string joined(const std::vector<std::string>& pieces) {
    std::string out;
    for (const auto& p : pieces) out += p;
    return out;
}

}  // namespace

TEST_CASE("exchange: a Content-Length response at every split gives the same response, and the connection is kept") {
    for (const auto& pieces : every_split(length_response)) {
        INFO(describe(pieces));
        const auto run = run_exchange(pieces);
        REQUIRE(run.completions == 1);
        REQUIRE(run.outcome);
        REQUIRE(*run.outcome);
        const auto& res = run.outcome->value();
        CHECK(res.status == 200);
        CHECK(res.reason == "OK");
        CHECK(res.headers.find("x-request-id").value_or("") == "abc");
        CHECK(res.body == json_body);
        CHECK(run.written == request_wire);
        CHECK(run.reusable);
        CHECK_FALSE(run.closed);
    }
}

TEST_CASE("exchange: a reader's buffer smaller than the message takes it in as many reads as it needs") {
    for (std::size_t size : {1u, 2u, 5u, 13u, 64u}) {
        run_options options;
        options.buffer_size = size;
        const auto run = run_exchange({length_response}, options);
        REQUIRE(run.outcome);
        REQUIRE(*run.outcome);
        CHECK(run.outcome->value().body == json_body);
        CHECK(run.reusable);
    }
}

TEST_CASE("exchange: a chunked response at every split is de-chunked whole") {
    const std::vector<std::string> chunks = {"{\"id\":", "\"r2\",", "\"ok\":true}"};
    const auto message = chunked(chunks, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (const auto& pieces : every_split(message)) {
        INFO(describe(pieces));
        const auto run = run_exchange(pieces);
        REQUIRE(run.completions == 1);
        REQUIRE(run.outcome);
        REQUIRE(*run.outcome);
        CHECK(run.outcome->value().body == joined(chunks));
        CHECK(run.reusable);
    }
}

TEST_CASE("exchange: a streamed SSE body at every split reaches the consumer byte for byte, and nothing else does") {
    const auto message =
        chunked(sse_events, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (const auto& pieces : every_split(message)) {
        INFO(describe(pieces));
        run_options options;
        options.stream_body = true;
        const auto run = run_exchange(pieces, options);
        REQUIRE(run.completions == 1);
        REQUIRE(run.outcome);
        REQUIRE(*run.outcome);
        CHECK(run.streamed == joined(sse_events));
        CHECK(run.outcome->value().body.empty());  // the consumer kept the body, not the response
        CHECK(run.outcome->value().headers.find("content-type").value_or("") == "text/event-stream");
        CHECK(run.reusable);
    }
}

TEST_CASE("exchange: a consumer that stops ends the exchange successfully and gives up the connection") {
    const auto message =
        chunked(sse_events, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (const auto& pieces : every_split(message)) {
        INFO(describe(pieces));
        run_options options;
        options.stream_body = true;
        int calls = 0;
        options.consumer = [&](std::string_view) { return ++calls < 2; };
        const auto run = run_exchange(pieces, options);
        REQUIRE(run.outcome);
        CHECK(*run.outcome);
        CHECK(calls == 2);  // not called again once it said stop
        CHECK(run.streamed.size() < joined(sse_events).size());
        CHECK_FALSE(run.reusable);
        CHECK(run.closed);  // unread bytes make it unusable
    }
}

TEST_CASE("exchange: an error response to a streamed request is read whole, not streamed") {
    const std::string body = R"({"error":{"message":"slow down"}})";
    const auto message = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body;
    for (const auto& pieces : every_split(message)) {
        run_options options;
        options.stream_body = true;
        const auto run = run_exchange(pieces, options);
        REQUIRE(run.outcome);
        REQUIRE(*run.outcome);
        CHECK(run.outcome->value().status == 429);
        CHECK(run.outcome->value().body == body);
        CHECK(run.streamed.empty());
    }
}

TEST_CASE("exchange: a response cut short at every offset is the error that says where it ended") {
    const auto head_size = length_response.size() - json_body.size();
    for (std::size_t cut = 0; cut < length_response.size(); ++cut) {
        INFO("cut at " << cut);
        const auto run = run_exchange({length_response.substr(0, cut)});
        REQUIRE(run.completions == 1);
        REQUIRE(run.outcome);
        REQUIRE_FALSE(*run.outcome);
        const auto& e = run.outcome->error();
        CHECK(e.kind() == errc::connection);
        CHECK_THAT(e.message, Catch::EndsWith(" (from " + std::string(peer) + ")"));
        if (cut >= head_size)
            CHECK_THAT(e.message, Catch::Contains("after " + std::to_string(cut - head_size) + " of " +
                                                  std::to_string(json_body.size()) + " body bytes"));
        CHECK(run.lost_before_response == (cut == 0));  // what a stale pooled connection does
        CHECK_FALSE(run.reusable);
        // The request had been written whole: the server may have it. A status that arrived stays on the error.
        REQUIRE(run.noted);
        CHECK(run.noted->request_sent);
        CHECK(run.noted->http_status == (cut >= std::string_view("HTTP/1.1 200 OK\r\n").size() ? 200 : 0));
        if (run.noted->http_status != 0) CHECK(run.noted->verdict == retry_verdict::no);
    }
}

TEST_CASE("exchange: a chunked response cut short in its body names the chunked body") {
    const auto message = chunked({"abcdef", "ghij"}, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    const auto head_size = std::string_view("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").size();
    for (std::size_t cut = head_size; cut < message.size(); ++cut) {
        INFO("cut at " << cut);
        const auto run = run_exchange({message.substr(0, cut)});
        REQUIRE(run.outcome);
        REQUIRE_FALSE(*run.outcome);
        CHECK(run.outcome->error().kind() == errc::connection);
        CHECK_THAT(run.outcome->error().message, Catch::Contains("in the middle of a chunked body"));
    }
}

TEST_CASE("exchange: a broken connection after part of the body says how much arrived") {
    const auto head_size = length_response.size() - json_body.size();
    for (std::size_t cut = head_size; cut < length_response.size(); ++cut) {
        run_options options;
        options.script = [](memory_stream& s) { s.end_with(asio::error::connection_reset); };
        const auto run = run_exchange({length_response.substr(0, cut)}, options);
        REQUIRE(run.outcome);
        REQUIRE_FALSE(*run.outcome);
        CHECK_THAT(run.outcome->error().message,
                   Catch::StartsWith("the connection to " + std::string(peer) + " failed after " +
                                     std::to_string(cut - head_size) + " body bytes"));
    }
}

TEST_CASE("exchange: bytes after the response's end make the connection unusable") {
    const auto run = run_exchange({length_response + "HTTP/1.1 200 OK\r\n"});
    REQUIRE(run.outcome);
    REQUIRE(*run.outcome);
    CHECK(run.outcome->value().body == json_body);
    CHECK_FALSE(run.reusable);
    CHECK(run.closed);
}

TEST_CASE("exchange: request_sent follows what left, not what was meant to") {
    SECTION("the write failed before one byte: the server cannot have the request") {
        run_options options;
        options.script = [](memory_stream& s) {
            s.accept_writes(0, asio::error::broken_pipe);
            s.end_with(asio::error::connection_reset);
        };
        const auto run = run_exchange({}, options);
        REQUIRE(run.noted);
        CHECK_THAT(run.noted->message, Catch::StartsWith("sending the request to " + std::string(peer) + " failed: "));
        CHECK_FALSE(run.may_have_arrived);
        CHECK_FALSE(run.noted->request_sent);
        CHECK(run.lost_before_response);
    }
    SECTION("part of it left: the server may have it") {
        run_options options;
        options.script = [](memory_stream& s) {
            s.accept_writes(10, asio::error::broken_pipe);
            s.end_with(asio::error::connection_reset);
        };
        const auto run = run_exchange({}, options);
        REQUIRE(run.noted);
        CHECK(run.written == request_wire.substr(0, 10));
        CHECK(run.may_have_arrived);
        CHECK(run.noted->request_sent);
        CHECK_THAT(run.noted->message, Catch::EndsWith("(the request had been sent: the server may have received it)"));
    }
}

TEST_CASE("exchange: an early answer while the request is still going out is the response; the write is stopped") {
    const std::string body = R"({"error":"prompt too large"})";
    const auto message = "HTTP/1.1 413 Payload Too Large\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\n\r\n" + body;
    for (const auto& pieces : every_split(message)) {
        INFO(describe(pieces));
        run_options options;
        options.script = [](memory_stream& s) { s.accept_writes(20); };  // then the server reads no more
        const auto run = run_exchange(pieces, options);
        REQUIRE(run.completions == 1);  // only after the stopped write completed
        REQUIRE(run.outcome);
        REQUIRE(*run.outcome);
        CHECK(run.outcome->value().status == 413);
        CHECK(run.outcome->value().body == body);
        CHECK_FALSE(run.reusable);  // the rest of the request is unsent: out of step
        CHECK(run.closed);
    }
}

TEST_CASE("exchange: a read that fails while the write is going waits for the write to say how much left") {
    run_options options;
    options.script = [](memory_stream& s) {
        s.accept_writes(5);
        s.end_with(asio::error::connection_reset);
    };
    const auto run = run_exchange({}, options);
    REQUIRE(run.completions == 1);
    REQUIRE(run.outcome);
    REQUIRE_FALSE(*run.outcome);
    CHECK_THAT(run.outcome->error().message,
               Catch::StartsWith("the connection to " + std::string(peer) + " failed before the response headers"));
    CHECK(run.may_have_arrived);  // 5 bytes left
    CHECK(run.lost_before_response);
    CHECK(run.closed);
}

TEST_CASE("exchange: a malformed response is a protocol error naming the peer, at every split") {
    const std::string message = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!";
    std::optional<std::string> first;
    for (const auto& pieces : every_split(message)) {
        const auto run = run_exchange(pieces);
        REQUIRE(run.outcome);
        REQUIRE_FALSE(*run.outcome);
        CHECK(run.outcome->error().kind() == errc::protocol_error);
        CHECK_THAT(run.outcome->error().message, Catch::EndsWith(" (from " + std::string(peer) + ")"));
        if (!first) first = run.outcome->error().message;
        CHECK(run.outcome->error().message == *first);
    }
}
