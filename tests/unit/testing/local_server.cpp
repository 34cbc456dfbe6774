#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace {

using polyllm::testing::local_responder;
using polyllm::testing::local_server_options;
using polyllm::testing::local_server_thread;
using polyllm::testing::planned_response;
using polyllm::testing::server_request;

server_request post(std::string target, nlohmann::json body, polyllm::http_headers headers = {}) {
    return {"POST", std::move(target), std::move(headers), body.dump()};
}

nlohmann::json chat_body(std::string text, bool stream = false) {
    nlohmann::json body = {{"model", "gpt-4o"},
                           {"messages", {{{"role", "system"}, {"content", "Be brief."}},
                                         {{"role", "user"}, {"content", std::move(text)}}}}};
    if (stream) {
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }
    return body;
}

nlohmann::json messages_body(std::string text, bool stream = false) {
    nlohmann::json body = {{"model", "claude-sonnet-4-5"},
                           {"max_tokens", 1024},
                           {"messages", {{{"role", "user"}, {"content", {{{"type", "text"}, {"text", text}}}}}}}};
    if (stream) body["stream"] = true;
    return body;
}

polyllm::http_response as_response(const planned_response& p) {
    polyllm::http_response r;
    r.status = p.status;
    for (const auto& [name, value] : p.headers) r.headers.add(name, value);
    r.body = p.body;
    return r;
}

std::string joined(const planned_response& p) {
    std::string out;
    for (const auto& e : p.events) out += e;
    return out;
}

// The stream read back by the provider's own decoder, as basic_llm would.
template <class Decoder>
polyllm::completion decode(Decoder decoder, const std::string& bytes) {
    polyllm::stream_accumulator acc;
    auto fed = decoder.feed(bytes, [&](polyllm::stream_event&& e) {
        acc.add(e);
        return true;
    });
    REQUIRE(fed);
    REQUIRE(decoder.finish());
    return acc.take();
}

std::vector<polyllm::testing::scripted_reply> tool_script() {
    auto script = polyllm::testing::parse_server_script(polyllm_test::fixture("local_server/script-tool-call.json"));
    REQUIRE(script);
    return script.value();
}

std::string header(const planned_response& p, std::string_view name) {
    for (const auto& [n, v] : p.headers)
        if (n == name) return v;
    return {};
}

}  // namespace

TEST_CASE("local server: OpenAI chat completions echo the last user message", "[local_server]") {
    local_responder responder({});
    auto plain = responder.respond(post("/v1/chat/completions", chat_body("Hello there")));
    REQUIRE(plain.status == 200);
    CHECK_FALSE(plain.streamed);
    CHECK(header(plain, "content-type") == "application/json");
    CHECK(header(plain, "x-request-id") == "req_local_1");
    const auto j = nlohmann::json::parse(plain.body);
    CHECK(j["object"] == "chat.completion");
    CHECK(j["model"] == "gpt-4o");
    CHECK(j["choices"][0]["message"]["content"] == "Hello there");
    CHECK(j["choices"][0]["finish_reason"] == "stop");
    // Every field is one OpenAI documents: the recorded response has them all.
    const auto recorded = polyllm_test::fixture_json("openai/response-text.json");
    for (const auto& [key, value] : j.items()) CHECK((recorded.contains(key) || key == "service_tier" ||
                                                      key == "system_fingerprint"));

    auto parsed = polyllm::openai_chat::parse_response(as_response(plain), "x-request-id");
    REQUIRE(parsed);
    CHECK(parsed.value().message.text() == "Hello there");
    CHECK(parsed.value().usage.completion_tokens == 2);
}

