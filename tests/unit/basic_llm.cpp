#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/experimental/deferred.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/use_future.hpp>
#if defined(__cpp_impl_coroutine) && !defined(__clang__)  // clang 14 cannot compile Asio's coroutines
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/use_awaitable.hpp>
#define POLYLLM_TEST_COROUTINES 1
#endif

#include <chrono>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

namespace {

using test_llm = basic_llm<openai, scripted_transport>;
constexpr const char* key = "sk-test-DO-NOT-LEAK-0123456789";

llm_config test_config() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = key;
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

// A test llm with exact waits, so the virtual clock can be checked to the millisecond.
test_llm make_llm(llm_config cfg = test_config()) {
    test_llm llm{std::move(cfg)};
    llm.retry_policy().jitter = 0;
    return llm;
}

http_response error_response(int status, const std::string& body_fixture, http_headers headers = {}) {
    return {status, {}, std::move(headers), fixture(body_fixture)};
}

}  // namespace

TEST_CASE("basic_llm completes a request end to end", "[basic_llm]") {
    auto llm = make_llm();
    llm.transport().respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_1"}});
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() == "Hello! How can I assist you today?");
    CHECK(c.value().request_id == "req_1");
    REQUIRE(llm.transport().requests().size() == 1);
    CHECK(llm.transport().requests()[0].url == "https://api.openai.com/v1/chat/completions");
    CHECK(llm.transport().elapsed() == 0ms);
}

TEST_CASE("basic_llm retries a rate limit after the server's hint", "[basic_llm][retry]") {
    auto llm = make_llm();
    llm.transport()
        .respond(error_response(429, "openai/error-rate-limit.json", {{"retry-after-ms", "1420"}}))
        .respond(error_response(429, "openai/error-rate-limit.json", {{"retry-after", "2"}}))
        .respond(200, fixture("openai/response-text.json"));
    std::vector<std::string> progress;
    llm.on_retry([&](const retry_event& e) {
        progress.push_back(std::to_string(e.attempt) + "/" + std::to_string(e.max_attempts) + " after " +
                           std::to_string(e.delay.count()) + " ms: " + std::string(to_string(e.cause.kind())));
    });
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(llm.transport().requests().size() == 3);
    CHECK(llm.transport().waits() == std::vector{1420ms, 2000ms});
    CHECK(llm.transport().elapsed() == 3420ms);
    CHECK(progress == std::vector<std::string>{"2/5 after 1420 ms: rate_limited", "3/5 after 2000 ms: rate_limited"});
    // Every attempt sends the same request.
    CHECK(llm.transport().requests()[0].body == llm.transport().requests()[2].body);
}

TEST_CASE("basic_llm gives up after 4 retries with the default waits", "[basic_llm][retry]") {
    auto llm = make_llm();
    for (int i = 0; i < 5; ++i) llm.transport().respond(error_response(500, "openai/error-server.json"));
    llm.transport().respond(200, fixture("openai/response-text.json"));  // never reached
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::server_error);
    CHECK(c.error().http_status == 500);
    CHECK(c.error().provider == "openai");
    CHECK(llm.transport().requests().size() == 5);
    CHECK(llm.transport().waits() == std::vector{5000ms, 5000ms, 8000ms, 16000ms});
    CHECK(llm.transport().remaining() == 1);
}

TEST_CASE("basic_llm retries with the configuration's settings", "[basic_llm][retry]") {
    auto cfg = test_config();
    cfg.num_retries = 2;
    cfg.retry_min_wait = 1s;
    cfg.retry_max_wait = 3s;
    cfg.retry_multiplier = 1;
    auto llm = make_llm(cfg);
    for (int i = 0; i < 3; ++i) llm.transport().respond(error_response(503, "openai/error-overloaded.json"));
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::service_unavailable);
    CHECK(llm.transport().waits() == std::vector{1000ms, 2000ms});
}

