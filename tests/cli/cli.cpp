// The `polyllm` command-line tool, run as a process against polyllm-local-server started in-process on a free
// port: every flag, the --json shape field by field, error lines and exit statuses.

#include "support/process.hpp"

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using polyllm::testing::local_server_options;
using polyllm::testing::local_server_thread;
using polyllm_test::process_result;
using env_map = std::map<std::string, std::string>;

const std::string fixtures = std::string(POLYLLM_FIXTURES_DIR) + "/local_server/";

std::unique_ptr<local_server_thread> start_server(local_server_options options = {}) {
    if (options.api_key.empty()) options.api_key = "sk-local-test";
    auto server = local_server_thread::start(std::move(options));
    REQUIRE(server);
    return std::move(server).value();
}

process_result polyllm_cli(const std::vector<std::string>& args, env_map env = {}, const std::string& input = {}) {
    return polyllm_test::run_process(POLYLLM_CLI_PATH, args, env, input);
}

// The flags that point the CLI at the server as an OpenAI model, with the key in a variable of the test's choice.
std::vector<std::string> openai_at(const local_server_thread& server, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"chat", "--model", "gpt-4o", "--base-url", server.openai_base_url(),
                                  "--api-key-env", "TEST_KEY"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}
const env_map with_key{{"TEST_KEY", "sk-local-test"}};

nlohmann::json parse_json(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

std::string temp_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("polyllm-cli-test-" + name);
    std::ofstream(path) << text;
    return path.string();
}

}  // namespace

TEST_CASE("cli: --help for the tool and each subcommand", "[cli]") {
    for (const char* sub : {"chat", "tokens", "models"}) {
        auto r = polyllm_cli({sub, "--help"});
        CHECK(r.status == 0);
        CHECK_THAT(r.out, Catch::StartsWith(std::string("usage: polyllm ") + sub));
    }
    CHECK(polyllm_cli({"--help"}).status == 0);
    auto none = polyllm_cli({});
    CHECK(none.status == 2);
    CHECK_THAT(none.err, Catch::Contains("usage: polyllm COMMAND"));
    auto unknown = polyllm_cli({"chatt"});
    CHECK(unknown.status == 2);
    CHECK(unknown.err == "polyllm: error: invalid_config: unknown command \"chatt\" (chat, tokens, models, completion)\n");
}

TEST_CASE("cli: chat prints the answer, plain and streamed", "[cli]") {
    auto server = start_server();
    auto plain = polyllm_cli(openai_at(*server, {"Hello there"}), with_key);
    CHECK(plain.err.empty());
    CHECK(plain.status == 0);
    CHECK(plain.out == "Hello there\n");

    auto streamed = polyllm_cli(openai_at(*server, {"--stream", "Hello streamed world"}), with_key);
    CHECK(streamed.status == 0);
    CHECK(streamed.out == "Hello streamed world\n");

    // The prompt from standard input when there is no PROMPT.
    auto piped = polyllm_cli(openai_at(*server), with_key, "from stdin");
    CHECK(piped.status == 0);
    CHECK(piped.out == "from stdin\n");
}

TEST_CASE("cli: --json prints exactly the documented fields", "[cli]") {
    auto server = start_server();
    for (bool stream : {false, true}) {
        auto args = openai_at(*server, {"--json", "Hello there"});
        if (stream) args.push_back("--stream");
        auto r = polyllm_cli(args, with_key);
        REQUIRE(r.status == 0);
        const auto j = parse_json(r.out);
        std::vector<std::string> keys;
        for (const auto& [k, v] : j.items()) keys.push_back(k);
        // nlohmann::json sorts keys; the order on the wire is checked on the text below.
        CHECK(keys == std::vector<std::string>{"content", "cost", "finish_reason", "finish_reason_raw", "id", "model",
                                               "tool_calls", "usage"});
        CHECK(r.out.find("{\"id\":") == 0);
        CHECK(r.out.find("\"id\":") < r.out.find("\"model\":"));
        CHECK(r.out.find("\"finish_reason_raw\":") < r.out.find("\"usage\":"));
        CHECK(r.out.find("\"usage\":") < r.out.find("\"cost\":"));
        CHECK_THAT(j["id"].get<std::string>(), Catch::StartsWith("chatcmpl-local"));
        CHECK(j["model"] == "gpt-4o");
        CHECK(j["content"] == "Hello there");
        CHECK(j["tool_calls"] == nlohmann::json::array());
        CHECK(j["finish_reason"] == "stop");
        CHECK(j["finish_reason_raw"] == "stop");
        const auto& u = j["usage"];
        CHECK(u.size() == 6);
        CHECK(u["prompt_tokens"].get<int>() > 0);
        CHECK(u["completion_tokens"] == 2);  // "Hello", " there"
        CHECK(u["cache_read_tokens"] == 0);
        // OpenAI's usage has no cache writes: not reported is null, never a made-up 0.
        CHECK(u["cache_write_tokens"].is_null());
        CHECK(u["cache_write_1h_tokens"].is_null());
        CHECK(u["reasoning_tokens"] == 0);
        CHECK((j["cost"].is_null() || j["cost"].is_number()));
    }
}

