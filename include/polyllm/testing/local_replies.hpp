#pragma once
/// @file
/// @brief What polyllm-local-server answers, without any I/O: a request (method, target, headers, body) in, a
/// planned response out (status, headers, a whole body or SSE events, and the faults to act out). The replies
/// follow OpenAI's Chat Completions, Embeddings and Models formats and Anthropic's Messages format, plain and
/// streamed. They are deterministic: the last user message echoed back, or scripted replies in order. The socket
/// side is testing/local_server.hpp; the options are documented in docs/local-server.md. The scripted replies are
/// read in testing/server_script.hpp; the replies in each API's format are written in testing/local_reply_formats.hpp.

#include <polyllm/detail/base64.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/types.hpp>
#include <polyllm/testing/server_script.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

class local_cassette;

/// @brief How the server behaves. Field names follow the command-line options of polyllm-local-server.
struct local_server_options {
    std::string host = "127.0.0.1";  ///< --host
    std::uint16_t port = 0;          ///< --port; 0 picks a free port
    std::string api_key;             ///< --api-key: when set, requests without it get 401
    std::vector<std::string> models{"polyllm-echo"};  ///< --model (repeatable): what /v1/models lists
    std::vector<scripted_reply> script;               ///< --script FILE; empty: echo
    std::chrono::milliseconds token_delay{0};         ///< --token-delay-ms: between stream events
    int fail_status = 0;                              ///< --fail-status: the status of injected failures
    int fail_every = 1;                               ///< --fail-every N: requests 1, N+1, 2N+1, ... fail
    std::optional<std::chrono::milliseconds> retry_after;  ///< --retry-after-ms: sent with injected failures
    bool drop_mid_stream = false;                     ///< --drop-mid-stream: close the connection halfway
    std::chrono::milliseconds stall{0};               ///< --stall-ms: wait before the response head
    /// A request budget per `rate_limit_window`, told in OpenAI's x-ratelimit-*-requests headers; past it, 429
    /// with `retry-after-ms` until the window ends. Empty: no limit (the router's headroom strategy is measured
    /// against it, benchmarks/bench_router_headroom.cpp).
    std::optional<std::int64_t> rate_limit{};
    std::chrono::milliseconds rate_limit_window{1000};
    /// --write-service-account: the public key (PEM) whose JWTs /token accepts; empty: the Vertex paths take any
    /// bearer token (testing/local_vertex.hpp).
    std::string vertex_public_key;
    std::string aws_access_key_id;      ///< --aws-access-key-id: Bedrock requests must be SigV4-signed with it
    std::string aws_secret_access_key;  ///< --aws-secret-access-key: its secret (testing/local_bedrock.hpp)
    std::string bedrock_fault;          ///< --bedrock-fault: bad-crc, cut-frame or exception in Bedrock streams
    std::string tiktoken_dir;      ///< --tiktoken-dir: serve its files at /encodings/ (testing/local_vocabulary.hpp)
    std::string vocabulary_fault;  ///< --vocabulary-fault: corrupt or cut the vocabulary files served
    /// --cassette FILE: every request is answered from this recording instead (testing/local_cassette.hpp).
    std::shared_ptr<local_cassette> cassette;
    bool ollama = false;                ///< --ollama: Ollama's native API too (testing/local_ollama.hpp)
    std::string ollama_fault;           ///< --ollama-fault: error-line, cut or no-model
    std::int64_t ollama_context_length = 8192;  ///< --ollama-context: the context length /api/show reports
};

/// @brief A request as the server read it.
struct server_request {
    std::string method;
    std::string target;
    http_headers headers;
    std::string body;
};

/// @brief What to send back, and how. A streamed response is the head, then each event in `events` as one chunk,
/// `event_delay` apart, then the end of the chunked body.
struct planned_response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                 ///< when not streamed
    bool streamed = false;
    std::vector<std::string> events;  ///< when streamed: complete SSE events, each ending in a blank line
    std::chrono::milliseconds stall{0};
    std::chrono::milliseconds event_delay{0};
    bool drop_midway = false;  ///< send half the events (or half the body), then close without ending the body
};

/// @brief The answer of a server given `--cassette` (defined with `local_cassette`, testing/local_cassette.hpp).
[[nodiscard]] POLYLLM_DECL planned_response respond_from(local_cassette& recording, const server_request& req);

/// @brief The reply to a Responses API request (`POST /v1/responses`): testing/local_responses.hpp. `script` is the
/// next scripted reply, or null for the echo.
[[nodiscard]] POLYLLM_DECL planned_response responses_reply(const nlohmann::json& body, int n,
                                                            const scripted_reply* script,
                                                            std::chrono::milliseconds token_delay);

