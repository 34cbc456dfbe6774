#include <polyllm/transport/cassette.hpp>
#include <polyllm/transport/cassette_transport.hpp>
#include <polyllm/transport/recording_transport.hpp>
#include <polyllm/transport/replaying_transport.hpp>

#include <polyllm/polyllm.hpp>
#include <polyllm/router.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/pieces.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::pieces;

namespace {

const std::string api_key = "sk-cassette-secret-0123456789";

llm_config config() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = api_key;
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

request weather() {
    request r;
    r.messages = {message::user("What is the weather in Paris?")};
    r.tools = {tool{"get_weather", "The weather in a city",
                    ordered_json::parse(R"({"type":"object","properties":{"location":{"type":"string"}}})")}};
    return r;
}

std::vector<std::string> whole_events(std::string_view sse) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < sse.size();) {
        auto end = sse.find("\n\n", at);
        end = end == std::string_view::npos ? sse.size() : end + 2;
        out.emplace_back(sse.substr(at, end - at));
        at = end;
    }
    return out;
}

struct temp_file {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("polyllm-cassette-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".json");
    ~temp_file() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    [[nodiscard]] std::string bytes() const {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
};

// What the same calls gave: completions or errors, and the events of the stream.
struct session {
    std::vector<result<completion>> results;
    std::vector<stream_event> events;
};

template <class LLM>
session run_session(LLM& llm) {
    session out;
    out.results.push_back(llm.complete(hello()));                                  // plain
    out.results.push_back(llm.stream(hello(), [&](const stream_event& e) { out.events.push_back(e); }));  // streamed
    out.results.push_back(llm.stream(weather(), [&](const stream_event& e) { out.events.push_back(e); }));  // tools
    out.results.push_back(llm.complete(weather()));                               // tool calls, whole
    out.results.push_back(llm.complete(hello()));                                  // 400
    out.results.push_back(llm.complete(hello()));                                  // 429 then 200
    out.results.push_back(llm.complete(hello()));                                  // connection reset then 200
    return out;
}

void script_session(scripted_transport& t) {
    t.respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_plain"}})
        .respond_stream(pieces(fixture("openai/stream-text.sse"), 37), {{"content-type", "text/event-stream"}})
        .respond_stream(whole_events(fixture("openai/stream-tool-calls.sse")), {{"content-type", "text/event-stream"}})
        .respond(200, fixture("openai/response-tool-calls.json"))
        .respond(400, fixture("openai/error-invalid-request.json"), {{"x-request-id", "req_bad"}})
        .respond(429, fixture("openai/error-rate-limit.json"), {{"retry-after", "1"}})
        .respond(200, fixture("openai/response-text.json"))
        .fail(error{errc::connection, "connection reset by peer"})
        .respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_after_reset"}});
}

void check_same(const session& replayed, const session& recorded) {
    REQUIRE(replayed.results.size() == recorded.results.size());
    for (std::size_t i = 0; i < recorded.results.size(); ++i) {
        INFO("call " << i);
        REQUIRE(bool(replayed.results[i]) == bool(recorded.results[i]));
        if (recorded.results[i]) {
            CHECK(replayed.results[i].value() == recorded.results[i].value());
        } else {
            CHECK(replayed.results[i].error().kind() == recorded.results[i].error().kind());
            CHECK(replayed.results[i].error().message == recorded.results[i].error().message);
            CHECK(replayed.results[i].error().request_id == recorded.results[i].error().request_id);
        }
    }
    CHECK(replayed.events == recorded.events);
}

}  // namespace

TEST_CASE("a session recorded over any transport replays with the same completions and events", "[cassette]") {
    temp_file file;
    basic_llm<openai, recording_transport<scripted_transport>> recorder{config()};
    recorder.retry_policy().jitter = 0;
    script_session(recorder.transport().inner());
    auto recorded = run_session(recorder);
    REQUIRE(recorder.transport().inner().remaining() == 0);
    CHECK(recorded.results[0]);
    CHECK(recorded.results[2]);
    CHECK(recorded.results[2].value().message.tool_calls.size() == 2);
    CHECK(recorded.results[4].error() == errc::bad_request);
    CHECK(recorded.results[5]);
    CHECK(recorded.results[6].value().request_id == "req_after_reset");
    REQUIRE(recorder.transport().recorded().exchanges.size() == 9);  // every attempt, retries included
    REQUIRE(recorder.transport().save(file.path));

    basic_llm<openai, replaying_transport> player{config()};  // no inner transport at all
    player.retry_policy().jitter = 0;
    REQUIRE(player.transport().load_file(file.path));
    auto replayed = run_session(player);
    check_same(replayed, recorded);
    CHECK(player.transport().served() == 9);
    CHECK(player.transport().waits() == std::vector<std::chrono::milliseconds>{1000ms, 5000ms});  // not slept

    SECTION("the file shows bodies as JSON and whole SSE events as events, with their times") {
        auto loaded = load_cassette(file.path);
        REQUIRE(loaded);
        const auto& x = loaded.value().exchanges;
        CHECK(x[1].streamed);
        CHECK(x[1].pieces.size() == pieces(fixture("openai/stream-text.sse"), 37).size());
        CHECK(x[7].failure->kind() == errc::connection);
        auto j = nlohmann::json::parse(file.bytes());
        CHECK(j["version"] == 1);
        CHECK(j["exchanges"][0]["request"]["body"]["model"] == "gpt-4o");
        CHECK(j["exchanges"][0]["response"]["body"].is_object());
        CHECK(j["exchanges"][2]["response"]["stream"][0]["events"][0]["data"].is_object());
        CHECK(j["exchanges"][2]["response"]["stream"][0]["at_ms"].is_number_integer());
        CHECK(j["exchanges"][1]["response"]["stream"][0]["data"].is_string());  // cut inside an event: text
        CHECK(j["exchanges"][7]["error"]["message"] == "connection reset by peer");
        CHECK(to_text(loaded.value()) == file.bytes());  // loads and writes back to the same bytes
    }
}

TEST_CASE("no credential survives in the cassette file", "[cassette][redaction]") {
    const std::string query_key = "AIzaQueryKey-0123456789abcdef";
    const std::string session_token = "FwoGZXIvYXdzEJr-session-token";
    temp_file file;
    asio::io_context io;
    recording_transport<scripted_transport> t{io.get_executor()};
    t.redact(api_key);
    t.inner()
        .respond(401, R"({"error":{"message":"Incorrect API key provided: )" + api_key + R"("}})",
                 {{"set-cookie", "__session=gateway-session-cookie-0123"}})
        .respond_stream({"data: {\"echo\":\"" + api_key + "\"}\n\n", "data: [DONE]\n\n"},
                        {{"content-type", "text/event-stream"}});
    http_request req;
    req.url = "https://example.test/v1beta/models/m:generateContent?alt=sse&key=" + query_key + "&api-key=" + api_key;
    req.headers.add("Authorization", "Bearer " + api_key);
    req.headers.add("x-api-key", api_key);
    req.headers.add("api-key", api_key);
    req.headers.add("x-goog-api-key", query_key);
    req.headers.add("x-amz-security-token", session_token);
    req.headers.add("x-amz-date", "20260101T000000Z");
    req.headers.add("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb924");
    req.body = R"({"note":"my key is )" + api_key + R"(","other":")" + query_key + R"("})";
    int done = 0;
    t.async_send(req, [&](result<http_response> r) { done += r && r.value().status == 401; });
    t.async_stream(req, [](std::string_view) { return true; }, [&](result<http_response> r) { done += bool(r); });
    io.run();
    REQUIRE(done == 2);
    REQUIRE(t.save(file.path));

    const auto bytes = file.bytes();
    CHECK(bytes.find(api_key) == std::string::npos);
    CHECK(bytes.find(query_key) == std::string::npos);
    CHECK(bytes.find(session_token) == std::string::npos);
    CHECK(bytes.find("sk-cassette") == std::string::npos);
    CHECK(bytes.find("gateway-session-cookie") == std::string::npos);
    CHECK(bytes.find("20260101T000000Z") != std::string::npos);  // not secrets: kept for the reader
    CHECK(bytes.find("e3b0c44298fc1c149afbf4c8996fb924") != std::string::npos);
    CHECK(bytes.find("alt=sse&key=[redacted]&api-key=[redacted]") != std::string::npos);
    const auto& scrubbed = t.recorded().scrubbed;
    for (const char* name : {"authorization header", "x-api-key header", "api-key header", "x-goog-api-key header",
                             "x-amz-security-token header", "key query parameter", "configured key"})
        CHECK(std::find(scrubbed.begin(), scrubbed.end(), name) != scrubbed.end());

    SECTION("the scrubbed recording still replays the same request") {
        replaying_transport player{io.get_executor()};
        player.redact(api_key);
        REQUIRE(player.load_file(file.path));
        int status = 0;
        player.async_send(req, [&](result<http_response> r) { status = r ? r.value().status : -1; });
        io.restart();
        io.run();
        CHECK(status == 401);
    }
}

TEST_CASE("a key cut by a stream's piece boundary is scrubbed from every piece", "[cassette][redaction]") {
    // The server echoes the key, and the chunk boundary falls inside it: no one piece holds the whole key.
    for (const std::size_t cut : {std::size_t(1), std::size_t(5), std::size_t(12), api_key.size() - 1}) {
        INFO("cut after " << cut << " characters of the key");
        asio::io_context io;
        recording_transport<scripted_transport> t{io.get_executor()};
        t.redact(api_key);
        t.inner().respond_stream({"data: {\"echo\":\"" + api_key.substr(0, cut),
                                  api_key.substr(cut) + "\"}\n\n", "data: [DONE]\n\n"},
                                 {{"content-type", "text/event-stream"}});
        http_request req;
        req.url = "https://example.test/v1/chat/completions";
        bool done = false;
        t.async_stream(req, [](std::string_view) { return true; }, [&](result<http_response> r) { done = bool(r); });
        io.run();
        REQUIRE(done);
        const auto& pieces = t.recorded().exchanges.at(0).pieces;
        REQUIRE(pieces.size() == 3);
        // The marker stands where the key began; the rest of the stream is untouched.
        CHECK(pieces[0].data == "data: {\"echo\":\"[redacted]");
        CHECK(pieces[1].data == "\"}\n\n");
        CHECK(pieces[2].data == "data: [DONE]\n\n");
        const auto& scrubbed = t.recorded().scrubbed;
        CHECK(std::find(scrubbed.begin(), scrubbed.end(), "configured key") != scrubbed.end());
    }
}

TEST_CASE("an unmatched request is an error that names the closest recording and the difference", "[cassette]") {
    temp_file file;
    basic_llm<openai, recording_transport<scripted_transport>> recorder{config()};
    recorder.transport().inner().respond(200, fixture("openai/response-text.json"));
    REQUIRE(recorder.complete(hello()));
    REQUIRE(recorder.transport().save(file.path));

    basic_llm<openai, replaying_transport> player{config()};
    REQUIRE(player.transport().load_file(file.path));
    request changed;
    changed.messages = {message::user("Goodbye!")};
    auto c = player.complete(changed);
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::invalid_config);
    CHECK(c.error().verdict == retry_verdict::no);
    CHECK(player.transport().served() == 0);  // not retried, and nothing consumed
    CHECK_THAT(c.error().message, Catch::Contains("closest is exchange 0 (POST /v1/chat/completions)"));
    CHECK_THAT(c.error().message, Catch::Contains("/messages/0/content: recorded Hello!, sent Goodbye!"));

