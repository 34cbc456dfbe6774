#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::loopback_server;

namespace {

llm_config loopback_config(const loopback_server& server) {
    llm_config cfg;
    cfg.model = "openai/gpt-4o";
    cfg.api_key = "sk-loopback-test-key";
    cfg.base_url = server.url("/v1");
    cfg.num_retries = 0;
    cfg.timeout = std::chrono::seconds(20);
    return cfg;
}

}  // namespace

TEST_CASE("basic_llm<openai> completes synchronously over the real transport", "[asio_transport][end_to_end]") {
    loopback_server server;
    server.then_respond(200, fixture("openai/response-text.json"),
                        {{"Content-Type", "application/json"}, {"x-request-id", "req_loopback"}});
    server.then_respond(200, fixture("openai/response-text.json"));

    basic_llm<openai> llm{loopback_config(server)};  // the default transport, on the llm's own io_context
    request req;
    req.messages = {message::user("Hello!")};
    auto c = llm.complete(req);
    REQUIRE(c);
    CHECK(c.value().message.text() == "Hello! How can I assist you today?");
    CHECK(c.value().request_id == "req_loopback");
    CHECK(llm.complete(req));  // the same connection again

    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == "/v1/chat/completions");
    CHECK(seen[0].headers.value_or_empty("authorization") == "Bearer sk-loopback-test-key");
    CHECK(seen[0].headers.value_or_empty("content-type") == "application/json");
    const auto body = nlohmann::json::parse(seen[0].body);
    CHECK(body["model"] == "gpt-4o");
    CHECK(body["messages"][0]["content"] == "Hello!");
    CHECK(server.accepted() == 1);
}

TEST_CASE("basic_llm<openai> maps an HTTP error from the real transport", "[asio_transport][end_to_end]") {
    loopback_server server;
    server.then(polyllm_test::reply{}.send(fixture("http/response-error-429.http")));
    basic_llm<openai> llm{loopback_config(server)};
    request req;
    req.messages = {message::user("Hello!")};
    auto c = llm.complete(req);
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::rate_limited);
    CHECK(c.error().http_status == 429);
    CHECK(c.error().retry_after == std::chrono::milliseconds(1420));
}

TEST_CASE("basic_llm<openai> reports a transport failure with the provider's name and no key",
          "[asio_transport][end_to_end]") {
    std::string url;
    {
        loopback_server gone;
        url = gone.url("/v1");
    }
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-never-shown";
    cfg.base_url = url;
    cfg.num_retries = 0;
    basic_llm<openai> llm{cfg};
    request req;
    req.messages = {message::user("Hello!")};
    auto c = llm.complete(req);
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::connection);
    CHECK(c.error().provider == "openai");
    CHECK_THAT(c.error().to_string(), !Catch::Contains("sk-never-shown"));
}

TEST_CASE("cancelling basic_llm's async call cancels the request in flight", "[asio_transport][end_to_end][cancel]") {
    loopback_server server;
    server.then(polyllm_test::reply{}.hang());
    asio::io_context io;
    basic_llm<openai> llm{io.get_executor(), loopback_config(server)};
    request req;
    req.messages = {message::user("Hello!")};
    asio::cancellation_signal signal;
    std::optional<result<completion>> out;
    llm.async_complete(req, asio::bind_cancellation_slot(signal.slot(), [&](result<completion> c) { out.emplace(std::move(c)); }));
    asio::steady_timer trigger(io, std::chrono::milliseconds(20));
    trigger.async_wait([&](std::error_code) { signal.emit(asio::cancellation_type::terminal); });
    io.run();
    REQUIRE(out);
    REQUIRE_FALSE(*out);
    CHECK(out->error() == errc::cancelled);
    CHECK(server.requests().size() == 1);
}