TEST_CASE("basic_llm does not retry what retrying cannot fix", "[basic_llm][retry]") {
    auto llm = make_llm();
    SECTION("an exhausted quota") {
        llm.transport().respond(error_response(429, "openai/error-insufficient-quota.json"));
        auto c = llm.complete(hello());
        REQUIRE_FALSE(c);
        CHECK(c.error() == errc::quota_exceeded);
    }
    SECTION("a bad key") {
        llm.transport().respond(error_response(401, "openai/error-invalid-api-key.json"));
        CHECK(llm.complete(hello()).error() == errc::authentication);
    }
    SECTION("a 500 the server says not to retry") {
        llm.transport().respond(error_response(500, "openai/error-server.json", {{"x-should-retry", "false"}}));
        CHECK(llm.complete(hello()).error() == errc::server_error);
    }
    SECTION("a hint longer than the cap") {
        llm.transport().respond(error_response(429, "openai/error-rate-limit.json", {{"retry-after", "120"}}));
        auto c = llm.complete(hello());
        CHECK(c.error() == errc::rate_limited);
        CHECK(c.error().retry_after == 120s);
    }
    CHECK(llm.transport().requests().size() == 1);
    CHECK(llm.transport().waits().empty());
}

TEST_CASE("basic_llm retries a 400 when the server says x-should-retry: true", "[basic_llm][retry]") {
    auto llm = make_llm();
    llm.transport()
        .respond(error_response(400, "openai/error-invalid-request.json", {{"x-should-retry", "true"}}))
        .respond(200, fixture("openai/response-text.json"));
    CHECK(llm.complete(hello()));
    CHECK(llm.transport().requests().size() == 2);
}

TEST_CASE("basic_llm retries connection failures and timeouts", "[basic_llm][retry]") {
    auto llm = make_llm();
    llm.transport()
        .fail(error{errc::connection, "connect to api.openai.com:443: Connection refused"})
        .fail(error{errc::timeout, "timed out waiting for response headers"})
        .respond(200, fixture("openai/response-text.json"));
    CHECK(llm.complete(hello()));
    CHECK(llm.transport().waits() == std::vector{5000ms, 5000ms});
}

TEST_CASE("basic_llm refuses an invalid configuration before sending anything", "[basic_llm]") {
    auto cfg = test_config();
    cfg.retry_min_wait = 10s;
    cfg.retry_max_wait = 1s;
    auto llm = make_llm(cfg);
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::invalid_config);
    CHECK_THAT(c.error().message, Catch::Contains("retry_min_wait"));
    CHECK(llm.transport().requests().empty());

    auto unnamed = make_llm(llm_config{});
    CHECK(unnamed.complete(hello()).error() == errc::invalid_config);
}

TEST_CASE("basic_llm never lets the API key into an error", "[basic_llm][security]") {
    auto llm = make_llm();
    // A hostile or careless server echoes the key in every field it can.
    const std::string echo =
        std::string(R"({"error": {"message": "Incorrect API key provided: )") + key + R"(", "type": ")" + key +
        R"(", "code": ")" + key + R"("}})";
    llm.transport().respond(401, echo, {{"x-request-id", key}});
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    const auto& e = c.error();
    for (const auto& text : {e.message, e.type, e.request_id, e.to_string()}) CHECK(text.find(key) == std::string::npos);
    CHECK_THAT(e.message, Catch::Contains("[redacted]"));
    try {
        (void)c.value();
    } catch (const llm_error& thrown) {
        CHECK(std::string(thrown.what()).find(key) == std::string::npos);
    }
    // The key went where it belongs, and only there.
    CHECK(llm.transport().requests()[0].headers.find("Authorization") == std::string("Bearer ") + key);
    CHECK(llm.transport().requests()[0].body.find(key) == std::string::npos);
}

TEST_CASE("basic_llm takes the key from OPENAI_API_KEY when none is configured", "[basic_llm]") {
    ::setenv("OPENAI_API_KEY", "sk-from-env", 1);
    auto cfg = test_config();
    cfg.api_key = "";
    test_llm from_env{cfg};
    ::unsetenv("OPENAI_API_KEY");
    CHECK(from_env.config().api_key.reveal() == "sk-from-env");

    test_llm configured{test_config()};  // a configured key wins
    CHECK(configured.config().api_key.reveal() == key);
}

