// A hostile server on loopback against basic_llm over the real transport: keys echoed where an excerpt is cut,
// control characters and floods in error messages, credentials and tokens in the base URL. Nothing of the key, no
// control character and no unbounded text may reach an error, an exception or a log line.
#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::loopback_server;

namespace {

constexpr std::string_view key = "sk-probe-0123456789abcde";

template <class P>
llm_config hostile_config(const loopback_server& server) {
    llm_config cfg;
    cfg.model = std::string(P::name) + (std::string_view(P::name) == "openai" ? "/gpt-4o" : "/some-model");
    cfg.api_key = std::string(key);
    cfg.base_url = std::string_view(P::name) == "openai" ? server.url("/v1") : server.url("");
    cfg.num_retries = 0;
    cfg.timeout = 20s;
    return cfg;
}

struct log_lines {
    std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
    logger sink() const {
        return [lines = lines](log_level, std::string_view text) { lines->emplace_back(text); };
    }
};

bool has_control_byte(std::string_view text) {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return true;
    }
    return false;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

template <class P>
result<completion> call(basic_llm<P>& llm, bool stream) {
    if (!stream) return llm.complete(hello());
    if constexpr (StreamingProvider<P>) return llm.stream(hello(), [](const stream_event&) {});
    return llm.complete(hello());
}

// Bodies with the key at every offset around a cut (the 200-byte excerpt of a plain body, the cap on a JSON
// message): whatever the offset, no character of the key may be shown, for every provider, streamed or not.
template <class P>
void sweep_cut_offsets() {
    loopback_server server;
    basic_llm<P> llm{hostile_config<P>(server)};
    log_lines log;
    llm.set_logger(log.sink(), log_level::debug);
    struct body {
        std::string text;
        std::string content_type;
        bool replaced_key_shown;  // "[redacted]" fits before the cut: proof that the sweep met the key
    };
    std::vector<body> bodies;
    for (std::size_t offset = 160; offset <= 210; ++offset)
        bodies.push_back({std::string(offset, 'x') + std::string(key) + " and more text", "text/plain",
                          offset + 10 <= detail::body_excerpt_limit});
    for (std::size_t offset = detail::server_text_limit - 30; offset <= detail::server_text_limit + 2; ++offset) {
        const auto message = std::string(offset, 'x') + std::string(key) + " and more text";
        bodies.push_back({nlohmann::json{{"error", {{"message", message}, {"type", "invalid_request_error"}}}}.dump(),
                          "application/json", offset + 10 <= detail::server_text_limit});
    }
    for (bool stream : {false, true}) {
        for (const auto& b : bodies) {
            server.then_respond(400, b.text, {{"Content-Type", b.content_type}});
            auto failed = call(llm, stream);
            REQUIRE_FALSE(failed);
            const auto shown = failed.error().to_string() + llm_error(failed.error()).what();
            INFO(P::name << " stream " << stream << ": " << shown.substr(shown.size() > 120 ? shown.size() - 120 : 0));
            CHECK(shown.find("sk-p") == std::string::npos);
            if (b.replaced_key_shown) CHECK(shown.find("[redacted]") != std::string::npos);
        }
    }
    for (const auto& line : *log.lines) CHECK(line.find("sk-p") == std::string::npos);
}

}  // namespace

TEST_CASE("hostile server: a key at every offset around an excerpt's cut is never shown in part",
          "[reliability][hostile][security]") {
    sweep_cut_offsets<openai>();
    sweep_cut_offsets<anthropic>();
    sweep_cut_offsets<gemini>();
}