TEST_CASE("cli: Anthropic's Messages API, plain and streamed", "[cli]") {
    auto server = start_server();
    for (bool stream : {false, true}) {
        std::vector<std::string> args{"chat", "--model", "anthropic/claude-sonnet-4-5", "--base-url",
                                      server->anthropic_base_url(), "--json", "Hi Claude"};
        if (stream) args.push_back("--stream");
        auto r = polyllm_cli(args, {{"ANTHROPIC_API_KEY", "sk-local-test"}});
        INFO(r.err);
        REQUIRE(r.status == 0);
        const auto j = parse_json(r.out);
        CHECK_THAT(j["id"].get<std::string>(), Catch::StartsWith("msg_local"));
        CHECK(j["model"] == "claude-sonnet-4-5");
        CHECK(j["content"] == "Hi Claude");
        CHECK(j["finish_reason"] == "stop");
        CHECK(j["finish_reason_raw"] == "end_turn");
        CHECK(j["usage"]["completion_tokens"] == 2);
    }
}

TEST_CASE("cli: --system, --temperature, --max-tokens, --timeout, --num-retries", "[cli]") {
    auto server = start_server();
    auto r = polyllm_cli(openai_at(*server, {"--system", "Be brief.", "--temperature", "0.2", "--max-tokens", "1",
                                             "--timeout", "5", "--num-retries", "0", "--json", "Hello there"}),
                         with_key);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto j = parse_json(r.out);
    CHECK(j["content"] == "Hello");  // the echo, cut at one token
    CHECK(j["finish_reason"] == "length");
    CHECK(j["usage"]["completion_tokens"] == 1);

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"--temperature", "warm"}, {"--max-tokens", "0"}, {"--timeout", "-1"}, {"--num-retries", "x"}}) {
        auto args = openai_at(*server, bad);
        args.push_back("x");
        auto e = polyllm_cli(args, with_key);
        CHECK(e.status == 2);
        CHECK_THAT(e.err, Catch::StartsWith("polyllm: error: invalid_config: " + bad[0]));
    }
}

TEST_CASE("cli: --request and --tools, with a scripted tool call", "[cli]") {
    local_server_options options;
    auto script = polyllm::testing::parse_server_script(
        [] {
            std::ifstream in(fixtures + "script-tool-call.json");
            return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }());
    REQUIRE(script);
    options.script = script.value();
    auto server = start_server(options);

    auto call = polyllm_cli(openai_at(*server, {"--tools", fixtures + "tools.json", "--json", "Weather in Paris?"}),
                            with_key);
    INFO(call.err);
    REQUIRE(call.status == 0);
    const auto j = parse_json(call.out);
    CHECK(j["content"] == "");
    CHECK(j["finish_reason"] == "tool_calls");
    REQUIRE(j["tool_calls"].size() == 1);
    CHECK(j["tool_calls"][0]["id"] == "call_weather_1");
    CHECK(j["tool_calls"][0]["name"] == "get_weather");
    CHECK(parse_json(j["tool_calls"][0]["arguments"].get<std::string>()) ==
          nlohmann::json{{"location", "Paris, France"}, {"unit", "celsius"}});
    CHECK(j["usage"]["prompt_tokens"] == 82);
    CHECK(j["usage"]["cache_read_tokens"] == 64);

    // The second scripted reply, streamed; text mode prints the tool call of neither.
    auto answer = polyllm_cli(openai_at(*server, {"--stream", "--tools", fixtures + "tools.json", "It is 18C"}),
                              with_key);
    CHECK(answer.status == 0);
    CHECK(answer.out == "It is 18 degrees in Paris.\n");

    // A request file: its last user message is what the echo server answers.
    auto echo = start_server();
    auto from_file = polyllm_cli(openai_at(*echo, {"--request", fixtures + "request-conversation.json"}), with_key);
    CHECK(from_file.status == 0);
    CHECK(from_file.out == "Second question, from the request file\n");

    auto missing = polyllm_cli(openai_at(*echo, {"--request", fixtures + "no-such-file.json"}), with_key);
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("cannot read request file"));
}

