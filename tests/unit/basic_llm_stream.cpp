#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/pieces.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>

#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::pieces;

namespace {

using test_llm = basic_llm<openai, scripted_transport>;

test_llm make_llm() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-stream-test";
    test_llm llm{cfg};
    llm.retry_policy().jitter = 0;
    return llm;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

struct collector {
    std::string text;
    int events = 0;
    void operator()(const stream_event& e) {
        ++events;
        if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
    }
};

}  // namespace

TEST_CASE("stream delivers events as they arrive and returns the same completion as complete", "[basic_llm][stream]") {
    auto llm = make_llm();
    llm.transport().respond_stream(pieces(fixture("openai/stream-text.sse"), 37), {{"x-request-id", "req_s1"}});
    collector got;
    auto c = llm.stream(hello(), std::ref(got));
    REQUIRE(c);
    CHECK(got.text == "Hello! How can I assist you today? ☀️");
    CHECK(got.events == 13);  // start, 10 texts, finish, usage; nothing for the empty first delta or [DONE]
    auto plain = make_llm();
    plain.transport().respond(200, fixture("openai/response-stream-text.json"), {{"x-request-id", "req_s1"}});
    CHECK(c.value() == plain.complete(hello()).value());
    CHECK(c.value().request_id == "req_s1");
    const auto& sent = llm.transport().requests().at(0);
    CHECK(sent.stream);
    CHECK(nlohmann::json::parse(sent.body)["stream_options"]["include_usage"] == true);
}

TEST_CASE("stream retries before the first event reaches the caller", "[basic_llm][stream][retry]") {
    auto llm = make_llm();
    llm.transport()
        .respond(429, fixture("openai/error-rate-limit.json"), {{"retry-after", "1"}})
        .respond_stream(scripted_stream{200, {}, {}, error{errc::connection, "reset before any byte"}, false})
        .respond_stream(pieces(fixture("openai/stream-text.sse"), 100));
    collector got;
    auto c = llm.stream(hello(), std::ref(got));
    REQUIRE(c);
    CHECK(llm.transport().requests().size() == 3);
    CHECK(llm.transport().waits() == std::vector{1000ms, 5000ms});
    CHECK(got.text == "Hello! How can I assist you today? ☀️");  // once, not twice
}

TEST_CASE("stream never retries after events were delivered", "[basic_llm][stream][retry]") {
    auto llm = make_llm();
    collector got;
    SECTION("an error event mid-stream") {
        llm.transport().respond_stream(pieces(fixture("openai/stream-error-midway.sse"), 50));
        auto c = llm.stream(hello(), std::ref(got));
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::server_error);
        REQUIRE(c.error().partial);
        CHECK(c.error().partial->message.text() == "The answer");
    }
    SECTION("a stream cut before [DONE]") {
        llm.transport().respond_stream(pieces(fixture("openai/stream-truncated.sse"), 64), {{"x-request-id", "req_t"}});
        auto c = llm.stream(hello(), std::ref(got));
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::connection);
        REQUIRE(c.error().partial);
        CHECK(c.error().partial->message.text() == "The answer is 4");
        CHECK(c.error().partial->request_id == "req_t");
    }
    SECTION("a connection reset mid-stream") {
        auto stream = pieces(fixture("openai/stream-text.sse"), 400);
        stream.resize(2);  // the role chunk and "Hello", then the reset
        llm.transport().respond_stream(scripted_stream{200, {}, stream, error{errc::connection, "connection reset"}, false});
        auto c = llm.stream(hello(), std::ref(got));
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::connection);
        REQUIRE(c.error().partial);
        CHECK(c.error().partial->message.text() == got.text);
    }
    llm.transport().respond_stream(pieces(fixture("openai/stream-text.sse"), 64));  // would succeed if retried
    CHECK(llm.transport().requests().size() == 1);
    CHECK(llm.transport().waits().empty());
    CHECK_FALSE(got.text.empty());
}

TEST_CASE("stream does not resend a 2xx stream that ends before any event", "[basic_llm][stream][retry]") {
    // The server answered 200, so it has taken (and may bill) the request: the same rule as a plain response cut
    // after its status line.
    auto llm = make_llm();
    llm.transport().respond_stream({": keep-alive\n\n"}).respond_stream({fixture("openai/stream-text.sse")});
    collector got;
    auto c = llm.stream(hello(), std::ref(got));
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::connection);
    CHECK(c.error().http_status == 200);
    CHECK(c.error().verdict == retry_verdict::no);  // classified where it was made, not posing as the server
    CHECK_FALSE(c.error().partial);
    CHECK(got.events == 0);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("stream reads an error status as the provider's error", "[basic_llm][stream]") {
    auto llm = make_llm();
    llm.transport().respond_stream(scripted_stream{401, {}, {fixture("openai/error-invalid-api-key.json")}, {}, false});
    collector got;
    auto c = llm.stream(hello(), std::ref(got));
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::authentication);
    CHECK(got.events == 0);
    CHECK_FALSE(c.error().partial);
}