    CHECK(player.complete(hello()));
    auto again = player.complete(hello());  // recorded once, asked twice
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("already served"));

    SECTION("volatile fields are left out of the comparison") {
        replay_options options;
        options.match.volatile_fields = {"/messages/0/content"};
        REQUIRE(player.transport().load_file(file.path, options));
        CHECK(player.complete(changed));
    }
}

TEST_CASE("record modes decide between the file and the inner transport", "[cassette][modes]") {
    using llm_t = basic_llm<openai, cassette_transport<scripted_transport>>;
    temp_file file;

    {  // once, no file: records and writes it
        llm_t llm{config()};
        REQUIRE(llm.transport().open(file.path, record_mode::once));
        CHECK_FALSE(llm.transport().replaying());
        llm.transport().inner().respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_1"}});
        REQUIRE(llm.complete(hello()).value().request_id == "req_1");
        CHECK(llm.transport().recorded() == 1);
        CHECK_FALSE(llm.transport().save_error());
        REQUIRE(std::filesystem::exists(file.path));
    }
    {  // once, with the file: replays, never touching the inner transport
        llm_t llm{config()};
        REQUIRE(llm.transport().open(file.path, record_mode::once));
        CHECK(llm.transport().replaying());
        CHECK(llm.complete(hello()).value().request_id == "req_1");
        CHECK(llm.transport().inner().requests().empty());
        request other;
        other.messages = {message::user("Something new")};
        CHECK(llm.complete(other).error() == errc::invalid_config);
        CHECK(llm.transport().inner().requests().empty());
    }
    {  // new_episodes: replays what matches, records and appends the rest
        llm_t llm{config()};
        REQUIRE(llm.transport().open(file.path, record_mode::new_episodes));
        llm.transport().inner().respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_2"}});
        CHECK(llm.complete(hello()).value().request_id == "req_1");
        request other;
        other.messages = {message::user("Something new")};
        CHECK(llm.complete(other).value().request_id == "req_2");
        CHECK(llm.transport().inner().requests().size() == 1);
        CHECK(load_cassette(file.path).value().exchanges.size() == 2);
    }
    {  // none: replays only
        llm_t llm{config()};
        REQUIRE(llm.transport().open(file.path, record_mode::none));
        CHECK_FALSE(llm.transport().recording());
        CHECK(llm.complete(hello()).value().request_id == "req_1");
        CHECK(llm.complete(hello()).error() == errc::invalid_config);  // recorded once
        CHECK(llm.transport().inner().requests().empty());
    }
    {  // all: records everything again, replacing the file
        llm_t llm{config()};
        REQUIRE(llm.transport().open(file.path, record_mode::all));
        llm.transport().inner().respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_3"}});
        CHECK(llm.complete(hello()).value().request_id == "req_3");
        CHECK(load_cassette(file.path).value().exchanges.size() == 1);
    }
    {  // none without a file fails at open
        llm_t llm{config()};
        temp_file missing;
        auto opened = llm.transport().open(missing.path, record_mode::none);
        REQUIRE_FALSE(opened);
        CHECK(opened.error() == errc::not_found);
    }
}