TEST_CASE("local server: OpenAI streams are data: lines ending with [DONE]", "[local_server]") {
    local_responder responder({});
    auto s = responder.respond(post("/v1/chat/completions", chat_body("one two three", true)));
    REQUIRE(s.streamed);
    CHECK(header(s, "content-type") == "text/event-stream; charset=utf-8");
    REQUIRE(s.events.size() == 7);  // role, 3 tokens, finish, usage, [DONE]
    for (const auto& e : s.events) {
        CHECK_THAT(e, Catch::StartsWith("data: ") && Catch::EndsWith("\n\n"));
        CHECK(e.find('\n') == e.size() - 2);  // one line per event
    }
    CHECK(s.events.back() == "data: [DONE]\n\n");
    const auto usage_chunk = nlohmann::json::parse(s.events[5].substr(6));
    CHECK(usage_chunk["choices"] == nlohmann::json::array());
    CHECK(usage_chunk["usage"]["completion_tokens"] == 3);
    // Chunks carry the fields of a recorded one.
    const auto recorded = polyllm_test::fixture("openai/stream-text.sse");
    const auto first_recorded = nlohmann::json::parse(recorded.substr(6, recorded.find('\n') - 6));
    const auto first = nlohmann::json::parse(s.events[0].substr(6));
    for (const auto& [key, value] : first.items()) CHECK(first_recorded.contains(key));
    CHECK(first["choices"][0]["delta"]["role"] == "assistant");

    const auto c = decode(polyllm::openai_chat::stream_decoder{}, joined(s));
    CHECK(c.message.text() == "one two three");
    CHECK(c.finish_reason == polyllm::finish_reason::stop);
    CHECK(c.usage.completion_tokens == 3);

    // Without include_usage there is no usage chunk, and chunks have no usage field, as OpenAI sends them.
    auto body = chat_body("one", true);
    body.erase("stream_options");
    auto bare = responder.respond(post("/v1/chat/completions", body));
    CHECK(bare.events.size() == 4);
    CHECK_FALSE(nlohmann::json::parse(bare.events[1].substr(6)).contains("usage"));
}

TEST_CASE("local server: Anthropic messages, plain and with named stream events", "[local_server]") {
    local_responder responder({});
    auto plain = responder.respond(post("/v1/messages", messages_body("Hi Claude")));
    REQUIRE(plain.status == 200);
    CHECK(header(plain, "request-id") == "req_local_1");
    const auto j = nlohmann::json::parse(plain.body);
    const auto recorded = polyllm_test::fixture_json("anthropic/response-text.json");
    for (const auto& [key, value] : j.items()) CHECK(recorded.contains(key));
    auto parsed = polyllm::anthropic_messages::parse_response(as_response(plain), "request-id");
    REQUIRE(parsed);
    CHECK(parsed.value().message.text() == "Hi Claude");
    CHECK(parsed.value().finish_reason_raw == "end_turn");

    auto s = responder.respond(post("/v1/messages", messages_body("Hi Claude", true)));
    REQUIRE(s.streamed);
    std::vector<std::string> names;
    for (const auto& e : s.events) {
        REQUIRE_THAT(e, Catch::StartsWith("event: ") && Catch::EndsWith("\n\n"));
        const auto name = e.substr(7, e.find('\n') - 7);
        const auto data = e.substr(e.find('\n') + 1);
        REQUIRE_THAT(data, Catch::StartsWith("data: "));
        CHECK(nlohmann::json::parse(data.substr(6))["type"] == name);
        names.push_back(name);
    }
    CHECK(names == std::vector<std::string>{"message_start", "content_block_start", "ping", "content_block_delta",
                                            "content_block_delta", "content_block_stop", "message_delta",
                                            "message_stop"});
    const auto c = decode(polyllm::anthropic_messages::stream_decoder{}, joined(s));
    CHECK(c.message.text() == "Hi Claude");
    CHECK(c.finish_reason_raw == "end_turn");
    CHECK(c.usage.completion_tokens == 2);
}

TEST_CASE("local server: scripted tool calls in both formats", "[local_server]") {
    local_server_options options;
    options.script = tool_script();
    local_responder responder(options);
    // Replies go in order, whichever API asks.
    auto openai = decode(polyllm::openai_chat::stream_decoder{},
                         joined(responder.respond(post("/v1/chat/completions", chat_body("weather?", true)))));
    REQUIRE(openai.message.tool_calls.size() == 1);
    CHECK(openai.message.tool_calls[0].id == "call_weather_1");
    CHECK(openai.message.tool_calls[0].name == "get_weather");
    CHECK(nlohmann::json::parse(openai.message.tool_calls[0].arguments) ==
          nlohmann::json{{"location", "Paris, France"}, {"unit", "celsius"}});
    CHECK(openai.finish_reason == polyllm::finish_reason::tool_calls);
    CHECK(openai.usage.prompt_tokens == 82);
    CHECK(openai.usage.cache_read_tokens == 64);

    auto text = responder.respond(post("/v1/messages", messages_body("and now?")));
    CHECK(nlohmann::json::parse(text.body)["content"][0]["text"] == "It is 18 degrees in Paris.");

    // The script starts again: the tool call, in Anthropic's stream format.
    auto anthropic = decode(polyllm::anthropic_messages::stream_decoder{},
                            joined(responder.respond(post("/v1/messages", messages_body("weather?", true)))));
    REQUIRE(anthropic.message.tool_calls.size() == 1);
    CHECK(anthropic.message.tool_calls[0].name == "get_weather");
    CHECK(nlohmann::json::parse(anthropic.message.tool_calls[0].arguments)["location"] == "Paris, France");
    CHECK(anthropic.finish_reason_raw == "tool_use");
}

