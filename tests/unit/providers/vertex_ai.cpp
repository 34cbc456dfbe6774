// Vertex AI: URLs and bodies for both publishers (Gemini, Claude), settings from options and the environment, and
// end to end over the scripted transport: the token fetched through the call's transport, cached, refreshed, and
// a failed refresh classified.
#include <polyllm/vertex_ai.hpp>

#include <polyllm/auth/jwt.hpp>
#include <polyllm/config/environment.hpp>
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/form_fields.hpp"
#include "support/pieces.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::fixture_json;
using polyllm_test::pieces;
using nlohmann::json;

namespace {

const std::string key_file = std::string(POLYLLM_FIXTURES_DIR) + "/vertex_ai/service-account-test-key.json";

llm_config config_for(std::string model) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.caching_prompt = false;
    return cfg;
}

vertex_ai::options options_for(std::string location = "us-east5") {
    vertex_ai::options o;
    o.project = "my-project";
    o.location = std::move(location);
    o.credentials = key_file;
    return o;
}

request hello() {
    request r;
    r.messages = {message::system("You are a helpful assistant."), message::user("Hello!")};
    r.max_tokens = 1024;
    return r;
}

http_request prepare(const llm_config& cfg, const vertex_ai::options& o, bool stream = false) {
    auto prepared = vertex_ai{}.prepare(hello(), {cfg, o, stream});
    REQUIRE(prepared);
    return std::move(prepared).value();
}

// The private key's PEM body: no error, log line or request display may hold any of it.
std::string private_key_body() {
    const auto key = json::parse(fixture("vertex_ai/service-account-test-key.json"))["private_key"].get<std::string>();
    const auto start = key.find('\n') + 1;
    return key.substr(start, 40);
}

