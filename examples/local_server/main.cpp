// polyllm-local-server: a deterministic OpenAI-, Anthropic-, Vertex AI- and Bedrock-compatible server on loopback,
// for demos, benchmarks and tests. The replies and faults are polyllm::testing::local_responder's; see docs/local-server.md.

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view usage_text = R"(usage: polyllm-local-server [OPTIONS]

Serves OpenAI's /v1/chat/completions (plain and streaming), /v1/embeddings, /v1/models and Anthropic's
/v1/messages (plain and streaming) on loopback, and Vertex AI's paths for Gemini (:generateContent,
:streamGenerateContent) and Claude (:rawPredict, :streamRawPredict) with an OAuth token endpoint at /token, and
Bedrock's /model/{id}/converse and /converse-stream (binary event stream). Replies echo the last user message, or
follow --script (OpenAI and Anthropic formats). The bound port is printed on stdout, alone on the first line.

options:
  --host ADDRESS          address to listen on (default 127.0.0.1)
  --port N                port (default 0: a free one)
  --api-key KEY           require this key (Authorization: Bearer KEY or x-api-key: KEY); 401 otherwise
  --model NAME            a model /v1/models lists (repeatable; default polyllm-echo)
  --script FILE           scripted replies, used in order and then again from the start (docs/local-server.md)
  --token-delay-ms N      wait N ms between stream events
  --fail-status CODE      answer injected failures with this status (429, 500, 503, 529, 401, ...)
  --fail-every N          with --fail-status: requests 1, N+1, 2N+1, ... fail (default 1: every request)
  --retry-after-ms N      with --fail-status: send retry-after-ms: N (and retry-after in whole seconds)
  --drop-mid-stream       close the connection after half of each response (half the events, or half the body)
  --stall-ms N            wait N ms before each response head
  --write-service-account FILE
                          generate a test service account, write its key file to FILE (token_uri: this
                          server's /token), and accept only the tokens /token issues for its signed JWTs
  --aws-access-key-id ID  Bedrock: require a SigV4 signature by this key (403 as Bedrock answers otherwise)
  --aws-secret-access-key KEY  Bedrock: that key's secret
  --bedrock-fault FAULT   Bedrock streams: bad-crc, cut-frame (the body ends inside a frame) or exception
  --tiktoken-dir DIR      serve DIR's files at /encodings/NAME, as OpenAI serves the .tiktoken vocabularies
                          (POLYLLM_TIKTOKEN_BASE_URL=http://HOST:PORT/encodings points polyllm here)
  --vocabulary-fault F    the vocabulary files served: corrupt (one byte changed) or cut (half, then close)
  --cassette FILE         answer every request from this recording (docs/testing.md) instead
  --ollama                also Ollama's native /api/chat (NDJSON streams), /api/show and /api/tags
  --ollama-context N      the context length /api/show reports (default 8192)
  --ollama-fault FAULT    Ollama: error-line (an error line mid-stream), cut (no "done": true) or no-model (404)
  --help                  this text
)";

int usage_error(const std::string& message) {
    std::cerr << "polyllm-local-server: error: " << message << "\n(--help lists the options)\n";
    return 2;
}

template <class Int>
bool parse_number(std::string_view text, Int& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
    polyllm::testing::local_server_options options;
    bool models_given = false;
    std::string service_account_file;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << usage_text;
            return 0;
        }
        if (arg == "--drop-mid-stream") {
            options.drop_mid_stream = true;
            continue;
        }
        if (arg == "--ollama") {
            options.ollama = true;
            continue;
        }
        if (i + 1 >= argc) return usage_error(std::string(arg) + " needs a value");
        const std::string_view value = argv[++i];
        auto number = [&](auto& out) { return parse_number(value, out); };
        long long ms = 0;
        if (arg == "--host") options.host = value;
        else if (arg == "--port") {
            if (!number(options.port)) return usage_error("--port needs a port number, not \"" + std::string(value) + "\"");
        } else if (arg == "--api-key") options.api_key = value;
        else if (arg == "--aws-access-key-id") options.aws_access_key_id = value;
        else if (arg == "--aws-secret-access-key") options.aws_secret_access_key = value;
        else if (arg == "--bedrock-fault") {
            if (value != "bad-crc" && value != "cut-frame" && value != "exception")
                return usage_error("--bedrock-fault is bad-crc, cut-frame or exception, not \"" + std::string(value) + "\"");
            options.bedrock_fault = value;
        }
        else if (arg == "--tiktoken-dir") options.tiktoken_dir = value;
        else if (arg == "--vocabulary-fault") {
            if (value != "corrupt" && value != "cut")
                return usage_error("--vocabulary-fault is corrupt or cut, not \"" + std::string(value) + "\"");
            options.vocabulary_fault = value;
        } else if (arg == "--ollama-fault") {
            if (value != "error-line" && value != "cut" && value != "no-model")
                return usage_error("--ollama-fault is error-line, cut or no-model, not \"" + std::string(value) + "\"");
            options.ollama_fault = value;
        } else if (arg == "--ollama-context") {
            if (!number(options.ollama_context_length) || options.ollama_context_length < 1)
                return usage_error("--ollama-context needs a number >= 1, not \"" + std::string(value) + "\"");
        }
        else if (arg == "--model") {
            if (!models_given) options.models.clear();
            models_given = true;
            options.models.emplace_back(value);
        } else if (arg == "--script") {
            std::ifstream in{std::string(value)};
            if (!in) return usage_error("cannot read script \"" + std::string(value) + "\"");
            std::stringstream text;
            text << in.rdbuf();
            auto script = polyllm::testing::parse_server_script(text.str());
            if (!script) return usage_error(std::string(value) + ": " + script.error().message);
            options.script = std::move(script).value();
        } else if (arg == "--cassette") {
            auto recording = polyllm::load_cassette(std::string(value));
            if (!recording) return usage_error(recording.error().message);
            options.cassette = std::make_shared<polyllm::testing::local_cassette>(std::move(recording).value());
        } else if (arg == "--write-service-account") {
            service_account_file = value;
        } else if (arg == "--fail-status") {
            if (!number(options.fail_status) || options.fail_status < 100 || options.fail_status > 599)
                return usage_error("--fail-status needs an HTTP status, not \"" + std::string(value) + "\"");
        } else if (arg == "--fail-every") {
            if (!number(options.fail_every) || options.fail_every < 1)
                return usage_error("--fail-every needs a number >= 1, not \"" + std::string(value) + "\"");
        } else if (arg == "--token-delay-ms" || arg == "--retry-after-ms" || arg == "--stall-ms") {
            if (!number(ms) || ms < 0)
                return usage_error(std::string(arg) + " needs milliseconds >= 0, not \"" + std::string(value) + "\"");
            const std::chrono::milliseconds d{ms};
            if (arg == "--token-delay-ms") options.token_delay = d;
            else if (arg == "--retry-after-ms") options.retry_after = d;
            else options.stall = d;
        } else {
            return usage_error("unknown option " + std::string(arg));
        }
    }

    // The key pair first (the server checks assertions with its public half), the file once the port is known.
    std::optional<polyllm::testing::test_service_account> account;
    if (!service_account_file.empty()) {
        auto made = polyllm::testing::make_test_service_account("http://placeholder/token");
        if (!made) return usage_error(made.error().message);
        account = std::move(made).value();
        options.vertex_public_key = account->public_pem;
    }

    asio::io_context io{1};
    polyllm::testing::local_server server(io.get_executor(), options);
    auto port = server.listen();
    if (!port) {
        std::cerr << "polyllm-local-server: error: " << port.error().message << "\n";
        return 1;
    }
    if (account) {
        auto key_file = nlohmann::ordered_json::parse(account->key_file);
        key_file["token_uri"] = "http://" + options.host + ":" + std::to_string(port.value()) + "/token";
        std::ofstream out(service_account_file, std::ios::binary | std::ios::trunc);
        out << key_file.dump(2) << "\n";
        if (!out.flush()) {
            std::cerr << "polyllm-local-server: error: cannot write " << service_account_file << "\n";
            return 1;
        }
    }
    std::cout << port.value() << std::endl;  // flushed: a script waiting for the port reads it now
    std::cerr << "polyllm-local-server: listening on http://" << options.host << ":" << port.value()
              << " (OpenAI base URL http://" << options.host << ":" << port.value() << "/v1)\n";

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code, int) { server.stop(); });
    io.run();
    return 0;
}