/// @brief A vocabulary file from `options.tiktoken_dir` for `GET /encodings/<name>` (testing/local_vocabulary.hpp);
/// nothing for another path, or when no directory is served.
[[nodiscard]] POLYLLM_DECL std::optional<planned_response> vocabulary_reply(const server_request& req,
                                                                           const local_server_options& options);
/// @brief The reply to a token counting request (testing/local_count_tokens.hpp), or nothing for another path.
[[nodiscard]] POLYLLM_DECL std::optional<planned_response> count_tokens_reply(const server_request& req,
                                                                             const local_server_options& options);

/// @brief The server's brain: turns each request into a planned response. Counts requests to place the injected
/// failures; otherwise stateless but for the position in the script.
class local_responder {
public:
    explicit local_responder(local_server_options options) : options_(std::move(options)) {}

    [[nodiscard]] const local_server_options& options() const noexcept { return options_; }
    /// @brief API requests seen so far (chat, messages, embeddings), failed ones included.
    [[nodiscard]] int requests_seen() const noexcept { return requests_.load(); }

    [[nodiscard]] POLYLLM_DECL planned_response respond(const server_request& req);

    /// @brief The planned response for a request the HTTP parser refused.
    [[nodiscard]] POLYLLM_DECL static planned_response bad_http(std::string_view why);

private:
    // The reply to give: the next scripted one, or the echo of the last user (or tool) message.
    struct answer {
        std::string text;
        std::vector<tool_call> tool_calls;
        polyllm::usage usage;
        std::string finish_reason;  // OpenAI's terms
        std::vector<std::string> pieces;
    };

    [[nodiscard]] static std::string_view path_of(std::string_view target) {
        return target.substr(0, target.find('?'));
    }

    [[nodiscard]] POLYLLM_DECL bool authorized(const server_request& req) const;

    [[nodiscard]] POLYLLM_DECL answer answer_for(const nlohmann::json& body, int n, bool anthropic_api);

    // --- OpenAI Chat Completions. ---

    [[nodiscard]] POLYLLM_DECL planned_response openai_chat(const nlohmann::json& body, int n);

    // --- Anthropic Messages. ---

    [[nodiscard]] POLYLLM_DECL planned_response anthropic_messages(const nlohmann::json& body, int n);

    // --- Bedrock Converse (testing/local_bedrock.hpp): nothing for a path that is not Bedrock's. ---

    [[nodiscard]] POLYLLM_DECL std::optional<planned_response> bedrock(const server_request& req);

    // --- OpenAI Embeddings: a unit vector per text from a hash of the text, the same every time. ---

    [[nodiscard]] POLYLLM_DECL planned_response embeddings(const nlohmann::json& body) const;

    [[nodiscard]] POLYLLM_DECL static std::vector<float> embedding_of(std::string_view text, std::size_t dimensions);

    // --- Models. ---

    [[nodiscard]] POLYLLM_DECL planned_response models(bool anthropic_api) const;

    // --- Vertex AI: the token endpoint and both publishers' paths (testing/local_vertex.hpp). ---

    [[nodiscard]] POLYLLM_DECL static bool is_vertex_path(std::string_view path) noexcept;
    [[nodiscard]] POLYLLM_DECL planned_response vertex(const server_request& req);
    [[nodiscard]] POLYLLM_DECL planned_response vertex_token(const server_request& req);
    [[nodiscard]] POLYLLM_DECL planned_response gemini_content(const nlohmann::json& body, int n,
                                                               const std::string& model, bool stream);

    // --- Errors, in the format of the API that was called. ---

    [[nodiscard]] POLYLLM_DECL static planned_response error_response(bool anthropic_api, int status,
                                                                      std::string message);

    local_server_options options_;
    std::atomic<int> requests_{0};
    std::size_t script_pos_ = 0;
    std::chrono::steady_clock::time_point window_began_{};  // of `rate_limit`
    std::int64_t window_requests_ = 0;
    std::atomic<int> vertex_tokens_{0};  // access tokens /token issued: ya29.local-1, -2, ...
};

}  // namespace testing
POLYLLM_NAMESPACE_END

// After the declarations above, which it uses; before the definitions, which call it.
#include <polyllm/testing/local_cassette.hpp>
#include <polyllm/testing/local_ollama.hpp>  // Ollama's native API (--ollama), which respond() dispatches to

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_replies.ipp>
#endif

// The replies in each API's format (members of local_responder).
#include <polyllm/testing/local_reply_formats.hpp>
#include <polyllm/testing/local_responses.hpp>
#include <polyllm/testing/local_vertex.hpp>
#include <polyllm/testing/local_bedrock.hpp>
#include <polyllm/testing/local_vocabulary.hpp>
#include <polyllm/testing/local_count_tokens.hpp>