struct virtual_clock {
    std::shared_ptr<std::chrono::system_clock::time_point> now =
        std::make_shared<std::chrono::system_clock::time_point>(std::chrono::seconds(1'800'000'000));
    auth::token_cache::clock_function function() const {
        return [now = now] { return *now; };
    }
};

using vertex_test_llm = basic_llm<vertex_ai, scripted_transport>;

vertex_test_llm make_llm(const virtual_clock& clock, std::string model = "vertex_ai/gemini-2.5-pro",
                         vertex_ai::options o = options_for()) {
    vertex_test_llm llm{vertex_ai{std::make_shared<auth::google_token_sources>(clock.function())},
                        config_for(std::move(model)), std::move(o)};
    llm.retry_policy().jitter = 0;
    return llm;
}

}  // namespace

TEST_CASE("vertex_ai sends Gemini to the regional :generateContent and :streamGenerateContent?alt=sse",
          "[vertex_ai]") {
    const auto cfg = config_for("vertex_ai/gemini-2.5-pro");
    auto http = prepare(cfg, options_for());
    CHECK(http.method == "POST");
    CHECK(http.url == "https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/"
                      "publishers/google/models/gemini-2.5-pro:generateContent");
    CHECK(http.headers.find("content-type") == "application/json");
    CHECK_FALSE(http.headers.contains("authorization"));  // added per attempt by async_authorize
    CHECK(json::parse(http.body) == fixture_json("vertex_ai/request-gemini.json"));
    auto streamed = prepare(cfg, options_for(), true);
    CHECK(streamed.url == "https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/"
                          "publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    CHECK(streamed.stream);
    CHECK(streamed.body == http.body);
}

TEST_CASE("vertex_ai sends Claude to :rawPredict and :streamRawPredict, without model, with anthropic_version",
          "[vertex_ai]") {
    const auto cfg = config_for("vertex_ai/claude-sonnet-4-5@20250929");
    auto http = prepare(cfg, options_for());
    CHECK(http.url == "https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/"
                      "publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
    // Byte for byte, in the order the fixture lists the keys.
    CHECK(http.body == nlohmann::ordered_json::parse(fixture("vertex_ai/request-claude.json")).dump());
    auto streamed = prepare(cfg, options_for(), true);
    CHECK(streamed.url == "https://us-east5-aiplatform.googleapis.com/v1/projects/my-project/locations/us-east5/"
                          "publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict");
    CHECK(streamed.body == nlohmann::ordered_json::parse(fixture("vertex_ai/request-claude-stream.json")).dump());
}

TEST_CASE("vertex_ai: the global location, a base URL, and names that cannot be addressed", "[vertex_ai]") {
    auto global = prepare(config_for("vertex_ai/gemini-2.5-pro"), options_for("global"));
    CHECK(global.url == "https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/"
                        "publishers/google/models/gemini-2.5-pro:generateContent");
    auto cfg = config_for("vertex_ai/claude-haiku-4-5@20251001");
    cfg.base_url = "http://127.0.0.1:8080";
    CHECK(prepare(cfg, options_for()).url == "http://127.0.0.1:8080/v1/projects/my-project/locations/us-east5/"
                                             "publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict");

    for (const std::string location : {"evil.com/x", "US-EAST5", "", "-x"}) {
        auto o = options_for(location);
        if (location.empty()) continue;  // empty means the default, tested below
        auto bad = vertex_ai{}.prepare(hello(), {config_for("vertex_ai/gemini-2.5-pro"), o, false});
        REQUIRE_FALSE(bad);
        CHECK(bad.error() == errc::invalid_config);
    }
    auto traversal = vertex_ai{}.prepare(hello(), {config_for("vertex_ai/../../x"), options_for(), false});
    REQUIRE_FALSE(traversal);
    CHECK(traversal.error() == errc::invalid_config);
}

TEST_CASE("vertex_ai settings: options first, then VERTEXAI_* and GOOGLE_APPLICATION_CREDENTIALS", "[vertex_ai]") {
    const auto env = environment::from({{"VERTEXAI_PROJECT", "env-project"},
                                        {"VERTEXAI_LOCATION", "europe-west4"},
                                        {"GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json"},
                                        {"VERTEXAI_ACCESS_TOKEN", "ya29.env"}});
    auto from_env = vertex_ai_wire::resolve_settings({}, env);
    CHECK(from_env.project == "env-project");
    CHECK(from_env.location == "europe-west4");
    CHECK(from_env.credentials.reveal() == "/keys/sa.json");
    CHECK(from_env.access_token.reveal() == "ya29.env");
    auto from_options = vertex_ai_wire::resolve_settings({"p", "asia-east1", "/k.json", {}}, env);
    CHECK(from_options.project == "p");
    CHECK(from_options.location == "asia-east1");
    CHECK(from_options.credentials.reveal() == "/k.json");
    CHECK(vertex_ai_wire::resolve_settings({}, environment::none()).location == "us-central1");
    CHECK(vertex_ai_wire::application_default_credentials_path(environment::from({{"CLOUDSDK_CONFIG", "/etc/gc"}})) ==
          "/etc/gc/application_default_credentials.json");
    CHECK(vertex_ai_wire::application_default_credentials_path(environment::none()).empty());
#if !defined(_WIN32)
    CHECK(vertex_ai_wire::application_default_credentials_path(environment::from({{"HOME", "/home/u"}})) ==
          "/home/u/.config/gcloud/application_default_credentials.json");
#endif
    CHECK(vertex_ai_wire::resolve_settings({}, environment::from({{"GOOGLE_CLOUD_PROJECT", "gcp"}})).project ==
          "gcp");

    // The configuration keys: LLM_VERTEX_* in the environment, vertex_* in config.toml.
    vertex_ai::options o;
    auto applied = apply_environment(o, environment::from({{"LLM_VERTEX_PROJECT", "cfg-project"},
                                                           {"LLM_VERTEX_LOCATION", "global"},
                                                           {"LLM_VERTEX_CREDENTIALS", "/etc/sa.json"}}));
    REQUIRE(applied);
    CHECK(o.project == "cfg-project");
    CHECK(o.location == "global");
    CHECK(o.credentials.reveal() == "/etc/sa.json");

    // No project anywhere: the key file's project_id.
    auto no_project = options_for();
    no_project.project.clear();
    if (!environment::process().get("VERTEXAI_PROJECT") && !environment::process().get("GOOGLE_CLOUD_PROJECT"))
        CHECK_THAT(prepare(config_for("vertex_ai/gemini-2.5-pro"), no_project).url,
                   Catch::Contains("/projects/polyllm-test/"));
}

TEST_CASE("vertex_ai model tables: Vertex's '@' names have Claude's features, limits and prices", "[vertex_ai]") {
    CHECK(features_of<vertex_ai>("vertex_ai/claude-sonnet-4-5@20250929").reasoning_effort);
    CHECK(features_of<vertex_ai>("vertex_ai/claude-sonnet-4-5@20250929").prompt_cache);
    CHECK(features_of<vertex_ai>("vertex_ai/gemini-2.5-pro").reasoning_effort);
    CHECK_FALSE(features_of<vertex_ai>("vertex_ai/gemini-2.0-flash").reasoning_effort);
    const auto claude = model_info_of("vertex_ai/claude-sonnet-4-5@20250929");
    REQUIRE(claude);
    CHECK(claude->input_cost_per_token == model_info_of("claude-sonnet-4-5-20250929")->input_cost_per_token);
    CHECK(model_info_of("vertex_ai/gemini-2.5-pro"));
    CHECK(effective_model_info<vertex_ai>(config_for("vertex_ai/claude-opus-4-5@20251101")).max_output_tokens ==
          model_info_of("claude-opus-4-5-20251101")->max_output_tokens);
}

TEST_CASE("vertex_ai: the Gemini and Anthropic providers' model knowledge applies to Vertex's names",
          "[vertex_ai][models]") {
    auto cfg = config_for("vertex_ai/claude-opus-4-5@20251101");
    cfg.reasoning_effort = reasoning_effort::high;
    request r = hello();
    r.max_tokens.reset();
    auto claude = vertex_ai{}.prepare(r, {cfg, options_for(), false});
    REQUIRE(claude);
    const auto body = json::parse(claude.value().body);
    CHECK(body["max_tokens"] == *model_info_of("claude-opus-4-5-20251101")->max_output_tokens);
    CHECK(body["thinking"]["type"] == "enabled");  // extended thinking, as the Anthropic provider writes it
    CHECK_FALSE(body.contains("model"));

    auto gemini_cfg = config_for("vertex_ai/gemini-2.5-pro");
    gemini_cfg.reasoning_effort = reasoning_effort::low;
    auto gemini = vertex_ai{}.prepare(hello(), {gemini_cfg, options_for(), false});
    REQUIRE(gemini);
    CHECK(json::parse(gemini.value().body)["generationConfig"].contains("thinkingConfig"));
}

TEST_CASE("vertex_ai end to end: the service account's token is fetched once, sent as Bearer, refreshed near expiry",
          "[vertex_ai][basic_llm]") {
    virtual_clock clock;
    auto llm = make_llm(clock);
    llm.transport()
        .respond(200, fixture("vertex_ai/token-response.json"))
        .respond(200, fixture("gemini/response-text.json"))
        .respond(200, fixture("gemini/response-text.json"));
    REQUIRE(llm.complete(hello()));
    REQUIRE(llm.complete(hello()));
    const auto& sent = llm.transport().requests();
    REQUIRE(sent.size() == 3);  // one token request for two calls
    CHECK(sent[0].url == "https://oauth2.googleapis.com/token");
    CHECK(sent[0].headers.find("content-type") == "application/x-www-form-urlencoded");
    const auto jwt = auth::split_jwt(polyllm_test::form_value(sent[0].body, "assertion"));
    REQUIRE(jwt);
    CHECK(auth::rs256_verify(jwt->signing_input, jwt->signature,
                             fixture("vertex_ai/service-account-test-key.pub.pem")));
    CHECK(jwt->claims["iat"] == 1'800'000'000);
    for (std::size_t i : {1u, 2u}) {
        CHECK(sent[i].headers.find("authorization") == "Bearer ya29.c.TEST-ACCESS-TOKEN-1");
        for (const auto& h : sent[i].headers) CHECK(h.sensitive == (h.name == "authorization"));
    }

    *clock.now += 3599s - 299s;  // inside the five-minute margin: the next call refreshes first
    llm.transport()
        .respond(200, R"({"access_token":"ya29.second","expires_in":3599})")
        .respond(200, fixture("gemini/response-text.json"));
    REQUIRE(llm.complete(hello()));
    REQUIRE(sent.size() == 5);
    CHECK(sent[3].url == "https://oauth2.googleapis.com/token");
    CHECK(sent[4].headers.find("authorization") == "Bearer ya29.second");
}

TEST_CASE("vertex_ai end to end: a refused refresh is an authentication error naming the file, not retried",
          "[vertex_ai][basic_llm]") {
    virtual_clock clock;
    auto llm = make_llm(clock, "vertex_ai/claude-sonnet-4-5@20250929");
    llm.transport().respond(400, fixture("vertex_ai/token-error-invalid-grant.json"));
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::authentication);
    CHECK(c.error().provider == "vertex_ai");
    CHECK_THAT(c.error().message, Catch::Contains(key_file) && Catch::Contains("invalid_grant"));
    CHECK(c.error().to_string().find(private_key_body()) == std::string::npos);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("vertex_ai end to end: a token endpoint that is down is retried, then Claude answers",
          "[vertex_ai][basic_llm][retry]") {
    virtual_clock clock;
    auto llm = make_llm(clock, "vertex_ai/claude-sonnet-4-5@20250929");
    llm.transport()
        .respond(503, "unavailable")
        .respond(200, fixture("vertex_ai/token-response.json"))
        .respond(200, fixture("vertex_ai/response-claude.json"));
    std::vector<errc> causes;
    llm.on_retry([&](const retry_event& e) { causes.push_back(e.cause.kind()); });
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() == "Hello! How can I help you today?");
    CHECK(causes == std::vector<errc>{errc::authentication});
    REQUIRE(llm.transport().requests().size() == 3);
    CHECK_THAT(llm.transport().requests()[2].url, Catch::EndsWith(":rawPredict"));
}

TEST_CASE("vertex_ai end to end: a 401 drops the cached token, so the retry fetches a new one",
          "[vertex_ai][basic_llm]") {
    virtual_clock clock;
    auto llm = make_llm(clock);
    llm.transport()
        .respond(200, fixture("vertex_ai/token-response.json"))
        .respond(401, fixture("gemini/error-unauthenticated.json"))
        .respond(200, R"({"access_token":"ya29.fresh","expires_in":3599})")
        .respond(200, fixture("gemini/response-text.json"));
    auto first = llm.complete(hello());
    REQUIRE_FALSE(first);  // a 401 is not retried by itself
    CHECK(first.error() == errc::authentication);
    REQUIRE(llm.complete(hello()));
    const auto& sent = llm.transport().requests();
    REQUIRE(sent.size() == 4);
    CHECK(sent[2].url == "https://oauth2.googleapis.com/token");
    CHECK(sent[3].headers.find("authorization") == "Bearer ya29.fresh");
}

TEST_CASE("vertex_ai end to end: a ready access token is sent as it is, with no token request",
          "[vertex_ai][basic_llm]") {
    virtual_clock clock;
    auto o = options_for();
    o.credentials = secret{};
    o.access_token = "ya29.minted-elsewhere";
    auto llm = make_llm(clock, "vertex_ai/gemini-2.5-pro", o);
    llm.transport().respond(200, fixture("gemini/response-text.json"));
    REQUIRE(llm.complete(hello()));
    REQUIRE(llm.transport().requests().size() == 1);
    CHECK(llm.transport().requests()[0].headers.find("authorization") == "Bearer ya29.minted-elsewhere");
}

TEST_CASE("vertex_ai end to end: streams of both publishers read as the Gemini and Anthropic providers read them",
          "[vertex_ai][basic_llm][stream]") {
    for (std::size_t size : {std::size_t(1), std::size_t(17), std::size_t(100000)}) {
        virtual_clock clock;
        auto gemini_llm = make_llm(clock);
        gemini_llm.transport()
            .respond(200, fixture("vertex_ai/token-response.json"))
            .respond_stream(pieces(fixture("gemini/stream-text.sse"), size));
        std::string text;
        auto g = gemini_llm.stream(hello(), [&](const stream_event& e) {
            if (const auto* d = std::get_if<text_delta>(&e)) text += d->text;
        });
        REQUIRE(g);
        CHECK(text == g.value().message.text());
        CHECK_FALSE(text.empty());

        auto claude_llm = make_llm(clock, "vertex_ai/claude-sonnet-4-5@20250929");
        claude_llm.transport()
            .respond(200, fixture("vertex_ai/token-response.json"))
            .respond_stream(pieces(fixture("anthropic/stream-text.sse"), size));
        auto c = claude_llm.stream(hello(), [](const stream_event&) {});
        REQUIRE(c);
        CHECK(c.value().message.text() == "Hello!");
        CHECK_THAT(claude_llm.transport().requests()[1].url, Catch::EndsWith(":streamRawPredict"));

        auto cut = make_llm(clock, "vertex_ai/claude-sonnet-4-5@20250929");
        cut.transport()
            .respond(200, fixture("vertex_ai/token-response.json"))
            .respond_stream(pieces(fixture("anthropic/stream-truncated.sse"), size));
        auto truncated = cut.stream(hello(), [](const stream_event&) {});
        CHECK_FALSE(truncated);
    }
}

TEST_CASE("vertex_ai: missing credentials say where to put them", "[vertex_ai][basic_llm]") {
    const auto adc = vertex_ai_wire::application_default_credentials_path(environment::process());
    if (environment::process().get("GOOGLE_APPLICATION_CREDENTIALS") ||
        environment::process().get("VERTEXAI_ACCESS_TOKEN") || (!adc.empty() && std::filesystem::exists(adc)))
        return;  // the machine's own configuration would answer
    virtual_clock clock;
    auto o = options_for();
    o.credentials = secret{};
    auto llm = make_llm(clock, "vertex_ai/gemini-2.5-pro", o);
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::authentication);
    CHECK_THAT(c.error().message, Catch::Contains("GOOGLE_APPLICATION_CREDENTIALS"));
    CHECK(llm.transport().requests().empty());
}

TEST_CASE("The private key, the refresh token and the access token reach no output on any path",
          "[vertex_ai][log][security]") {
    // The credentials given inline (vertex_credentials as JSON), so that the option itself holds the key.
    const auto inline_key = fixture("vertex_ai/service-account-test-key.json");
    const auto key_body = private_key_body();
    std::string shown;
    std::vector<std::string> logged;
    const logger sink = [&](log_level, std::string_view text) { logged.emplace_back(text); };

    virtual_clock clock;
    auto o = options_for();
    o.credentials = inline_key;
    auto cfg = config_for("vertex_ai/gemini-2.5-pro");
    cfg.num_retries = 1;
    vertex_test_llm llm{vertex_ai{std::make_shared<auth::google_token_sources>(clock.function())}, cfg, o};
    llm.retry_policy().jitter = 0;
    llm.set_logger(sink);
    llm.transport()
        .respond(200, fixture("vertex_ai/token-response.json"))
        .respond(200, fixture("gemini/response-text.json"))
        .respond(500, fixture("gemini/error-internal.json"))
        .respond(500, fixture("gemini/error-internal.json"))
        .respond(401, fixture("gemini/error-unauthenticated.json"))
        .respond(400, fixture("vertex_ai/token-error-invalid-grant.json"));
    auto ok = llm.complete(hello());
    REQUIRE(ok);
    shown += json(ok.value()).dump();
    for (int i = 0; i < 3; ++i) {
        auto failed = llm.complete(hello());
        REQUIRE_FALSE(failed);
        shown += failed.error().to_string() + failed.error().message + llm_error(failed.error()).what();
    }
    CHECK_THAT(shown, Catch::Contains("inline"));  // the refused refresh named its (inline) credentials

    // Broken credentials holding key material: the error names the source, never the text.
    const std::string leaky = "LEAKY-PRIVATE-KEY-MATERIAL-0123456789";
    for (const std::string& text :
         {R"({"type":"service_account","client_email":"a@b","private_key":"-----BEGIN PRIVATE KEY-----\n)" + leaky +
              R"(\n-----END PRIVATE KEY-----\n"})",
          R"({"type":"authorized_user","client_id":"c","client_secret":")" + leaky + R"(","refresh_token":5})",
          "{\"type\":\"service_account\",\"private_key\":\"" + leaky}) {
        auto broken = o;
        broken.credentials = text;
        vertex_test_llm bad{vertex_ai{std::make_shared<auth::google_token_sources>(clock.function())}, cfg, broken};
        bad.set_logger(sink);
        auto failed = bad.complete(hello());
        REQUIRE_FALSE(failed);
        shown += failed.error().to_string() + llm_error(failed.error()).what();
        CHECK(bad.transport().requests().empty());
    }
    for (const auto& line : logged) shown += line + "\n";
    for (const auto& sent : llm.transport().requests())
        for (const auto& h : sent.headers)
            if (h.name == "authorization") CHECK(h.sensitive);

    CHECK(shown.find(key_body) == std::string::npos);
    CHECK(shown.find("PRIVATE KEY") == std::string::npos);
    CHECK(shown.find(leaky) == std::string::npos);
    CHECK(shown.find("TEST-ACCESS-TOKEN") == std::string::npos);
}