TEST_CASE("cli: settings from the environment and from --config with --llm", "[cli]") {
    auto server = start_server();
    auto from_env = polyllm_cli({"chat", "from the environment"}, {{"LLM_MODEL", "gpt-4o"},
                                                                   {"LLM_BASE_URL", server->openai_base_url()},
                                                                   {"LLM_API_KEY", "sk-local-test"}});
    CHECK(from_env.status == 0);
    CHECK(from_env.out == "from the environment\n");

    // The provider's own variable.
    auto provider_key = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", server->openai_base_url(), "hi"},
                                    {{"OPENAI_API_KEY", "sk-local-test"}});
    CHECK(provider_key.status == 0);

    const auto config = temp_file("config.toml", "[llm]\nmodel = \"gpt-4o\"\napi_key = \"wrong\"\nbase_url = \"" +
                                                     server->openai_base_url() + "\"\n\n[llm.local]\napi_key = " +
                                                     "\"sk-local-test\"\nmodel = \"anthropic/claude-sonnet-4-5\"\n" +
                                                     "base_url = \"" + server->anthropic_base_url() + "\"\n");
    auto named = polyllm_cli({"chat", "--config", config, "--llm", "local", "--json", "from the config"});
    INFO(named.err);
    CHECK(named.status == 0);
    CHECK(parse_json(named.out)["finish_reason_raw"] == "end_turn");  // the named section's provider answered

    auto base = polyllm_cli({"chat", "--config", config, "from the config"});
    CHECK(base.status == 1);  // [llm] has the wrong key
    CHECK(base.err == "polyllm: error: authentication (HTTP 401): Incorrect API key provided.\n");

    auto no_section = polyllm_cli({"chat", "--config", config, "--llm", "nosuch", "x"});
    CHECK(no_section.status == 2);
    CHECK_THAT(no_section.err, Catch::StartsWith("polyllm: error: invalid_config: no [llm.nosuch] section"));
}

TEST_CASE("cli: --model naming a [router] group routes, and --json names the deployment that answered", "[cli]") {
    local_server_options failing;
    failing.fail_status = 503;
    auto down = start_server(failing);
    auto up = start_server();
    const auto config = temp_file("router.toml", "[llm]\napi_key = \"sk-local-test\"\nnum_retries = 0\n"
                                                 "[llm.primary]\nmodel = \"gpt-4o\"\nbase_url = \"" +
                                                     down->openai_base_url() +
                                                     "\"\n[llm.secondary]\nmodel = \"gpt-4o\"\nbase_url = \"" +
                                                     up->openai_base_url() +
                                                     "\"\n[router]\n[router.groups]\nsmart = [\"primary\"]\n"
                                                     "backup = [\"secondary\"]\n[router.fallbacks]\n"
                                                     "smart = [\"backup\"]\n");
    auto routed = polyllm_cli({"chat", "--config", config, "--model", "smart", "--json", "routed"});
    INFO(routed.err);
    CHECK(routed.status == 0);
    const auto j = parse_json(routed.out);
    CHECK(j["content"] == "routed");
    CHECK(j["deployment"] == "secondary");

    auto streamed = polyllm_cli({"chat", "--config", config, "--model", "smart", "--stream", "streamed"});
    CHECK(streamed.status == 0);
    CHECK(streamed.out == "streamed\n");

    auto mixed = polyllm_cli({"chat", "--config", config, "--model", "smart", "--base-url", "http://x", "x"});
    CHECK(mixed.status == 2);
    CHECK_THAT(mixed.err, Catch::Contains("names a model group of --config"));
}