TEST_CASE("local server: scripts that are wrong say where", "[local_server]") {
    using polyllm::testing::parse_server_script;
    CHECK(parse_server_script("{").error().message == "server script: not valid JSON");
    CHECK_THAT(parse_server_script("{\"text\": 1}").error().message, Catch::Contains("array of replies"));
    CHECK_THAT(parse_server_script("[{\"text\": 1}]").error().message, Catch::Contains("reply 1: \"text\""));
    CHECK_THAT(parse_server_script("[{}, {\"tool_calls\": [{\"arguments\": {}}]}]").error().message,
               Catch::Contains("reply 2: a tool call needs a \"name\""));
    CHECK_THAT(parse_server_script("[{\"tool_calls\": [{\"name\": \"f\", \"arguments\": \"[1]\"}]}]").error().message,
               Catch::Contains("not a JSON object"));
    auto bare = parse_server_script("[{\"text\": \"a\"}, {\"tool_calls\": [{\"name\": \"f\", \"arguments\": \"{}\"}]}]");
    REQUIRE(bare);
    CHECK(bare.value().size() == 2);
}

TEST_CASE("local server: injected failures, keys, routes", "[local_server]") {
    SECTION("--fail-status with --fail-every fails requests 1, N+1, ...") {
        local_server_options options;
        options.fail_status = 429;
        options.fail_every = 3;
        options.retry_after = std::chrono::milliseconds(1500);
        local_responder responder(options);
        std::vector<int> statuses;
        for (int i = 0; i < 5; ++i)
            statuses.push_back(responder.respond(post("/v1/chat/completions", chat_body("x"))).status);
        CHECK(statuses == std::vector<int>{429, 200, 200, 429, 200});
        auto failed = responder.respond(post("/v1/chat/completions", chat_body("x")));  // the 6th
        CHECK(failed.status == 200);
        auto seventh = responder.respond(post("/v1/messages", messages_body("x")));
        REQUIRE(seventh.status == 429);
        CHECK(header(seventh, "retry-after-ms") == "1500");
        CHECK(header(seventh, "retry-after") == "2");
        CHECK(nlohmann::json::parse(seventh.body)["error"]["type"] == "rate_limit_error");
        // /v1/models is never failed or counted.
        CHECK(responder.respond({"GET", "/v1/models", {}, ""}).status == 200);
        CHECK(responder.requests_seen() == 7);

        auto e = polyllm::openai_chat::parse_response(
            as_response(local_responder(options).respond(post("/v1/chat/completions", chat_body("x")))),
            "x-request-id");
        REQUIRE_FALSE(e);
        CHECK(e.error().kind() == polyllm::errc::rate_limited);
    }
    SECTION("--api-key") {
        local_server_options options;
        options.api_key = "sk-right";
        local_responder responder(options);
        auto wrong = responder.respond(post("/v1/chat/completions", chat_body("x"), {{"Authorization", "Bearer no"}}));
        CHECK(wrong.status == 401);
        CHECK(nlohmann::json::parse(wrong.body)["error"]["code"] == "invalid_api_key");
        CHECK(responder.respond(post("/v1/chat/completions", chat_body("x"), {{"Authorization", "Bearer sk-right"}}))
                  .status == 200);
        auto anthropic = responder.respond(post("/v1/messages", messages_body("x"), {{"x-api-key", "no"}}));
        CHECK(anthropic.status == 401);
        CHECK(nlohmann::json::parse(anthropic.body)["error"]["type"] == "authentication_error");
        CHECK(responder.respond(post("/v1/messages", messages_body("x"), {{"x-api-key", "sk-right"}})).status == 200);
    }
    SECTION("routes and bodies") {
        local_responder responder({});
        CHECK(responder.respond(post("/v1/nothing", {})).status == 404);
        CHECK(responder.respond({"GET", "/v1/chat/completions", {}, ""}).status == 405);
        CHECK(responder.respond({"POST", "/v1/chat/completions", {}, "not json"}).status == 400);
        CHECK(responder.respond(post("/chat/completions", chat_body("no /v1"))).status == 200);
        auto models = nlohmann::json::parse(responder.respond({"GET", "/v1/models", {}, ""}).body);
        CHECK(models["object"] == "list");
        CHECK(models["data"][0]["id"] == "polyllm-echo");
        auto anthropic_models =
            nlohmann::json::parse(responder.respond({"GET", "/v1/models", {{"anthropic-version", "2023-06-01"}}, ""}).body);
        CHECK(anthropic_models["data"][0]["type"] == "model");
        CHECK(anthropic_models["has_more"] == false);
    }
}