TEST_CASE("POLYLLM_RECORD_MODE chooses the mode when the code does not", "[cassette][modes]") {
    CHECK(parse_record_mode("new_episodes").value() == record_mode::new_episodes);
    CHECK(parse_record_mode("None").error() == errc::invalid_config);
    temp_file file;
    basic_llm<openai, cassette_transport<scripted_transport>> llm{config()};
    ::setenv("POLYLLM_RECORD_MODE", "none", 1);
    auto none = llm.transport().open(file.path);  // no file, and none only replays
    ::setenv("POLYLLM_RECORD_MODE", "record-everything", 1);
    auto typo = llm.transport().open(file.path);
    ::setenv("POLYLLM_RECORD_MODE", "all", 1);
    auto all = llm.transport().open(file.path);
    ::unsetenv("POLYLLM_RECORD_MODE");
    REQUIRE_FALSE(none);
    CHECK(none.error() == errc::not_found);
    REQUIRE_FALSE(typo);
    CHECK_THAT(typo.error().message, Catch::Contains("POLYLLM_RECORD_MODE"));
    REQUIRE(all);
    CHECK(llm.transport().mode() == record_mode::all);
    auto fallback = llm.transport().open(file.path);
    REQUIRE(fallback);
    CHECK(llm.transport().mode() == record_mode::once);
}

