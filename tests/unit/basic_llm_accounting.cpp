// What basic_llm does around each call: pricing and recording it, refusing calls past the budget, logging with
// credentials removed, and writing completion logs.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

namespace {

using test_llm = basic_llm<openai, scripted_transport>;
constexpr std::string_view key = "sk-test-LEAKCHECK-7f3a9c2e5b1d";

llm_config test_config() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = std::string(key);
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct log_capture {
    std::vector<std::pair<log_level, std::string>> lines;
    logger sink() {
        return [this](log_level level, std::string_view text) { lines.emplace_back(level, std::string(text)); };
    }
    [[nodiscard]] std::string all() const {
        std::string out;
        for (const auto& [level, text] : lines) out += std::string(to_string(level)) + ": " + text + "\n";
        return out;
    }
};

struct temp_folder {
    std::filesystem::path path;
    explicit temp_folder(std::string_view name)
        : path(std::filesystem::temp_directory_path() /
               (std::string(name) + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()))) {}
    ~temp_folder() { std::filesystem::remove_all(path); }
    [[nodiscard]] std::vector<std::filesystem::path> files() const {
        std::vector<std::filesystem::path> out;
        if (std::filesystem::exists(path))
            for (const auto& entry : std::filesystem::directory_iterator(path)) out.push_back(entry.path());
        return out;
    }
};

}  // namespace

TEST_CASE("basic_llm prices each completion and records it in its metrics", "[basic_llm][metrics]") {
    test_llm llm{test_config()};
    llm.transport().respond(200, fixture("openai/response-text.json"));
    auto c = llm.complete(hello());
    REQUIRE(c);
    const auto& u = c.value().usage;
    REQUIRE(c.value().cost);
    CHECK(*c.value().cost == Approx(double(u.prompt_tokens.value()) * 2.5e-6 + double(u.completion_tokens.value()) * 10e-6));
    REQUIRE(llm.metrics().size() == 1);
    const auto r = *llm.metrics().last();
    CHECK(r.response_id == c.value().id);
    CHECK(r.cost == c.value().cost);
    CHECK(r.usage == u);
    CHECK(r.context_window == 128'000);
    CHECK(llm.metrics().accumulated_cost() == Approx(*c.value().cost));
}

TEST_CASE("basic_llm records streamed completions too", "[basic_llm][metrics]") {
    test_llm llm{test_config()};
    llm.transport().respond_stream({fixture("openai/stream-text.sse")});
    auto c = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE(c);
    REQUIRE(llm.metrics().size() == 1);
    CHECK(llm.metrics().last()->usage == c.value().usage);
    CHECK(llm.metrics().last()->cost == c.value().cost);
}

TEST_CASE("A model without prices gives an unknown cost, counted as unknown", "[basic_llm][metrics]") {
    auto cfg = test_config();
    cfg.model = "my-private-finetune";
    test_llm llm{cfg};
    llm.transport().respond(200, fixture("openai/response-text.json"));
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK_FALSE(c.value().cost);
    CHECK(llm.metrics().unknown_costs() == 1);
    CHECK(llm.metrics().accumulated_cost() == 0);
}

TEST_CASE("Once max_budget is spent, calls fail before anything is sent", "[basic_llm][budget]") {
    auto cfg = test_config();
    cfg.max_budget = 0.000001;  // less than one response costs
    test_llm llm{cfg};
    llm.transport().respond(200, fixture("openai/response-text.json")).respond(200, fixture("openai/response-text.json"));
    REQUIRE(llm.complete(hello()));  // nothing spent yet: allowed
    auto refused = llm.complete(hello());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind() == errc::budget_exceeded);
    CHECK_THAT(refused.error().message, Catch::Contains("$0.000001") && Catch::Contains("spent"));
    CHECK(llm.transport().requests().size() == 1);
    auto streamed = llm.stream(hello(), [](const stream_event&) {});
    CHECK(streamed.error().kind() == errc::budget_exceeded);
    CHECK(llm.transport().requests().size() == 1);
}

