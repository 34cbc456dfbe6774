// Hostile servers against basic_llm<openai> over the real transport: a server that reads a whole request and then
// closes a kept-alive connection, one that answers 413 before reading the body and slams the door, absurd retry
// hints, and a deadline for the whole call. Retry waits run on a virtual clock unless a test needs real time.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"
#include "support/virtual_wait_transport.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::loopback_server;
using polyllm_test::reply;

namespace {

const std::string ok_body = fixture("openai/response-text.json");

polyllm_test::header_list json_headers(polyllm_test::header_list extra = {}) {
    extra.insert(extra.begin(), {"Content-Type", "application/json"});
    return extra;
}

transport_options quiet_options() {
    transport_options options;
    options.proxy.use_environment = false;
    options.logger = [](log_level, std::string_view) {};
    options.timeouts.total = 20s;
    return options;
}

llm_config config_for(const std::string& base_url) {
    llm_config config;
    config.model = "openai/gpt-4o";
    config.api_key = std::string("sk-hostile-0123456789");
    config.base_url = base_url;
    return config;
}

request hello(std::string text = "Hello!") {
    request req;
    req.messages = {message::user(std::move(text))};
    return req;
}

// One call on the llm's executor, run to its end.
template <class LLM>
result<completion> call(asio::io_context& io, LLM& llm, request req = hello()) {
    std::optional<result<completion>> out;
    llm.async_complete(std::move(req), [&](result<completion> r) { out.emplace(std::move(r)); });
    io.restart();
    io.run();
    REQUIRE(out);
    return std::move(*out);
}

// Reads a request's head and no more, answers at once, and closes with the body unread: the kernel then resets the
// connection, and the client's write of the rest of the body fails.
class early_answer_server {
public:
    explicit early_answer_server(std::string answer) : answer_(std::move(answer)) {
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen();
        accept();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~early_answer_server() {
        io_.stop();
        thread_.join();
    }

    [[nodiscard]] std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
    }
    [[nodiscard]] std::size_t requests() const { return requests_.load(); }

private:
    struct session {
        explicit session(asio::ip::tcp::socket s) : socket(std::move(s)) {}
        asio::ip::tcp::socket socket;
        asio::streambuf head;
    };

    void accept() {
        acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
            if (ec) return;
            auto s = std::make_shared<session>(std::move(socket));
            asio::async_read_until(s->socket, s->head, "\r\n\r\n", [this, s](std::error_code ec, std::size_t) {
                if (ec) return;
                ++requests_;
                asio::async_write(s->socket, asio::buffer(answer_), [s](std::error_code, std::size_t) {
                    std::error_code ignored;
                    s->socket.close(ignored);  // the body is still arriving: a reset
                });
            });
            accept();
        });
    }

    std::string answer_;
    asio::io_context io_{1};
    asio::ip::tcp::acceptor acceptor_{io_};
    std::atomic<std::size_t> requests_{0};
    std::thread thread_;
};

}  // namespace

TEST_CASE("hostile: a POST the server read before closing a reused connection is retried only by the retry policy",
          "[reliability][hostile][retry]") {
    for (int retries : {0, 2}) {
        INFO("num_retries = " << retries);
        asio::io_context io;
        loopback_server server;
        auto config = config_for(server.url("/v1"));
        config.num_retries = retries;
        polyllm_test::virtual_wait_transport transport{asio_transport(io.get_executor(), quiet_options())};
        auto waits = transport.waits;
        basic_llm<openai, polyllm_test::virtual_wait_transport> llm(std::move(transport), config);

        server.then_respond(200, ok_body, json_headers());  // leaves a kept-alive connection in the pool
        REQUIRE(call(io, llm));
        // Each attempt is read whole, held, then the connection closed without an answer.
        for (int i = 0; i <= retries; ++i) server.then(reply{}.pause(30ms).close());
        auto r = call(io, llm);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::connection);
        CHECK(r.error().request_sent);
        CHECK_THAT(r.error().message, Catch::Contains("may have received"));
        // One POST per attempt the policy allowed: none sent behind its back.
        CHECK(waits->size() == std::size_t(retries));
        CHECK(server.requests().size() == 1 + std::size_t(retries) + 1);
    }
}