TEST_CASE("a malformed cassette is an error that says where", "[cassette]") {
    CHECK_THAT(parse_cassette("{").error().message, Catch::Contains("not JSON"));
    CHECK_THAT(parse_cassette(R"({"exchanges":[]})").error().message, Catch::Contains("missing \"version\""));
    CHECK_THAT(parse_cassette(R"({"version":2,"exchanges":[]})").error().message, Catch::Contains("version 2"));
    CHECK_THAT(parse_cassette(R"({"version":1,"exchanges":[{"response":{"status":200}}]})").error().message,
               Catch::Contains("exchanges[0]: missing \"request\""));
    CHECK_THAT(parse_cassette(R"({"version":1,"exchanges":[{"request":{"method":"POST","url":"u"},
                                   "response":{"status":"200"}}]})")
                   .error()
                   .message,
               Catch::Contains("exchanges[0].response: \"status\" must be an integer"));
    CHECK_THAT(parse_cassette(R"({"version":1,"exchanges":[{"request":{"method":"POST","url":"u"},
                                   "error":{"kind":"gremlins"}}]})")
                   .error()
                   .message,
               Catch::Contains("unknown kind \"gremlins\""));
    CHECK(parse_cassette(R"({"version":1,"exchanges":[]})"));
    temp_file missing;
    CHECK(load_cassette(missing.path).error() == errc::not_found);
}