TEST_CASE("Debug logging shows requests and responses without credentials", "[basic_llm][log]") {
    test_llm llm{test_config()};
    log_capture captured;
    llm.set_logger(captured.sink());
    llm.transport()
        .respond(429, fixture("openai/error-rate-limit.json"), {{"retry-after-ms", "10"}})
        .respond(200, fixture("openai/response-text.json"));
    REQUIRE(llm.complete(hello()));
    const auto text = captured.all();
    CHECK_THAT(text, Catch::Contains("POST https://api.openai.com/v1/chat/completions"));
    CHECK_THAT(text, Catch::Contains("Authorization: [redacted]"));
    CHECK_THAT(text, Catch::Contains("\"Hello!\""));
    CHECK_THAT(text, Catch::Contains("HTTP 429"));
    CHECK_THAT(text, Catch::Contains("info: retrying in 0.0 s (attempt 2 of"));
    CHECK_THAT(text, Catch::Contains("request (attempt 2)"));
    CHECK(text.find(key) == std::string::npos);
}

TEST_CASE("Below its threshold the logger is not called at all", "[basic_llm][log]") {
    test_llm llm{test_config()};
    log_capture captured;
    llm.set_logger(captured.sink(), log_level::warning);
    llm.transport().respond(200, fixture("openai/response-text.json"));
    REQUIRE(llm.complete(hello()));
    CHECK(captured.lines.empty());
}

TEST_CASE("log_completions writes one JSON file per completion", "[basic_llm][log]") {
    temp_folder folder("polyllm-log-completions");
    auto cfg = test_config();
    cfg.log_completions = true;
    cfg.log_completions_folder = folder.path.string();
    test_llm llm{cfg};
    llm.transport().respond(200, fixture("openai/response-text.json")).respond_stream({fixture("openai/stream-text.sse")});
    auto plain = llm.complete(hello());
    REQUIRE(plain);
    REQUIRE(llm.stream(hello(), [](const stream_event&) {}));

    const auto files = folder.files();
    REQUIRE(files.size() == 2);
    for (const auto& file : files) {
        const auto name = file.filename().string();
        CHECK(name.rfind("gpt-4o-", 0) == 0);
        CHECK(file.extension() == ".json");
    }
    const auto logged = nlohmann::json::parse(read_file(files[0]));
    CHECK(logged["parameters"]["model"] == "gpt-4o");
    CHECK(logged["request"]["messages"][0]["content"] == "Hello!");
    CHECK(logged["response"]["message"]["content"].is_string());
    CHECK(logged["cost"].is_number());
    CHECK(logged["latency_ms"].is_number_integer());
}

