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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

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
    std::string aws_access_key_id;      ///< --aws-access-key-id: Bedrock requests must be SigV4-signed with it
    std::string aws_secret_access_key;  ///< --aws-secret-access-key: its secret (testing/local_bedrock.hpp)
    std::string bedrock_fault;          ///< --bedrock-fault: bad-crc, cut-frame or exception in Bedrock streams
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

    // --- Errors, in the format of the API that was called. ---

    [[nodiscard]] POLYLLM_DECL static planned_response error_response(bool anthropic_api, int status,
                                                                      std::string message);

    local_server_options options_;
    std::atomic<int> requests_{0};
    std::size_t script_pos_ = 0;
};

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace testing {

namespace detail {

/// Text cut where a token would plausibly end: each piece is a run of spaces and the word after it, so "Hello
/// world" streams as "Hello", " world". Never splits inside a UTF-8 sequence.
[[nodiscard]] inline std::vector<std::string> split_tokens(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t i = start;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
        out.emplace_back(text.substr(start, i - start));
        start = i;
    }
    return out;
}

/// The text of an OpenAI or Anthropic message's content: a string, or the text parts of an array.
[[nodiscard]] inline std::string content_text(const nlohmann::json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const auto& part : content) {
            if (!part.is_object()) continue;
            const auto type = part.value("type", "");
            if (type == "text") out += part.value("text", "");
            else if (type == "tool_result") out += content_text(part.value("content", nlohmann::json()));
        }
    return out;
}

}  // namespace detail

POLYLLM_DECL planned_response local_responder::respond(const server_request& req) {
    const std::string_view path = path_of(req.target);
    if (auto converse = bedrock(req)) return std::move(*converse);
    const bool anthropic_api = path == "/v1/messages" || path == "/messages";
    if (path == "/v1/models" || path == "/models") {
        if (req.method != "GET") return error_response(anthropic_api, 405, "use GET for " + std::string(path));
        return models(req.headers.contains("anthropic-version"));
    }
    const bool chat = path == "/v1/chat/completions" || path == "/chat/completions";
    const bool embed = path == "/v1/embeddings" || path == "/embeddings";
    if (!chat && !embed && !anthropic_api)
        return error_response(false, 404, "no route for " + req.method + " " + std::string(path));
    if (req.method != "POST") return error_response(anthropic_api, 405, "use POST for " + std::string(path));

    const int n = ++requests_;
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    planned_response out;
    if (!authorized(req)) {
        out = error_response(anthropic_api, 401,
                             anthropic_api ? "invalid x-api-key" : "Incorrect API key provided.");
    } else if (options_.fail_status != 0 && (n - 1) % std::max(options_.fail_every, 1) == 0) {
        out = error_response(anthropic_api, options_.fail_status,
                             "injected failure for request " + std::to_string(n));
        if (options_.retry_after) {
            const auto ms = options_.retry_after->count();
            out.headers.emplace_back("retry-after-ms", std::to_string(ms));
            out.headers.emplace_back("retry-after", std::to_string((ms + 999) / 1000));
        }
    } else if (!body.is_object()) {
        out = error_response(anthropic_api, 400, "the request body is not a JSON object");
    } else if (embed) {
        out = embeddings(body);
    } else {
        out = anthropic_api ? anthropic_messages(body, n) : openai_chat(body, n);
    }
    out.headers.emplace_back(anthropic_api ? "request-id" : "x-request-id", "req_local_" + std::to_string(n));
    out.stall = options_.stall;
    out.drop_midway = options_.drop_mid_stream && out.status == 200;
    return out;
}

POLYLLM_DECL planned_response local_responder::bad_http(std::string_view why) {
    return error_response(false, 400, "malformed HTTP request: " + std::string(why));
}

POLYLLM_DECL bool local_responder::authorized(const server_request& req) const {
    if (options_.api_key.empty()) return true;
    if (req.headers.value_or_empty("x-api-key") == options_.api_key) return true;
    return req.headers.value_or_empty("authorization") == "Bearer " + options_.api_key;
}

POLYLLM_DECL local_responder::answer local_responder::answer_for(const nlohmann::json& body, int n,
                                                                 bool anthropic_api) {
    answer a;
    std::string prompt;
    std::string last;
    if (anthropic_api) prompt += detail::content_text(body.value("system", nlohmann::json()));
    for (const auto& m : body.value("messages", nlohmann::json::array())) {
        if (!m.is_object()) continue;
        const std::string text = detail::content_text(m.value("content", nlohmann::json()));
        prompt += text;
        const auto role = m.value("role", "");
        if (role == "user" || role == "tool") last = text;
    }
    if (!options_.script.empty()) {
        const auto& s = options_.script[script_pos_++ % options_.script.size()];
        a.text = s.text;
        a.tool_calls = s.tool_calls;
        for (std::size_t i = 0; i < a.tool_calls.size(); ++i)
            if (a.tool_calls[i].id.empty())
                a.tool_calls[i].id = (anthropic_api ? "toolu_local_" : "call_local_") + std::to_string(n) + "_" +
                                     std::to_string(i);
        a.finish_reason = s.finish_reason;
        a.pieces = detail::split_tokens(a.text);
        if (s.usage) a.usage = *s.usage;
    } else {
        a.pieces = detail::split_tokens(last);
        // max_tokens cuts the echo, as a real model would stop.
        std::int64_t limit = -1;
        for (const char* field : {"max_tokens", "max_completion_tokens"})
            if (auto it = body.find(field); it != body.end() && it->is_number_integer())
                limit = it->get<std::int64_t>();
        if (limit >= 0 && std::int64_t(a.pieces.size()) > limit) {
            a.pieces.resize(std::size_t(limit));
            a.finish_reason = "length";
        }
        for (const auto& p : a.pieces) a.text += p;
    }
    if (a.finish_reason.empty()) a.finish_reason = a.tool_calls.empty() ? "stop" : "tool_calls";
    if (a.usage == polyllm::usage{}) {
        a.usage.prompt_tokens = std::int64_t(approximate_tokens(prompt).tokens) + 1;
        a.usage.completion_tokens = std::int64_t(a.pieces.size());
        for (const auto& c : a.tool_calls)
            *a.usage.completion_tokens += std::int64_t(detail::split_tokens(c.arguments).size()) + 1;
    }
    return a;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS

// The replies in each API's format (members of local_responder).
#include <polyllm/testing/local_reply_formats.hpp>
#include <polyllm/testing/local_bedrock.hpp>