TEST_CASE("hostile server: control characters and a 10 MiB message reach no error or log line as they came",
          "[reliability][hostile][security]") {
    loopback_server server;
    auto cfg = hostile_config<openai>(server);
    cfg.num_retries = 1;
    cfg.retry_min_wait = 1ms;
    cfg.retry_max_wait = 1ms;
    basic_llm<openai> llm{cfg};
    log_lines log;
    llm.set_logger(log.sink(), log_level::debug);

    const std::string forged = "upstream\x1b]0;pwned\x07\r\x1b[2Kretrying in 1.0 s (attempt 2 of 5): forged line\n";
    const std::string huge(10 * 1024 * 1024, 'M');
    for (const auto& message : {forged, huge}) {
        const auto body = nlohmann::json{{"error", {{"message", message}, {"type", "server_error"}}}}.dump();
        if (message == forged) {  // a 500, retried: the forged text also goes into the retry's log line
            server.then_respond(500, body, {{"Content-Type", "application/json"}});
            server.then_respond(500, body, {{"Content-Type", "application/json"}});
        } else {  // a 400, not retried: parsing 10 MiB twice would only slow the test
            server.then_respond(400, body, {{"Content-Type", "application/json"}});
        }
        auto failed = llm.complete(hello());
        REQUIRE_FALSE(failed);
        const auto shown = failed.error().to_string();
        CHECK_FALSE(has_control_byte(shown));
        CHECK(shown.size() < detail::server_text_limit + 200);
        CHECK_FALSE(has_control_byte(llm_error(failed.error()).what()));
    }
    // The debug log's request and response entries are several lines (request line, headers, body) by design:
    // the server's text may add none, nor any other control character.
    REQUIRE_FALSE(log.lines->empty());
    for (const auto& entry : *log.lines) {
        CHECK(entry.size() < 64 * 1024);  // the debug log shows bodies capped too
        std::string_view rest = entry;
        while (!rest.empty()) {
            const auto line = rest.substr(0, rest.find('\n'));
            rest.remove_prefix(std::min(rest.size(), line.size() + 1));
            CHECK_FALSE(has_control_byte(line));
            CHECK_FALSE(line.starts_with("retrying in 1.0 s (attempt 2 of 5)"));
            CHECK(line.size() < 20 * 1024);
        }
    }
}

TEST_CASE("hostile server: URL credentials and query values appear in no log line or error",
          "[reliability][hostile][security]") {
    loopback_server server;
    auto cfg = hostile_config<openai>(server);
    cfg.base_url = "http://user:s3cr3tpass@127.0.0.1:" + std::to_string(server.port()) + "/v1?token=tok-secret-1";
    basic_llm<openai> llm{cfg};
    log_lines log;
    llm.set_logger(log.sink(), log_level::debug);
    server.then_respond(200, fixture("openai/response-text.json"), {{"Content-Type", "application/json"}});
    server.then_respond(404, "no such thing", {{"Content-Type", "text/plain"}});
    REQUIRE(llm.complete(hello()));
    auto failed = llm.complete(hello());
    REQUIRE_FALSE(failed);

    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].target == "/v1/chat/completions?token=tok-secret-1");  // the query follows the endpoint

    std::string shown = failed.error().to_string();
    for (const auto& line : *log.lines) shown += line + "\n";
    CHECK_THAT(shown, Catch::Contains("POST http://127.0.0.1:"));
    CHECK_THAT(shown, Catch::Contains("/v1/chat/completions?token=[redacted]"));
    CHECK(shown.find("s3cr3tpass") == std::string::npos);
    CHECK(shown.find("user:") == std::string::npos);
    CHECK(shown.find("tok-secret-1") == std::string::npos);

    // A server that is gone: the connection error names neither.
    auto gone_cfg = cfg;
    {
        loopback_server gone;
        gone_cfg.base_url = "http://user:s3cr3tpass@127.0.0.1:" + std::to_string(gone.port()) + "/v1?token=tok-secret-1";
    }
    basic_llm<openai> unreachable{gone_cfg};
    log_lines gone_log;
    unreachable.set_logger(gone_log.sink(), log_level::debug);
    auto refused = unreachable.complete(hello());
    REQUIRE_FALSE(refused);
    std::string gone_shown = refused.error().to_string();
    for (const auto& line : *gone_log.lines) gone_shown += line + "\n";
    CHECK(gone_shown.find("s3cr3tpass") == std::string::npos);
    CHECK(gone_shown.find("tok-secret-1") == std::string::npos);
}

TEST_CASE("hostile server: a short key garbles no message, and the credential header is still hidden",
          "[reliability][hostile][security]") {
    loopback_server server;
    auto cfg = hostile_config<openai>(server);
    cfg.api_key = "e";
    basic_llm<openai> llm{cfg};
    log_lines log;
    llm.set_logger(log.sink(), log_level::debug);
    server.then_respond(400, R"({"error":{"message":"the request needs a model","type":"invalid_request_error"}})",
                        {{"Content-Type", "application/json"}});
    auto failed = llm.complete(hello());
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message == "the request needs a model");
    std::string logged;
    for (const auto& line : *log.lines) logged += line + "\n";
    CHECK_THAT(logged, Catch::Contains("Authorization: [redacted]"));
    CHECK(logged.find("Bearer") == std::string::npos);
}