TEST_CASE("the local server answers from a cassette over HTTP", "[cassette][local_server]") {
    basic_llm<openai, recording_transport<scripted_transport>> recorder{config()};
    recorder.transport()
        .inner()
        .respond(200, fixture("openai/response-text.json"), {{"x-request-id", "req_plain"}})
        .respond_stream(pieces(fixture("openai/stream-text.sse"), 37), {{"content-type", "text/event-stream"}})
        .respond(400, fixture("openai/error-invalid-request.json"), {{"content-type", "application/json"}});
    std::vector<stream_event> recorded_events;
    auto plain = recorder.complete(hello());
    auto streamed = recorder.stream(weather(), [&](const stream_event& e) { recorded_events.push_back(e); });
    auto refused = recorder.complete(hello());
    REQUIRE(plain);
    REQUIRE(streamed);
    REQUIRE_FALSE(refused);

    SECTION("without sockets") {
        testing::local_cassette served(recorder.transport().recorded());
        auto mismatch = served.respond({"POST", "/v1/chat/completions", {}, R"({"model":"gpt-4o","messages":[]})"});
        CHECK(mismatch.status == 400);
        CHECK_THAT(mismatch.body, Catch::Contains("closest is exchange"));
        const auto& recorded_body = recorder.transport().recorded().exchanges[0].request.body;
        auto first = served.respond({"POST", "/v1/chat/completions", {}, recorded_body});
        CHECK(first.status == 200);
        CHECK(nlohmann::json::parse(first.body) == nlohmann::json::parse(fixture("openai/response-text.json")));
        CHECK(served.served() == 1);
    }
    SECTION("through a real client") {
        testing::local_server_options options;
        options.cassette = std::make_shared<testing::local_cassette>(recorder.transport().recorded());
        auto server = testing::local_server_thread::start(options);
        REQUIRE(server);
        auto cfg = config();
        cfg.base_url = server.value()->openai_base_url();
        cfg.num_retries = 0;
        basic_llm<openai> llm{cfg};
        std::vector<stream_event> events;
        auto again = llm.complete(hello());
        REQUIRE(again);
        CHECK(again.value().message == plain.value().message);
        CHECK(again.value().usage == plain.value().usage);
        CHECK(again.value().request_id == "req_plain");
        auto again_streamed = llm.stream(weather(), [&](const stream_event& e) { events.push_back(e); });
        REQUIRE(again_streamed);
        CHECK(events == recorded_events);
        auto again_refused = llm.complete(hello());
        REQUIRE_FALSE(again_refused);
        CHECK(again_refused.error().kind() == refused.error().kind());
        CHECK(again_refused.error().message == refused.error().message);
        CHECK(server.value()->requests_seen() == 3);
    }
}