TEST_CASE("basic_llm works with callbacks, futures and deferred operations on a user's executor", "[basic_llm][async]") {
    asio::io_context io;
    test_llm llm{io.get_executor(), test_config()};
    for (int i = 0; i < 3; ++i) llm.transport().respond(200, fixture("openai/response-text.json"));

    std::optional<result<completion>> from_callback;
    llm.async_complete(hello(), [&](result<completion> r) { from_callback = std::move(r); });
    CHECK_FALSE(from_callback);  // never completed inside the initiating call
    io.run();
    REQUIRE(from_callback);
    CHECK(from_callback->has_value());

    io.restart();
    auto deferred = llm.async_complete(hello(), asio::experimental::deferred);
    std::optional<result<completion>> from_deferred;
    CHECK(llm.transport().requests().size() == 1);  // a deferred operation has not started
    std::move(deferred)([&](result<completion> r) { from_deferred = std::move(r); });
    io.run();
    REQUIRE(from_deferred);
    CHECK(from_deferred->has_value());

    io.restart();
    auto future = llm.async_complete(hello(), asio::use_future);
    io.run();
    auto r = future.get();
    CHECK(r.has_value());
    CHECK(llm.transport().requests().size() == 3);
}

#ifdef POLYLLM_TEST_COROUTINES
TEST_CASE("basic_llm works with use_awaitable", "[basic_llm][async]") {
    asio::io_context io;
    test_llm llm{io.get_executor(), test_config()};
    llm.transport().respond(200, fixture("openai/response-text.json"));
    std::optional<result<completion>> out;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> { out = co_await llm.async_complete(hello(), asio::use_awaitable); },
        asio::detached);
    io.run();
    REQUIRE(out);
    CHECK(out->value().message.text() == "Hello! How can I assist you today?");
}
#endif

TEST_CASE("basic_llm can be cancelled during a retry wait", "[basic_llm][async][cancel]") {
    asio::io_context io;
    test_llm llm{io.get_executor(), test_config()};
    llm.transport().hold_waits(true);
    llm.transport().respond(error_response(429, "openai/error-rate-limit.json"));
    asio::cancellation_signal cancel;
    std::optional<result<completion>> out;
    llm.async_complete(hello(), asio::bind_cancellation_slot(cancel.slot(), [&](result<completion> r) {
                           out = std::move(r);
                       }));
    io.poll();
    REQUIRE(llm.transport().held_waits() == 1);
    CHECK_FALSE(out);
    cancel.emit(asio::cancellation_type::terminal);
    io.run();
    REQUIRE(out);
    REQUIRE_FALSE(*out);
    CHECK(out->error() == errc::cancelled);
    CHECK_THAT(out->error().message, Catch::Contains("rate_limited"));
    CHECK(llm.transport().requests().size() == 1);  // nothing was sent after the cancellation
    CHECK(llm.transport().elapsed() == 0ms);
}

TEST_CASE("basic_llm can be cancelled while a request hangs", "[basic_llm][async][cancel]") {
    asio::io_context io;
    test_llm llm{io.get_executor(), test_config()};
    llm.transport().hang();
    asio::cancellation_signal cancel;
    std::optional<result<completion>> out;
    llm.async_complete(hello(), asio::bind_cancellation_slot(cancel.slot(), [&](result<completion> r) {
                           out = std::move(r);
                       }));
    io.poll();
    CHECK_FALSE(out);
    cancel.emit(asio::cancellation_type::terminal);
    io.run();
    REQUIRE(out);
    CHECK(out->error() == errc::cancelled);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("basic_llm's sync calls can be repeated on one object", "[basic_llm]") {
    auto llm = make_llm();
    for (int i = 0; i < 3; ++i) llm.transport().respond(200, fixture("openai/response-tool-calls.json"));
    for (int i = 0; i < 3; ++i) {
        auto c = llm.complete(hello());
        REQUIRE(c);
        CHECK(c.value().message.tool_calls.size() == 2);
    }
}

TEST_CASE("basic_llm counts tokens through its provider", "[basic_llm]") {
    auto cfg = test_config();
    cfg.tiktoken_dir = "/nonexistent";  // no vocabulary: the provider says its count is an estimate
    auto llm = make_llm(cfg);
    CHECK(llm.count_tokens("hello world!") == token_count{3, false});
    CHECK(llm.count_tokens("") == token_count{0, false});
    CHECK(llm.count_tokens("héllo") == token_count{2, false});  // code points, not bytes
}