TEST_CASE("hostile: every POST a server receives is an attempt the retry policy counted", "[reliability][hostile][retry]") {
    asio::io_context io;
    loopback_server server;
    auto config = config_for(server.url("/v1"));
    config.num_retries = 1;
    polyllm_test::virtual_wait_transport transport{asio_transport(io.get_executor(), quiet_options())};
    auto waits = transport.waits;
    basic_llm<openai, polyllm_test::virtual_wait_transport> llm(std::move(transport), config);

    server.then_respond(200, ok_body, json_headers());
    REQUIRE(call(io, llm));
    constexpr int calls = 20;
    for (int i = 0; i < calls; ++i) {
        server.then(reply{}.pause(10ms).close());           // the reused connection: read, held, closed
        server.then_respond(200, ok_body, json_headers());  // the retry, on a new connection, kept alive
        REQUIRE(call(io, llm));
    }
    CHECK(server.requests().size() == 1 + 2 * calls);
    CHECK(server.requests().size() == 1 + calls + waits->size());
}

TEST_CASE("hostile: an early 413 and a reset while the body is still going out is the 413, sent once",
          "[reliability][hostile]") {
    early_answer_server server(polyllm_test::http_response_text(
        413, R"({"error": {"message": "Request too large", "type": "invalid_request_error"}})",
        {{"Content-Type", "application/json"}, {"Connection", "close"}}));
    asio::io_context io;
    auto config = config_for(server.url("/v1"));
    polyllm_test::virtual_wait_transport transport{asio_transport(io.get_executor(), quiet_options())};
    auto waits = transport.waits;
    basic_llm<openai, polyllm_test::virtual_wait_transport> llm(std::move(transport), config);

    auto r = call(io, llm, hello(std::string(20 * 1024 * 1024, 'x')));  // far more than the socket buffers hold
    REQUIRE_FALSE(r);
    INFO(r.error().to_string());
    CHECK(r.error().http_status == 413);
    CHECK(r.error() != errc::connection);
    CHECK(server.requests() == 1);
    CHECK(waits->empty());
}

TEST_CASE("hostile: a retry hint beyond every cap gives up at once, with the wait in the error",
          "[reliability][hostile][retry]") {
    for (auto [name, value] : {std::pair{"retry-after", "99999999999999999999999"},
                               std::pair{"retry-after-ms", "1e308"}, std::pair{"retry-after", "120"}}) {
        INFO(name << ": " << value);
        asio::io_context io;
        loopback_server server;
        polyllm_test::virtual_wait_transport transport{asio_transport(io.get_executor(), quiet_options())};
        auto waits = transport.waits;
        basic_llm<openai, polyllm_test::virtual_wait_transport> llm(std::move(transport), config_for(server.url("/v1")));
        server.then_respond(429, fixture("openai/error-rate-limit.json"), json_headers({{name, value}}));
        server.then_respond(200, ok_body, json_headers());  // never asked for
        auto r = call(io, llm);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::rate_limited);
        REQUIRE(r.error().retry_after);
        CHECK(*r.error().retry_after >= 120s);
        CHECK_THAT(r.error().message, Catch::Contains("the server asks to wait"));
        CHECK(server.requests().size() == 1);
        CHECK(waits->empty());
    }
}

TEST_CASE("hostile: total_timeout bounds the whole call; no retry wait is scheduled to end past it",
          "[reliability][hostile][timeout]") {
    asio::io_context io;
    loopback_server server;
    auto config = config_for(server.url("/v1"));
    config.num_retries = 4;
    config.retry_min_wait = 200ms;
    config.retry_max_wait = 200ms;
    config.total_timeout = 500ms;
    for (int i = 0; i < 5; ++i) server.then(reply{}.hang());  // every attempt waits for headers that never come
    basic_llm<openai> llm(asio_transport(io.get_executor(), quiet_options()), config);
    std::vector<std::chrono::milliseconds> waits;
    llm.on_retry([&](const retry_event& e) { waits.push_back(e.delay); });

    const auto began = std::chrono::steady_clock::now();
    auto r = call(io, llm);
    const auto took = std::chrono::steady_clock::now() - began;
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::timeout);
    INFO(r.error().to_string());
    // Attempt 1 takes all that is left of the 500 ms (the hanging server): no 200 ms wait fits after it.
    CHECK(waits.empty());
    CHECK(server.requests().size() == 1);
    CHECK(took >= 500ms);
    CHECK(took < 5s);  // not num_retries attempts of the transport's own timeout; generous for a loaded machine
}