TEST_CASE("a session recorded with one provider replays through the router, fallback included", "[cassette][router]") {
    // Two recordings of the same request: one deployment was rate limited, the other answered.
    auto record = [](int status, const std::string& body) {
        auto cfg = config();
        cfg.num_retries = 0;
        basic_llm<openai, recording_transport<scripted_transport>> recorder{cfg};
        recorder.transport().inner().respond(status, body, {{"x-request-id", "req_" + std::to_string(status)}});
        auto reply = recorder.complete(hello());
        return std::pair{recorder.transport().recorded(), std::move(reply)};
    };
    auto [limited, refused] = record(429, fixture("openai/error-rate-limit.json"));
    auto [answered, reply] = record(200, fixture("openai/response-text.json"));
    REQUIRE(refused.error() == errc::rate_limited);
    REQUIRE(reply);

    router_options options;
    options.fallbacks.general["smart"] = {"spare"};
    basic_router<replaying_transport> r{options};
    for (const char* name : {"primary", "backup"}) {
        deployment d;
        d.name = name;
        d.config = config();
        d.config.num_retries = 0;
        REQUIRE(r.add_deployment(d, any_provider(openai{})));
    }
    REQUIRE(r.add_group("smart", {"primary"}));
    REQUIRE(r.add_group("spare", {"backup"}));
    r.connection("primary")->transport().load(limited);
    r.connection("backup")->transport().load(answered);
    auto routed = r.complete_routed("smart", hello());
    REQUIRE(routed);
    CHECK(routed.value().deployment == "backup");
    CHECK(routed.value().value == reply.value());
    CHECK(r.connection("primary")->transport().served() == 1);
}

TEST_CASE("bodies are compared as JSON: key order and spacing do not matter, the host does not either",
          "[cassette][matching]") {
    cassette c;
    recorded_exchange x;
    x.request.url = "https://api.example.com/v1/chat?api-version=1";
    x.request.body = R"({"model":"m","messages":[{"role":"user","content":"hi"}],"n":1})";
    x.response = http_response{200, {}, {}, "{}"};
    c.exchanges = {x, x};
    cassette_matcher matcher(c);
    http_request live;
    live.url = "http://127.0.0.1:8080/v1/chat?api-version=1";
    live.body = R"({ "n": 1, "messages": [ {"content": "hi", "role": "user"} ], "model": "m" })";
    CHECK(matcher.take(live).value() == 0);
    CHECK(matcher.take(live).value() == 1);  // the second identical recording next
    CHECK_FALSE(matcher.take(live));
    cassette_matcher fresh(c);
    live.url = "http://127.0.0.1:8080/v1/chat?api-version=2";
    auto other_query = fresh.take(live);
    REQUIRE_FALSE(other_query);
    CHECK_THAT(other_query.error().message, Catch::Contains("path differs"));
    live.url = x.request.url;
    live.method = "PUT";
    CHECK_THAT(fresh.take(live).error().message, Catch::Contains("method differs"));
}

TEST_CASE("a stream that failed midway replays its pieces, then the same failure", "[cassette][stream]") {
    auto cfg = config();
    cfg.num_retries = 0;
    basic_llm<openai, recording_transport<scripted_transport>> recorder{cfg};
    auto events_of = whole_events(fixture("openai/stream-text.sse"));
    events_of.resize(4);
    recorder.transport().inner().respond_stream(
        scripted_stream{200, {{"content-type", "text/event-stream"}}, events_of,
                        error{errc::connection, "connection reset mid-stream"}, false});
    std::vector<stream_event> recorded_events;
    auto recorded = recorder.stream(hello(), [&](const stream_event& e) { recorded_events.push_back(e); });
    REQUIRE_FALSE(recorded);
    REQUIRE_FALSE(recorded_events.empty());
    const auto& x = recorder.transport().recorded().exchanges.at(0);
    CHECK(x.streamed);
    CHECK(x.pieces.size() == 4);
    REQUIRE(x.failure);

    auto file = to_text(recorder.transport().recorded());
    for (bool paced : {false, true}) {
        INFO("paced " << paced);
        auto tape = parse_cassette(file).value();
        for (std::size_t i = 0; i < tape.exchanges[0].pieces.size(); ++i)
            tape.exchanges[0].pieces[i].at = std::chrono::milliseconds(i);  // at most 3 ms in all
        basic_llm<openai, replaying_transport> player{cfg};
        replay_options options;
        options.paced = paced;
        player.transport().load(tape, options);
        std::vector<stream_event> events;
        const auto start = std::chrono::steady_clock::now();
        auto replayed = player.stream(hello(), [&](const stream_event& e) { events.push_back(e); });
        const auto took = std::chrono::steady_clock::now() - start;
        REQUIRE_FALSE(replayed);
        CHECK(replayed.error().kind() == recorded.error().kind());
        CHECK(replayed.error().message == recorded.error().message);
        CHECK(events == recorded_events);
        if (paced) CHECK(took >= 3ms);
    }
}