// ------------------------------------------------------------------------------------- the local server's side

namespace {

// One generated account for the local server's tests: RSA key generation is the slow part (a tenth of a second).
const testing::test_service_account& local_account() {
    static const auto account = [] {
        auto made = testing::make_test_service_account("http://127.0.0.1:1/token");
        REQUIRE(made);
        return std::move(made).value();
    }();
    return account;
}

testing::server_request token_post(const std::string& body) {
    http_headers headers{{"content-type", "application/x-www-form-urlencoded"}};
    return {"POST", "/token", headers, body};
}

}  // namespace

TEST_CASE("local server: /token issues a token for a JWT its service account signed, and refuses others",
          "[vertex_ai][local_server]") {
    testing::local_server_options options;
    options.vertex_public_key = local_account().public_pem;
    testing::local_responder responder(options);
    const auto now = std::chrono::system_clock::now();

    auto own = auth::parse_google_credentials(local_account().key_file, "local");
    REQUIRE(own);
    auto request = auth::token_request(own.value(), now);
    REQUIRE(request);
    auto answer = responder.respond(token_post(request.value().body));
    REQUIRE(answer.status == 200);
    auto token = auth::parse_token_response({200, "", {}, answer.body}, now, "local");
    REQUIRE(token);
    CHECK(token.value().value.reveal() == "ya29.local-1");

    // Signed by another key (the fixture's): refused as Google refuses it.
    auto other = auth::parse_google_credentials(fixture("vertex_ai/service-account-test-key.json"), "other");
    REQUIRE(other);
    auto forged = auth::token_request(other.value(), now);
    REQUIRE(forged);
    auto refused = responder.respond(token_post(forged.value().body));
    CHECK(refused.status == 400);
    CHECK(json::parse(refused.body)["error"] == "invalid_grant");
    auto stale = auth::token_request(own.value(), now - 2h);  // expired an hour ago
    REQUIRE(stale);
    CHECK(responder.respond(token_post(stale.value().body)).status == 400);

    // The Vertex paths take only issued tokens.
    const std::string path =
        "/v1/projects/p/locations/us-east5/publishers/google/models/gemini-2.5-pro:generateContent";
    const std::string body = R"({"contents":[{"role":"user","parts":[{"text":"Hello there"}]}]})";
    CHECK(responder.respond({"POST", path, {{"authorization", "Bearer ya29.local-2"}}, body}).status == 401);
    auto ok = responder.respond({"POST", path, {{"authorization", "Bearer ya29.local-1"}}, body});
    REQUIRE(ok.status == 200);
    auto parsed = gemini_content::parse_response({200, "", {}, ok.body});
    REQUIRE(parsed);
    CHECK(parsed.value().message.text() == "Hello there");
}