TEST_CASE("cli: error lines and exit statuses", "[cli]") {
    auto server = start_server();

    SECTION("401") {
        auto r = polyllm_cli(openai_at(*server, {"hi"}), {{"TEST_KEY", "sk-wrong"}});
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK(r.err == "polyllm: error: authentication (HTTP 401): Incorrect API key provided.\n");
    }
    SECTION("a missing key names the variables looked in") {
        auto r = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", server->openai_base_url(), "hi"});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::StartsWith("polyllm: error: invalid_config: ") && Catch::Contains("LLM_API_KEY") &&
                              Catch::Contains("OPENAI_API_KEY"));
        auto a = polyllm_cli({"chat", "--model", "claude-sonnet-4-5", "hi"});
        CHECK(a.status == 2);
        CHECK_THAT(a.err, Catch::Contains("ANTHROPIC_API_KEY"));
        auto named = polyllm_cli(openai_at(*server, {"hi"}));
        CHECK(named.status == 2);
        CHECK(named.err == "polyllm: error: invalid_config: no API key: TEST_KEY (named by --api-key-env) is not set\n");
    }
    SECTION("bad configuration") {
        const auto config = temp_file("bad.toml", "[llm]\nmodle = \"gpt-4o\"\n");
        auto r = polyllm_cli({"chat", "--config", config, "hi"});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::StartsWith("polyllm: error: invalid_config: ") && Catch::Contains("modle"));
        auto provider = polyllm_cli({"chat", "--model", "nosuch/model", "hi"});
        CHECK(provider.status == 2);
        CHECK_THAT(provider.err, Catch::StartsWith("polyllm: error: invalid_config: unknown provider \"nosuch\"") &&
                                     Catch::Contains("anthropic"));
        auto no_model = polyllm_cli({"chat", "hi"});
        CHECK(no_model.status == 2);
        CHECK_THAT(no_model.err, Catch::Contains("LLM_MODEL"));
        auto option = polyllm_cli(openai_at(*server, {"--bogus", "hi"}), with_key);
        CHECK(option.status == 2);
        CHECK(option.err == "polyllm: error: invalid_config: unknown option --bogus\n");
    }
}

TEST_CASE("cli: a 429 is retried with progress on stderr", "[cli]") {
    local_server_options options;
    options.fail_status = 429;
    options.fail_every = 2;  // requests 1, 3, ... fail: each call succeeds on its retry
    options.retry_after = std::chrono::milliseconds(20);
    auto server = start_server(options);
    auto r = polyllm_cli(openai_at(*server, {"hi again"}), with_key);
    CHECK(r.status == 0);
    CHECK(r.out == "hi again\n");
    CHECK(r.err == "retrying in 0.0 s (attempt 2 of 5): rate_limited\n");
    CHECK(server->requests_seen() == 2);

    options.fail_every = 1;  // every request fails
    auto always = start_server(options);
    auto gave_up = polyllm_cli(openai_at(*always, {"--num-retries", "2", "hi"}), with_key);
    CHECK(gave_up.status == 1);
    CHECK(gave_up.err == "retrying in 0.0 s (attempt 2 of 3): rate_limited\n"
                         "retrying in 0.0 s (attempt 3 of 3): rate_limited\n"
                         "polyllm: error: rate_limited (HTTP 429): injected failure for request 3\n");
}

TEST_CASE("cli: a stream cut off midway, and a server too slow for --timeout", "[cli]") {
    local_server_options dropping;
    dropping.drop_mid_stream = true;
    auto server = start_server(dropping);
    auto r = polyllm_cli(openai_at(*server, {"--stream", "one two three four five six"}), with_key);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::StartsWith("one two"));
    CHECK_THAT(r.out, Catch::EndsWith("\n"));  // the streamed line is ended before the error line
    CHECK_THAT(r.err, Catch::StartsWith("polyllm: error: connection"));

    local_server_options stalling;
    stalling.stall = std::chrono::milliseconds(3000);
    auto slow = start_server(stalling);
    auto t = polyllm_cli(openai_at(*slow, {"--timeout", "0.2", "--num-retries", "0", "hi"}), with_key);
    CHECK(t.status == 1);
    CHECK_THAT(t.err, Catch::StartsWith("polyllm: error: timeout"));

    // With the default retries too, --timeout bounds the whole command: the first attempt uses it all, and no
    // retry wait (5 s by default) is scheduled past it.
    auto whole = polyllm_cli(openai_at(*slow, {"--timeout", "0.5", "hi"}), with_key);
    CHECK(whole.status == 1);
    CHECK_THAT(whole.err, Catch::StartsWith("polyllm: error: timeout"));
    CHECK_THAT(whole.err, !Catch::Contains("retrying"));
    CHECK_THAT(whole.err, Catch::Contains("total_timeout"));
}