TEST_CASE("local server: embeddings are deterministic unit vectors", "[local_server]") {
    local_responder responder({});
    auto a = responder.respond(post("/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", {"a", "b"}}}));
    auto b = responder.respond(post("/v1/embeddings", {{"model", "text-embedding-3-small"}, {"input", {"a", "b"}}}));
    CHECK(a.body == b.body);
    auto parsed = polyllm::openai_embeddings::parse(as_response(a), "x-request-id", 2);
    REQUIRE(parsed);
    REQUIRE(parsed.value().vectors.size() == 2);
    CHECK(parsed.value().vectors[0] != parsed.value().vectors[1]);
    double norm = 0;
    for (float x : parsed.value().vectors[0]) norm += double(x) * double(x);
    CHECK(std::abs(norm - 1.0) < 1e-5);
    auto wide = responder.respond(post("/v1/embeddings", {{"input", "a"}, {"dimensions", 32}}));
    CHECK(nlohmann::json::parse(wide.body)["data"][0]["embedding"].size() == 32);
    auto b64 = responder.respond(post("/v1/embeddings", {{"input", "a"}, {"encoding_format", "base64"}}));
    CHECK(nlohmann::json::parse(b64.body)["data"][0]["embedding"].get<std::string>().size() == 44);  // 32 bytes
    CHECK(responder.respond(post("/v1/embeddings", {{"input", 3}})).status == 400);
}

TEST_CASE("local server: basic_llm and client over loopback", "[local_server]") {
    auto server = local_server_thread::start({});
    REQUIRE(server);
    auto& s = *server.value();

    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = polyllm::secret("sk-test");
    cfg.base_url = s.openai_base_url();
    cfg.embedding_model = "text-embedding-3-small";
    polyllm::basic_llm<polyllm::openai> openai{cfg};
    polyllm::request req;
    req.messages = {polyllm::message::user("over the wire")};
    auto plain = openai.complete(req);
    REQUIRE(plain);
    CHECK(plain.value().message.text() == "over the wire");
    CHECK(plain.value().request_id == "req_local_1");
    std::string streamed_text;
    auto streamed = openai.stream(req, [&](const polyllm::stream_event& e) {
        if (auto* t = std::get_if<polyllm::text_delta>(&e)) streamed_text += t->text;
    });
    REQUIRE(streamed);
    CHECK(streamed_text == "over the wire");
    CHECK(streamed.value().usage.completion_tokens == 3);
    auto vectors = openai.embed({"x", "y", "z"});
    REQUIRE(vectors);
    CHECK(vectors.value().vectors.size() == 3);

    polyllm::llm_config claude = cfg;
    claude.model = "anthropic/claude-sonnet-4-5";
    claude.base_url = s.anthropic_base_url();
    auto client = polyllm::make_client(claude);
    REQUIRE(client);
    auto reply = client.value().stream(req, [](const polyllm::stream_event&) { return true; });
    REQUIRE(reply);
    CHECK(reply.value().message.text() == "over the wire");
    CHECK(reply.value().finish_reason_raw == "end_turn");

    // A model no provider claims goes to the configured server, when asked for explicitly (an unknown prefix alone
    // is refused as a likely typo).
    polyllm::llm_config local = cfg;
    local.model = "openai_compatible/org/local-model";
    local.api_key = polyllm::secret("");
    auto unclaimed = polyllm::make_client(local);
    REQUIRE(unclaimed);
    auto echoed = unclaimed.value().complete(req);
    REQUIRE(echoed);
    CHECK(echoed.value().model == "org/local-model");
    CHECK(s.requests_seen() == 5);
}