TEST_CASE("hostile: total_timeout leaves retries that fit", "[reliability][hostile][timeout]") {
    asio::io_context io;
    loopback_server server;
    auto config = config_for(server.url("/v1"));
    config.num_retries = 4;
    config.total_timeout = 60s;
    for (int i = 0; i < 2; ++i) server.then_respond(503, fixture("openai/error-overloaded.json"), json_headers());
    server.then_respond(200, ok_body, json_headers());
    polyllm_test::virtual_wait_transport transport{asio_transport(io.get_executor(), quiet_options())};
    auto waits = transport.waits;
    basic_llm<openai, polyllm_test::virtual_wait_transport> llm(std::move(transport), config);
    REQUIRE(call(io, llm));
    CHECK(waits->size() == 2);
    CHECK(server.requests().size() == 3);
    // The attempts went with what was left of the call as their timeout.
    for (const auto& seen : server.requests()) CHECK(seen.method == "POST");
}

TEST_CASE("hostile: a wait that would end past total_timeout is not scheduled", "[reliability][hostile][timeout]") {
    asio::io_context io;
    loopback_server server;
    auto config = config_for(server.url("/v1"));
    config.total_timeout = 10s;  // the default first wait is 5 s: fits; 2 x 5 s + 8 s does not
    server.then_respond(429, fixture("openai/error-rate-limit.json"), json_headers({{"retry-after", "30"}}));
    polyllm_test::virtual_wait_transport transport{asio_transport(io.get_executor(), quiet_options())};
    auto waits = transport.waits;
    basic_llm<openai, polyllm_test::virtual_wait_transport> llm(std::move(transport), config);
    auto r = call(io, llm);
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::rate_limited);
    CHECK_THAT(r.error().message, Catch::Contains("total_timeout"));
    CHECK(waits->empty());
    CHECK(server.requests().size() == 1);
}

TEST_CASE("hostile: an endless stream of valid deltas is stopped at max_stream_bytes", "[reliability][hostile][stream]") {
    asio::io_context io;
    loopback_server server;
    auto config = config_for(server.url("/v1"));
    config.max_stream_bytes = 64 * 1024;
    // 1 MiB of deltas, and then the server holds the stream open, as if there were no end.
    std::string body;
    const std::string delta = "data: {\"id\":\"c\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" +
                              std::string(1000, 'a') + "\"}}]}\n\n";
    for (int i = 0; i < 1024; ++i) body += polyllm_test::chunk(delta);
    server.then(reply{}
                    .send(polyllm_test::response_head(200, {{"Content-Type", "text/event-stream"},
                                                            {"Transfer-Encoding", "chunked"}}) +
                          body)
                    .hang());
    basic_llm<openai> llm(asio_transport(io.get_executor(), quiet_options()), config);
    std::size_t text = 0;
    std::optional<result<completion>> out;
    llm.async_stream(
        hello(),
        [&](const stream_event& e) {
            if (const auto* t = std::get_if<text_delta>(&e)) text += t->text.size();
        },
        [&](result<completion> r) { out.emplace(std::move(r)); });
    io.run();  // returns: the stream was stopped and the connection closed, not left hanging
    REQUIRE(out);
    REQUIRE_FALSE(*out);
    CHECK(out->error() == errc::protocol_error);
    CHECK_THAT(out->error().message, Catch::Contains("max_stream_bytes"));
    CHECK(text <= 64 * 1024);
    CHECK(text > 60 * 1024);
    CHECK(server.requests().size() == 1);
}