TEST_CASE("cli: tokens and models", "[cli]") {
    auto count = polyllm_cli({"tokens", "--model", "claude-sonnet-4-5"}, {}, "twelve chars");
    CHECK(count.status == 0);
    CHECK(count.out == "3\n");  // the estimate: ceil(12 / 4)
    CHECK_THAT(count.err, Catch::Contains("estimate"));
    auto ids = polyllm_cli({"tokens", "--model", "claude-sonnet-4-5", "--ids"}, {}, "text");
    CHECK(ids.status == 2);
    const env_map offline{{"POLYLLM_TIKTOKEN_DIR", "/nonexistent"}, {"POLYLLM_OFFLINE", "1"}};  // never downloads
    auto no_vocabulary = polyllm_cli({"tokens", "--encoding", "o200k_base"}, offline, "text");
    CHECK(no_vocabulary.status == 2);
    CHECK_THAT(no_vocabulary.err, Catch::StartsWith("polyllm: error: invalid_config: no vocabulary for o200k_base"));
    CHECK(polyllm_cli({"tokens", "--encoding", "nosuch"}, {}, "x").status == 2);

    auto table = polyllm_cli({"models"});
    CHECK(table.status == 0);
    CHECK_THAT(table.out, Catch::StartsWith("MODEL") && Catch::Contains("claude-sonnet-4-5"));
    auto json = polyllm_cli({"models", "--json"});
    REQUIRE(json.status == 0);
    const auto rows = parse_json(json.out);
    REQUIRE(rows.is_array());
    bool found = false;
    for (const auto& row : rows)
        if (row["model"] == "gpt-4o") {
            found = true;
            CHECK(row["provider"] == "openai");
            CHECK(row["function_calling"] == true);
            CHECK(row["max_input_tokens"].is_number());
        }
    CHECK(found);
}

#if !defined(_WIN32)
TEST_CASE("cli: tokens reads a file redirected to standard input whole", "[cli]") {
    // A redirected file is read into a string of its size (output.hpp); it must still be all of the text. The
    // estimate is ceil(bytes / 4), so a text cut short or read twice counts differently.
    std::string text;
    for (int i = 0; text.size() < 300000; ++i) text += "line " + std::to_string(i) + " of the input\n";
    text += "and a last line without its break";
    const auto file = temp_file("stdin.txt", text);
    const std::string expected = std::to_string((text.size() + 3) / 4) + "\n";
    auto redirected = polyllm_test::run_process(
        "/bin/sh", {"-c", "exec \"$0\" tokens --model claude-sonnet-4-5 --offline < \"$1\"", POLYLLM_CLI_PATH, file},
        {}, "");
    CHECK(redirected.status == 0);
    CHECK(redirected.out == expected);
    auto piped = polyllm_cli({"tokens", "--model", "claude-sonnet-4-5", "--offline"}, {}, text);
    CHECK(piped.out == expected);
    std::filesystem::remove(file);
}
#endif

TEST_CASE("cli: tokens asks Claude's and Gemini's counting endpoints; --offline and a missing key count locally",
          "[cli][count_tokens]") {
    auto server = start_server();
    const std::string text = "How many tokens is this?";
    auto claude = polyllm_cli({"tokens", "--model", "anthropic/claude-3-5-haiku-20241022", "--base-url",
                               server->anthropic_base_url(), "--json", text},
                              {{"ANTHROPIC_API_KEY", "sk-local-test"}});
    CHECK(claude.status == 0);
    const auto asked = parse_json(claude.out);
    CHECK(asked["exact"] == true);
    CHECK(asked["source"] == "provider");
    CHECK(asked["tokens"].get<int>() > 0);
    CHECK(claude.err.empty());

    auto gemini = polyllm_cli({"tokens", "--model", "gemini/gemini-2.0-flash", "--base-url",
                               server->anthropic_base_url(), text},
                              {{"GEMINI_API_KEY", "sk-local-test"}});
    CHECK(gemini.status == 0);
    CHECK(gemini.err.empty());
    auto refused = polyllm_cli({"tokens", "--model", "gemini/gemini-2.0-flash", "--base-url",
                                server->anthropic_base_url(), text},
                               {{"GEMINI_API_KEY", "wrong"}});
    CHECK(refused.status == 1);
    CHECK_THAT(refused.err, Catch::StartsWith("polyllm: error:"));

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"tokens", "--offline", "--json", "--model", "anthropic/claude-3-5-haiku-20241022", text},
             {"tokens", "--json", "--model", "anthropic/claude-3-5-haiku-20241022", text}}) {
        auto local = polyllm_cli(args, args[1] == "--offline" ? env_map{{"ANTHROPIC_API_KEY", "sk-local-test"}}
                                                              : env_map{});
        CHECK(local.status == 0);
        const auto j = parse_json(local.out);
        CHECK(j["exact"] == false);
        CHECK(j["source"] == "local");
        CHECK_THAT(local.err, Catch::Contains("estimate"));
    }
}