TEST_CASE("the stream callback can stop the stream", "[basic_llm][stream]") {
    auto llm = make_llm();
    llm.transport().respond_stream(pieces(fixture("openai/stream-text.sse"), 40));
    std::string text;
    auto c = llm.stream(hello(), [&](const stream_event& e) {
        if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
        return text.size() < 6;  // enough after "Hello!"
    });
    REQUIRE(c);
    CHECK(text == "Hello!");
    CHECK(c.value().message.text() == "Hello!");
    CHECK(c.value().finish_reason_raw == "stopped");
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("async_stream runs on the caller's executor and can be cancelled mid-stream", "[basic_llm][stream][async]") {
    asio::io_context io;
    test_llm llm{io.get_executor(), make_llm().config()};
    auto stream = pieces(fixture("openai/stream-text.sse"), 400);
    stream.resize(2);
    llm.transport().respond_stream(scripted_stream{200, {}, stream, std::nullopt, true});  // then silence
    asio::cancellation_signal cancel;
    std::optional<result<completion>> out;
    std::string text;
    llm.async_stream(
        hello(),
        [&](const stream_event& e) {
            if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
        },
        asio::bind_cancellation_slot(cancel.slot(), [&](result<completion> r) { out = std::move(r); }));
    io.poll();
    CHECK_FALSE(out);
    CHECK_FALSE(text.empty());
    cancel.emit(asio::cancellation_type::terminal);
    io.run();
    REQUIRE(out);
    REQUIRE_FALSE(*out);
    CHECK(out->error() == errc::cancelled);
    REQUIRE(out->error().partial);
    CHECK(out->error().partial->message.text() == text);
}

namespace {

std::string text_chunk(const std::string& text) {
    return "data: {\"id\":\"c\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text +
           "\"}}]}\n\n";
}

std::string tool_chunk(std::size_t index) {
    return "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" +
           std::to_string(index) + ",\"id\":\"call_" + std::to_string(index) +
           "\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}\n\n";
}

}  // namespace

TEST_CASE("a stream that passes max_stream_bytes is stopped with a clear error", "[basic_llm][stream][limits]") {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-stream-test";
    cfg.max_stream_bytes = 1000;
    test_llm llm{cfg};
    // Valid deltas past the limit (then a cut, which the limit must have stopped the stream before).
    std::vector<std::string> chunks;
    for (int i = 0; i < 200; ++i) chunks.push_back(text_chunk("abcdefghij"));
    llm.transport().respond_stream(scripted_stream{200, {}, chunks, error{errc::connection, "cut"}, false});
    collector got;
    auto c = llm.stream(hello(), std::ref(got));
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::protocol_error);
    CHECK_THAT(c.error().message, Catch::Contains("max_stream_bytes"));
    CHECK(c.error().verdict == retry_verdict::no);
    CHECK(got.text.size() == 1000);  // what fit was delivered, and kept with the error
    REQUIRE(c.error().partial);
    CHECK(c.error().partial->message.text().size() == 1000);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("a completion with more than max_tool_calls tool calls is an error, streamed or not",
          "[basic_llm][stream][limits]") {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-stream-test";
    cfg.max_tool_calls = 10;
    test_llm llm{cfg};
    std::vector<std::string> chunks;
    for (std::size_t i = 0; i < 20; ++i) chunks.push_back(tool_chunk(i));
    chunks.push_back("data: [DONE]\n\n");
    llm.transport().respond_stream(scripted_stream{200, {}, chunks, {}, false});
    auto c = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::protocol_error);
    CHECK_THAT(c.error().message, Catch::Contains("max_tool_calls"));

    nlohmann::json calls = nlohmann::json::array();
    for (int i = 0; i < 20; ++i)
        calls.push_back({{"id", "call_" + std::to_string(i)},
                         {"type", "function"},
                         {"function", {{"name", "f"}, {"arguments", "{}"}}}});
    nlohmann::json body = {{"id", "c"},
                           {"object", "chat.completion"},
                           {"model", "gpt-4o"},
                           {"choices",
                            {{{"index", 0},
                              {"message", {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", calls}}},
                              {"finish_reason", "tool_calls"}}}}};
    llm.transport().respond(200, body.dump());
    auto plain = llm.complete(hello());
    REQUIRE_FALSE(plain);
    CHECK(plain.error() == errc::protocol_error);
    CHECK(llm.transport().requests().size() == 2);
}