TEST_CASE("Completion log file names replace / in the model", "[log]") {
    const auto when = std::chrono::system_clock::time_point(std::chrono::microseconds(1'763'750'000'123'456));
    CHECK(completion_log_file_name("openrouter/anthropic/claude-sonnet-4.5", when) ==
          "openrouter__anthropic__claude-sonnet-4.5-1763750000.123456.json");
}

TEST_CASE("Completion log file names have no character Windows forbids", "[log]") {
    const auto when = std::chrono::system_clock::time_point(std::chrono::microseconds(1'763'750'000'123'456));
    CHECK(completion_log_file_name("ollama/llama3:8b", when) == "ollama__llama3_8b-1763750000.123456.json");
    CHECK(completion_log_file_name("a<b>c\\d|e?f*g\"h\ti", when) == "a_b_c_d_e_f_g_h_i-1763750000.123456.json");
}

TEST_CASE("The key reaches no output on any path", "[basic_llm][log][security]") {
    temp_folder folder("polyllm-key-sweep");
    auto cfg = test_config();
    cfg.base_url = "http://user:s3cr3tpass@gateway.local/v1?token=tok-LEAK-query";  // credentials in the URL too
    cfg.log_completions = true;
    cfg.log_completions_folder = folder.path.string();
    cfg.num_retries = 2;
    test_llm llm{cfg};
    log_capture captured;
    llm.set_logger(captured.sink());
    std::string shown;  // everything a user could see: results, errors, exceptions, logs, files

    // A provider that echoes the key in its error body, in a header and in a redirect-like URL.
    const std::string echoed = "{\"error\":{\"message\":\"Incorrect API key provided: " + std::string(key) +
                               "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
    const http_headers echo_headers{{"x-debug-key", std::string(key)}, {"location", "https://x/?key=" + std::string(key)}};

    llm.transport().respond(200, fixture("openai/response-text.json"), echo_headers);
    auto ok = llm.complete(hello());
    REQUIRE(ok);
    shown += nlohmann::json(ok.value()).dump();

    const std::string echoed_5xx =
        "{\"error\":{\"message\":\"upstream failed for " + std::string(key) + "\",\"type\":\"server_error\"}}";
    for (int status : {400, 401, 403, 404, 500}) {
        if (status == 500) {  // retried twice
            llm.transport().respond(status, echoed_5xx, echo_headers).respond(status, echoed_5xx).respond(status, echoed_5xx);
        } else {
            llm.transport().respond(status, echoed, echo_headers);
        }
        auto failed = llm.complete(hello());
        REQUIRE_FALSE(failed);
        shown += failed.error().to_string() + failed.error().message + failed.error().type;
        shown += llm_error(failed.error()).what();
    }

    // The key straddling each cut: the 200-byte excerpt of a plain body, the cap on a JSON message.
    for (std::size_t offset = 180; offset <= 200; ++offset) {
        llm.transport().respond(400, std::string(offset, 'x') + std::string(key) + " more");
        auto failed = llm.complete(hello());
        REQUIRE_FALSE(failed);
        shown += failed.error().to_string();
    }
    for (std::size_t offset = 4070; offset <= 4096; ++offset) {
        const auto message = std::string(offset, 'x') + std::string(key) + " more";
        llm.transport().respond(400, nlohmann::json{{"error", {{"message", message}}}}.dump());
        auto failed = llm.complete(hello());
        REQUIRE_FALSE(failed);
        shown += failed.error().to_string();
    }

    llm.transport().fail(error{errc::connection, "connection reset while sending " + std::string(key)});
    llm.transport().fail(error{errc::connection, "again " + std::string(key)});
    llm.transport().fail(error{errc::connection, "and again " + std::string(key)});
    auto dropped = llm.complete(hello());
    REQUIRE_FALSE(dropped);
    shown += dropped.error().to_string();

    llm.transport().respond_stream({fixture("openai/stream-text.sse")});
    auto streamed = llm.stream(hello(), [&](const stream_event& e) {
        if (const auto* text = std::get_if<text_delta>(&e)) shown += text->text;
    });
    INFO((streamed ? std::string() : streamed.error().to_string()));
    REQUIRE(streamed);
    shown += nlohmann::json(streamed.value()).dump();

    llm.transport().respond_stream(scripted_stream{401, echo_headers, {echoed}, {}, false});
    auto stream_failed = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(stream_failed);
    shown += stream_failed.error().to_string();

    shown += captured.all();
    const auto files = folder.files();
    CHECK(files.size() == 2);
    for (const auto& file : files) shown += read_file(file);

    CHECK(shown.find(key) == std::string::npos);
    CHECK(shown.find(key.substr(0, 8)) == std::string::npos);  // nor a start of it cut off by an excerpt
    CHECK(shown.find("s3cr3tpass") == std::string::npos);
    CHECK(shown.find("tok-LEAK-query") == std::string::npos);
    CHECK_THAT(shown, Catch::Contains("[redacted]"));  // the sweep saw the places the key would have been
}