TEST_CASE("cli: --version, --api-key, tokens TEXT, and the missing key named for the shell", "[cli][first-hour]") {
    auto version = polyllm_cli({"--version"});
    CHECK(version.status == 0);
    CHECK(version.out == std::string("polyllm ") + polyllm::version_string + "\n");

    auto server = start_server();
    auto keyed = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", server->openai_base_url(), "--api-key",
                              "sk-local-test", "with a key"});
    CHECK(keyed.status == 0);
    CHECK(keyed.out == "with a key\n");
    auto short_key = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", server->openai_base_url(), "--key",
                                  "sk-local-test", "short"});
    CHECK(short_key.status == 0);
    auto both = polyllm_cli({"chat", "--model", "gpt-4o", "--api-key", "a", "--api-key-env", "B", "x"});
    CHECK(both.status == 2);

    auto missing = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", server->openai_base_url(), "hi"});
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("--api-key-env") && Catch::Contains("LLM_API_KEY") &&
                                Catch::Contains("OPENAI_API_KEY") && !Catch::Contains("llm_config::"));

    auto as_argument = polyllm_cli({"tokens", "--model", "claude-sonnet-4-5", "twelve chars"});
    CHECK(as_argument.status == 0);
    CHECK(as_argument.out == "3\n");
    auto no_vocabulary = polyllm_cli({"tokens", "--model", "gpt-4o", "some text"},
                                     {{"POLYLLM_TIKTOKEN_DIR", "/nonexistent"}, {"POLYLLM_OFFLINE", "1"}});
    CHECK(no_vocabulary.status == 0);
    CHECK_THAT(no_vocabulary.err, Catch::Contains("o200k_base.tiktoken") && Catch::Contains("POLYLLM_TIKTOKEN_DIR") &&
                                      Catch::Contains("polyllm tokens --fetch"));
}

TEST_CASE("cli: provider options from --config and --option reach a client made at run time", "[cli][first-hour]") {
    auto server = start_server();
    // An Anthropic option in the file: read with the chosen provider's keys, not refused as unknown.
    const auto config = temp_file("options.toml", "[llm]\nmodel = \"anthropic/claude-sonnet-4-5\"\napi_key = "
                                                  "\"sk-local-test\"\nbase_url = \"" + server->anthropic_base_url() +
                                                  "\"\nanthropic_cache_ttl = \"1h\"\n");
    auto with_option = polyllm_cli({"chat", "--config", config, "hi"});
    INFO(with_option.err);
    CHECK(with_option.status == 0);
    // A key of no one is still an error, now with the provider's keys to suggest from.
    const auto typo = temp_file("typo.toml", "[llm]\nmodel = \"anthropic/claude-sonnet-4-5\"\napi_key = \"k\"\n"
                                             "anthropic_cache_tll = \"1h\"\n");
    auto refused = polyllm_cli({"chat", "--config", typo, "hi"});
    CHECK(refused.status == 2);
    CHECK_THAT(refused.err, Catch::Contains("anthropic_cache_tll") && Catch::Contains("did you mean \"anthropic_cache_ttl\""));
    // --option sets a provider option; a bad value or a key the provider does not have is an error.
    auto bad_value = polyllm_cli({"chat", "--model", "anthropic/claude-sonnet-4-5", "--base-url",
                                  server->anthropic_base_url(), "--api-key", "sk-local-test", "--option",
                                  "anthropic_cache_ttl=2h", "hi"});
    CHECK(bad_value.status == 2);
    CHECK_THAT(bad_value.err, Catch::Contains("anthropic_cache_ttl"));
    auto foreign = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", server->openai_base_url(), "--api-key",
                                "sk-local-test", "--option", "anthropic_cache_ttl=1h", "hi"});
    CHECK(foreign.status == 2);
    CHECK_THAT(foreign.err, Catch::Contains("unknown option \"anthropic_cache_ttl\" for openai"));
    auto good = polyllm_cli({"chat", "--model", "anthropic/claude-sonnet-4-5", "--base-url",
                             server->anthropic_base_url(), "--api-key", "sk-local-test", "--option",
                             "anthropic_cache_ttl=1h", "--verbose", "hi"});
    CHECK(good.status == 0);
    // --verbose shows the request, and never the key.
    CHECK_THAT(good.err, Catch::Contains("request") && !Catch::Contains("sk-local-test"));
}

