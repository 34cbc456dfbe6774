#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
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