TEST_CASE("local server: faults reach the caller as a provider's would", "[local_server]") {
    polyllm::request req;
    req.messages = {polyllm::message::user("one two three four five six")};
    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = polyllm::secret("sk-test");

    SECTION("a 503 with retry-after-ms is retried") {
        local_server_options options;
        options.fail_status = 503;
        options.fail_every = 2;
        options.retry_after = std::chrono::milliseconds(5);
        auto server = local_server_thread::start(options);
        REQUIRE(server);
        cfg.base_url = server.value()->openai_base_url();
        polyllm::basic_llm<polyllm::openai> llm{cfg};
        int retries = 0;
        llm.on_retry([&](const polyllm::retry_event& e) {
            ++retries;
            CHECK(e.delay == std::chrono::milliseconds(5));
            CHECK(e.cause.kind() == polyllm::errc::service_unavailable);
        });
        auto reply = llm.complete(req);
        REQUIRE(reply);
        CHECK(retries == 1);
        CHECK(server.value()->requests_seen() == 2);
    }
    SECTION("a stream dropped midway is an error holding what arrived") {
        local_server_options options;
        options.drop_mid_stream = true;
        auto server = local_server_thread::start(options);
        REQUIRE(server);
        cfg.base_url = server.value()->openai_base_url();
        polyllm::basic_llm<polyllm::openai> llm{cfg};
        auto reply = llm.stream(req, [](const polyllm::stream_event&) {});
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind() == polyllm::errc::connection);
        REQUIRE(reply.error().partial);
        CHECK_THAT(reply.error().partial->message.text(), Catch::StartsWith("one two"));
    }
    SECTION("a stall longer than the timeout") {
        local_server_options options;
        options.stall = std::chrono::milliseconds(2000);
        auto server = local_server_thread::start(options);
        REQUIRE(server);
        cfg.base_url = server.value()->openai_base_url();
        cfg.timeout = std::chrono::milliseconds(100);
        cfg.num_retries = 0;
        polyllm::basic_llm<polyllm::openai> llm{cfg};
        auto reply = llm.complete(req);
        REQUIRE_FALSE(reply);
        CHECK(reply.error().kind() == polyllm::errc::timeout);
    }
}

TEST_CASE("local server: many keep-alive connections on its one thread, pipelining, bad requests", "[local_server]") {
    auto server = local_server_thread::start({});
    REQUIRE(server);
    const auto port = server.value()->port();
    asio::io_context io;
    const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), port);

    auto read_response = [](asio::ip::tcp::socket& socket, std::string& pending) {
        polyllm::detail::http_response_parser parser;
        std::string body;
        char buf[4096];
        for (;;) {
            while (!pending.empty() && !parser.done()) {
                auto used = parser.put(pending, [&](std::string_view piece) { body += piece; });
                REQUIRE(used);
                pending.erase(0, used.value());
                if (used.value() == 0) break;
            }
            if (parser.done()) return std::pair{parser.status(), body};
            const auto n = socket.read_some(asio::buffer(buf));
            pending.append(buf, n);
        }
    };

    const std::string chat = chat_body("ping").dump();
    const std::string request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                "Content-Length: " + std::to_string(chat.size()) + "\r\n\r\n" + chat;
    constexpr int connections = 100;
    std::vector<asio::ip::tcp::socket> sockets;
    std::vector<std::string> pending(connections);
    for (int i = 0; i < connections; ++i) {
        sockets.emplace_back(io);
        sockets.back().connect(at);
    }
    // Every connection open at once, each used twice: all are served, none is closed between requests.
    for (int round = 0; round < 2; ++round) {
        for (auto& socket : sockets) asio::write(socket, asio::buffer(request));
        for (int i = 0; i < connections; ++i) {
            auto [status, body] = read_response(sockets[std::size_t(i)], pending[std::size_t(i)]);
            CHECK(status == 200);
            CHECK(nlohmann::json::parse(body)["choices"][0]["message"]["content"] == "ping");
        }
    }
    CHECK(server.value()->requests_seen() == 2 * connections);

    // Two pipelined requests in one write: two responses, in order.
    asio::write(sockets[0], asio::buffer(request + "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(read_response(sockets[0], pending[0]).first == 200);
    CHECK(nlohmann::json::parse(read_response(sockets[0], pending[0]).second)["object"] == "list");

    // Expect: 100-continue gets its interim response before the body is sent.
    const std::string head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                             "Content-Length: " + std::to_string(chat.size()) + "\r\n\r\n";
    asio::write(sockets[2], asio::buffer(head));
    std::string interim;
    while (interim.find("\r\n\r\n") == std::string::npos) {
        char buf[256];
        interim.append(buf, sockets[2].read_some(asio::buffer(buf)));
    }
    CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
    asio::write(sockets[2], asio::buffer(chat));
    CHECK(read_response(sockets[2], pending[2]).first == 200);

    // A malformed request: 400, then the server closes the connection.
    asio::write(sockets[1], asio::buffer(std::string("NOT HTTP\r\n\r\n")));
    CHECK(read_response(sockets[1], pending[1]).first == 400);
    char byte;
    std::error_code ec;
    sockets[1].read_some(asio::buffer(&byte, 1), ec);
    CHECK(ec == asio::error::eof);
}