TEST_CASE("cli: an OpenHands config.toml loads as it is", "[cli][first-hour][config]") {
    auto server = start_server();
    const auto config = temp_file("openhands.toml", "[core]\nworkspace_base = \"./workspace\"\n\n[llm]\nmodel = \"gpt-4o\"\n"
                                                    "api_key = \"sk-local-test\"\nbase_url = \"" + server->openai_base_url() +
                                                    "\"\ncustom_tokenizer = \"o200k_base\"\nfor_routing = false\n"
                                                    "correct_num = 5\n\n[agent]\nenable_browsing = true\n");
    auto r = polyllm_cli({"chat", "--config", config, "hello agent"});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out == "hello agent\n");
    CHECK_THAT(r.err, Catch::Contains("for_routing has no effect") && Catch::Contains("correct_num has no effect"));
}

TEST_CASE("cli: models --base-url asks the server", "[cli][first-hour]") {
    local_server_options options;
    options.models = {"zeta-model", "alpha-model"};
    auto server = start_server(options);
    auto ids = polyllm_cli({"models", "--base-url", server->openai_base_url(), "--api-key", "sk-local-test"});
    INFO(ids.err);
    CHECK(ids.status == 0);
    CHECK(ids.out == "zeta-model\nalpha-model\n");
    auto as_json = polyllm_cli({"models", "--json", "--base-url", server->openai_base_url(), "--api-key-env", "TEST_KEY"},
                               with_key);
    CHECK(as_json.status == 0);
    CHECK(parse_json(as_json.out).at(0).at("id") == "zeta-model");
    // A server that does not list models there: its error, and never the key.
    auto refused = polyllm_cli({"models", "--base-url", server->openai_base_url() + "/nowhere", "--api-key",
                                "sk-secret-for-models"});
    CHECK(refused.status == 1);
    CHECK_THAT(refused.err, Catch::StartsWith("polyllm: error: not_found (HTTP 404)") &&
                                !Catch::Contains("sk-secret-for-models"));
}