TEST_CASE("local server: Vertex AI end to end over loopback, real signing and exchange, both publishers",
          "[vertex_ai][local_server][basic_llm]") {
    testing::local_server_options options;
    options.vertex_public_key = local_account().public_pem;
    auto server = testing::local_server_thread::start(options);
    REQUIRE(server);
    const std::string root = "http://127.0.0.1:" + std::to_string(server.value()->port());
    auto key_file = json::parse(local_account().key_file);
    key_file["token_uri"] = root + "/token";

    for (const std::string model : {"vertex_ai/gemini-2.5-flash", "vertex_ai/claude-sonnet-4-5@20250929"}) {
        auto cfg = config_for(model);
        cfg.base_url = root;
        auto o = options_for();
        o.credentials = key_file.dump();
        vertex_ai_llm llm{cfg, o};
        auto c = llm.complete(hello());
        INFO(model << ": " << (c ? std::string() : c.error().to_string()));
        REQUIRE(c);
        CHECK(c.value().message.text() == "Hello!");
        std::string streamed;
        auto s = llm.stream(hello(), [&](const stream_event& e) {
            if (const auto* d = std::get_if<text_delta>(&e)) streamed += d->text;
        });
        REQUIRE(s);
        CHECK(streamed == "Hello!");
    }
    CHECK(server.value()->requests_seen() == 4);

    // Chosen at run time from config.toml, with the credentials in a key file, as a deployment configures it.
    const auto path = std::filesystem::temp_directory_path() /
                      ("polyllm-vertex-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                       ".json");
    std::ofstream(path, std::ios::binary) << key_file.dump();
    const std::string toml = "[llm]\nmodel = \"vertex_ai/claude-sonnet-4-5@20250929\"\nbase_url = \"" + root +
                             "\"\nvertex_project = \"toml-project\"\nvertex_location = \"europe-west1\"\n"
                             "vertex_credentials = \"" + path.generic_string() + "\"\n";
    auto loaded = parse_config_toml<vertex_ai>(toml, "config.toml", environment::none());
    REQUIRE(loaded);
    CHECK(loaded.value().base.options.project == "toml-project");
    CHECK(loaded.value().base.options.location == "europe-west1");
    CHECK(loaded.value().base.options.credentials.reveal() == path.generic_string());
    auto client = make_client(loaded.value().base.config,
                              provider_options_source::config_text(toml, "config.toml", {}, environment::none()));
    REQUIRE(client);
    auto c = client.value().complete(hello());
    std::filesystem::remove(path);
    INFO((c ? std::string() : c.error().to_string()));
    REQUIRE(c);
    CHECK(c.value().message.text() == "Hello!");
}

TEST_CASE("vertex_ai embeddings: :predict with instances, vectors and token counts read back, authorized too",
          "[vertex_ai][embeddings]") {
    virtual_clock clock;
    auto cfg = config_for("vertex_ai/gemini-2.5-pro");
    cfg.embedding_model = "vertex_ai/text-embedding-005";
    vertex_test_llm llm{vertex_ai{std::make_shared<auth::google_token_sources>(clock.function())}, cfg,
                        options_for("us-central1")};
    llm.transport()
        .respond(200, fixture("vertex_ai/token-response.json"))
        .respond(200, fixture("vertex_ai/response-embeddings.json"));
    auto e = llm.embed({"What is life?", "Bonjour"});
    REQUIRE(e);
    REQUIRE(e.value().vectors.size() == 2);
    CHECK(e.value().vectors[1] == std::vector<float>{-0.0221f, 0.0138f, 0.0461f, -0.0073f});
    CHECK(e.value().usage.prompt_tokens == 6);
    CHECK(e.value().model == "text-embedding-005");
    const auto& sent = llm.transport().requests();
    REQUIRE(sent.size() == 2);
    CHECK(sent[1].url == "https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/"
                         "publishers/google/models/text-embedding-005:predict");
    CHECK(json::parse(sent[1].body) == fixture_json("vertex_ai/request-embeddings.json"));
    CHECK(sent[1].headers.find("authorization") == "Bearer ya29.c.TEST-ACCESS-TOKEN-1");

    const auto one = vertex_ai_wire::parse_embeddings({200, "", {}, fixture("vertex_ai/response-embeddings.json")}, 3);
    REQUIRE_FALSE(one);
    CHECK(one.error() == errc::malformed_response);
    const auto denied =
        vertex_ai_wire::parse_embeddings({403, "", {}, fixture("gemini/error-permission-denied.json")}, 1);
    REQUIRE_FALSE(denied);
    CHECK(denied.error() == errc::permission_denied);
}