TEST_CASE("cli: chat --continue keeps a conversation in a file, --save writes one", "[cli][first-hour]") {
    auto server = start_server();
    const auto conversation = temp_file("conversation.json", "");
    std::filesystem::remove(conversation);
    auto first = polyllm_cli(openai_at(*server, {"-c", conversation, "first turn"}), with_key);
    CHECK(first.status == 0);
    auto second = polyllm_cli(openai_at(*server, {"--continue", conversation, "second turn"}), with_key);
    CHECK(second.status == 0);
    std::ifstream in(conversation);
    const auto kept = parse_json(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
    const auto& messages = kept.at("messages");
    REQUIRE(messages.size() == 4);  // user, assistant, user, assistant
    CHECK(messages[0]["content"] == "first turn");
    CHECK(messages[1]["role"] == "assistant");
    CHECK(messages[2]["content"] == "second turn");
    CHECK(messages[3]["content"] == "second turn");  // the echo server answers with the last user message

    const auto saved = temp_file("saved.json", "");
    auto once = polyllm_cli(openai_at(*server, {"--save", saved, "just once"}), with_key);
    CHECK(once.status == 0);
    std::ifstream saved_in(saved);
    const auto record =
        parse_json(std::string(std::istreambuf_iterator<char>(saved_in), std::istreambuf_iterator<char>()));
    CHECK(record.at("messages").size() == 2);
}

TEST_CASE("cli: chat --record writes a cassette without the key; --replay answers the same with the server gone",
          "[cli][cassette]") {
    std::string base_url;
    std::vector<std::string> recorded;  // the --json output of each recorded run: plain, then streamed
    const std::vector<std::string> cassettes{temp_file("plain.cassette.json", ""), temp_file("stream.cassette.json", "")};
    {
        auto server = start_server();
        base_url = server->openai_base_url();
        for (std::size_t i = 0; i < cassettes.size(); ++i) {
            auto args = openai_at(*server, {"--json", "--record", cassettes[i], "Hello cassette"});
            if (i == 1) args.push_back("--stream");
            auto run = polyllm_cli(args, with_key);
            REQUIRE(run.status == 0);
            recorded.push_back(run.out);
            std::ifstream in(cassettes[i]);
            const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            CHECK(bytes.find("Hello cassette") != std::string::npos);
            CHECK(bytes.find("sk-local-test") == std::string::npos);  // the key is scrubbed before anything is written
        }
    }
    // The server is gone and no key is given: the same arguments give the same output from the cassette alone.
    for (std::size_t i = 0; i < cassettes.size(); ++i) {
        std::vector<std::string> args{"chat", "--model", "gpt-4o", "--base-url", base_url, "--json",
                                      "--replay", cassettes[i], "Hello cassette"};
        if (i == 1) args.push_back("--stream");
        auto replayed = polyllm_cli(args);
        CHECK(replayed.status == 0);
        CHECK(replayed.out == recorded[i]);
    }
    // A prompt the cassette never saw is refused, not sent anywhere.
    auto unmatched = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", base_url, "--replay", cassettes[0],
                                  "Goodbye cassette"});
    CHECK(unmatched.status != 0);
    CHECK_THAT(unmatched.err, Catch::Contains("Goodbye cassette"));
}

TEST_CASE("cli: chat prints a refusal, which is not in the answer's text", "[cli][cassette]") {
    // A recorded answer turned into OpenAI's refusal shape (content null, the reason in `refusal`), replayed.
    const auto cassette = temp_file("refusal.cassette.json", "");
    std::string base_url;
    {
        auto server = start_server();
        base_url = server->openai_base_url();
        REQUIRE(polyllm_cli(openai_at(*server, {"--record", cassette, "Hello refusal"}), with_key).status == 0);
    }
    std::ifstream in(cassette);
    auto tape = parse_json(std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
    in.close();
    auto& body = tape["exchanges"][0]["response"]["body"];
    REQUIRE(body.is_object());
    body["choices"][0]["message"] = {{"role", "assistant"}, {"content", nullptr}, {"refusal", "I can't help with that."}};
    std::ofstream(cassette, std::ios::trunc) << tape.dump(2);

    auto r = polyllm_cli({"chat", "--model", "gpt-4o", "--base-url", base_url, "--replay", cassette, "Hello refusal"});
    CHECK(r.status == 0);
    CHECK(r.out == "refusal: I can't help with that.\n");
}

TEST_CASE("cli: completion scripts offer every option each command's --help lists", "[cli][first-hour]") {
    for (const char* shell : {"bash", "zsh"}) {
        auto script = polyllm_cli({"completion", shell});
        REQUIRE(script.status == 0);
        std::string words = script.out;  // the script's words, quotes taken as spaces
        for (auto& ch : words)
            if (ch == '"' || ch == '\n') ch = ' ';
        for (const char* command : {"chat", "tokens", "models"}) {
            const auto help = polyllm_cli({command, "--help"}).out;
            // every "--flag" at the start of a help line, or after ", "
            std::size_t at = 0;
            while ((at = help.find("--", at)) != std::string::npos) {
                const bool starts_option = at >= 2 && (help.compare(at - 2, 2, "  ") == 0 || help.compare(at - 2, 2, ", ") == 0);
                auto end = help.find_first_of(" ,=\n", at);
                const auto flag = help.substr(at, end - at);
                at = end;
                if (!starts_option) continue;
                INFO(shell << " " << command << " " << flag);
                CHECK(words.find(" " + flag + " ") != std::string::npos);
            }
        }
    }
    CHECK(polyllm_cli({"completion", "fish"}).status == 2);
}
