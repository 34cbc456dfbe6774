#pragma once
/// @file
/// @brief What polyllm-local-server answers, without any I/O: a request (method, target, headers, body) in, a
/// planned response out (status, headers, a whole body or SSE events, and the faults to act out). The replies
/// follow OpenAI's Chat Completions, Embeddings and Models formats and Anthropic's Messages format, plain and
/// streamed. They are deterministic: the last user message echoed back, or scripted replies in order. The socket
/// side is testing/local_server.hpp; the options are documented in docs/local-server.md.

#include <polyllm/detail/base64.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/types.hpp>
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

/// @brief One scripted answer. `finish_reason` is in OpenAI's terms (stop, length, tool_calls, content_filter) and
/// translated for Anthropic; empty means tool_calls when there are calls, else stop.
struct scripted_reply {
    std::string text;
    std::vector<tool_call> tool_calls;  ///< `arguments` must be a JSON object's text
    std::optional<polyllm::usage> usage;
    std::string finish_reason;
};

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

/// @brief Reads a --script file: a JSON array of replies (or an object with a "replies" array), each
/// `{"text", "tool_calls": [{"id", "name", "arguments"}], "usage": {"prompt_tokens", "completion_tokens", ...},
/// "finish_reason"}`, every field optional. `arguments` may be given as a JSON object or as its text.
[[nodiscard]] POLYLLM_DECL result<std::vector<scripted_reply>> parse_server_script(std::string_view text);

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

POLYLLM_DECL result<std::vector<scripted_reply>> parse_server_script(std::string_view text) {
    auto bad = [](std::string why) { return error{errc::invalid_config, "server script: " + std::move(why)}; };
    // Ordered, so that arguments written as an object are sent in the key order the script gives.
    const auto doc = nlohmann::ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded()) return bad("not valid JSON");
    const nlohmann::ordered_json* list = &doc;
    if (doc.is_object() && doc.contains("replies")) list = &doc["replies"];
    if (!list->is_array()) return bad("expected an array of replies, or an object with a \"replies\" array");
    std::vector<scripted_reply> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        const std::string where = "reply " + std::to_string(i + 1) + ": ";
        if (!item.is_object()) return bad(where + "not an object");
        scripted_reply r;
        if (auto it = item.find("text"); it != item.end()) {
            if (!it->is_string()) return bad(where + "\"text\" must be a string");
            r.text = it->get<std::string>();
        }
        if (auto it = item.find("finish_reason"); it != item.end()) {
            if (!it->is_string()) return bad(where + "\"finish_reason\" must be a string");
            r.finish_reason = it->get<std::string>();
        }
        if (auto it = item.find("tool_calls"); it != item.end()) {
            if (!it->is_array()) return bad(where + "\"tool_calls\" must be an array");
            for (const auto& call : *it) {
                tool_call c;
                c.id = call.value("id", "");
                c.name = call.value("name", "");
                if (c.name.empty()) return bad(where + "a tool call needs a \"name\"");
                const auto args = call.value("arguments", nlohmann::ordered_json::object());
                c.arguments = args.is_string() ? args.get<std::string>() : args.dump();
                const auto parsed = nlohmann::json::parse(c.arguments, nullptr, false);
                if (!parsed.is_object()) return bad(where + "the arguments of " + c.name + " are not a JSON object");
                r.tool_calls.push_back(std::move(c));
            }
        }
        if (auto it = item.find("usage"); it != item.end()) {
            if (!it->is_object()) return bad(where + "\"usage\" must be an object");
            polyllm::usage u;
            u.prompt_tokens = it->value("prompt_tokens", std::int64_t{0});
            u.completion_tokens = it->value("completion_tokens", std::int64_t{0});
            u.cache_read_tokens = it->value("cache_read_tokens", std::int64_t{0});
            u.cache_write_tokens = it->value("cache_write_tokens", std::int64_t{0});
            u.reasoning_tokens = it->value("reasoning_tokens", std::int64_t{0});
            r.usage = u;
        }
        out.push_back(std::move(r));
    }
    return out;
}

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

[[nodiscard]] inline std::string sse_data(const nlohmann::ordered_json& payload) {
    return "data: " + payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}
[[nodiscard]] inline std::string sse_event(std::string_view name, const nlohmann::ordered_json& payload) {
    return "event: " + std::string(name) + "\n" + sse_data(payload);
}

[[nodiscard]] inline std::string anthropic_stop_reason(std::string_view finish) {
    if (finish == "stop") return "end_turn";
    if (finish == "length") return "max_tokens";
    if (finish == "tool_calls") return "tool_use";
    if (finish == "content_filter") return "refusal";
    return std::string(finish);
}

// Error types as each API names them for a status.
[[nodiscard]] inline std::pair<std::string, std::string> openai_error_kind(int status) {
    switch (status) {
        case 400: return {"invalid_request_error", ""};
        case 401: return {"invalid_request_error", "invalid_api_key"};
        case 403: return {"invalid_request_error", "unsupported_country_region_territory"};
        case 404: return {"invalid_request_error", "model_not_found"};
        case 429: return {"requests", "rate_limit_exceeded"};
        case 503: return {"server_error", "overloaded"};
        default: return {status >= 500 ? "server_error" : "invalid_request_error", ""};
    }
}
[[nodiscard]] inline std::string anthropic_error_type(int status) {
    switch (status) {
        case 400: return "invalid_request_error";
        case 401: return "authentication_error";
        case 403: return "permission_error";
        case 404: return "not_found_error";
        case 413: return "request_too_large";
        case 429: return "rate_limit_error";
        case 504: return "timeout_error";
        case 529: return "overloaded_error";
        default: return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

}  // namespace detail

POLYLLM_DECL planned_response local_responder::respond(const server_request& req) {
    const std::string_view path = path_of(req.target);
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

POLYLLM_DECL planned_response local_responder::openai_chat(const nlohmann::json& body, int n) {
    const auto a = answer_for(body, n, false);
    const std::string id = "chatcmpl-local" + std::to_string(n);
    const std::string model = body.value("model", "polyllm-echo");
    const auto created = std::int64_t(std::time(nullptr));
    nlohmann::ordered_json usage = {
        {"prompt_tokens", a.usage.prompt_tokens.value_or(0)},
        {"completion_tokens", a.usage.completion_tokens.value_or(0)},
        {"total_tokens", a.usage.prompt_tokens.value_or(0) + a.usage.completion_tokens.value_or(0)},
        {"prompt_tokens_details", {{"cached_tokens", a.usage.cache_read_tokens.value_or(0)}, {"audio_tokens", 0}}},
        {"completion_tokens_details",
         {{"reasoning_tokens", a.usage.reasoning_tokens.value_or(0)},
          {"audio_tokens", 0},
          {"accepted_prediction_tokens", 0},
          {"rejected_prediction_tokens", 0}}}};
    planned_response out;
    if (!body.value("stream", false)) {
        nlohmann::ordered_json message = {{"role", "assistant"}};
        message["content"] =
            a.text.empty() && !a.tool_calls.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(a.text);
        if (!a.tool_calls.empty()) {
            auto calls = nlohmann::ordered_json::array();
            for (const auto& c : a.tool_calls)
                calls.push_back({{"id", c.id},
                                 {"type", "function"},
                                 {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
            message["tool_calls"] = std::move(calls);
        }
        message["refusal"] = nullptr;
        message["annotations"] = nlohmann::ordered_json::array();
        const nlohmann::ordered_json reply = {
            {"id", id},
            {"object", "chat.completion"},
            {"created", created},
            {"model", model},
            {"choices",
             {{{"index", 0}, {"message", message}, {"logprobs", nullptr}, {"finish_reason", a.finish_reason}}}},
            {"usage", usage},
            {"service_tier", "default"},
            {"system_fingerprint", "fp_polyllm_local"}};
        out.headers.emplace_back("content-type", "application/json");
        out.body = reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return out;
    }
    const bool include_usage = body.value("stream_options", nlohmann::json::object()).value("include_usage", false);
    auto chunk = [&](nlohmann::ordered_json delta, nlohmann::ordered_json finish) {
        nlohmann::ordered_json c = {{"id", id},
                                    {"object", "chat.completion.chunk"},
                                    {"created", created},
                                    {"model", model},
                                    {"service_tier", "default"},
                                    {"system_fingerprint", "fp_polyllm_local"},
                                    {"choices",
                                     {{{"index", 0},
                                       {"delta", std::move(delta)},
                                       {"logprobs", nullptr},
                                       {"finish_reason", std::move(finish)}}}}};
        if (include_usage) c["usage"] = nullptr;
        return detail::sse_data(c);
    };
    out.streamed = true;
    out.event_delay = options_.token_delay;
    out.headers.emplace_back("content-type", "text/event-stream; charset=utf-8");
    out.headers.emplace_back("cache-control", "no-cache");
    out.events.push_back(chunk({{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr));
    for (const auto& piece : a.pieces) out.events.push_back(chunk({{"content", piece}}, nullptr));
    for (std::size_t i = 0; i < a.tool_calls.size(); ++i) {
        const auto& c = a.tool_calls[i];
        out.events.push_back(chunk({{"tool_calls",
                                     {{{"index", i},
                                       {"id", c.id},
                                       {"type", "function"},
                                       {"function", {{"name", c.name}, {"arguments", ""}}}}}}},
                                   nullptr));
        for (const auto& piece : detail::split_tokens(c.arguments))
            out.events.push_back(
                chunk({{"tool_calls", {{{"index", i}, {"function", {{"arguments", piece}}}}}}}, nullptr));
    }
    out.events.push_back(chunk(nlohmann::ordered_json::object(), a.finish_reason));
    if (include_usage) {
        nlohmann::ordered_json last = {{"id", id},
                                       {"object", "chat.completion.chunk"},
                                       {"created", created},
                                       {"model", model},
                                       {"service_tier", "default"},
                                       {"system_fingerprint", "fp_polyllm_local"},
                                       {"choices", nlohmann::ordered_json::array()},
                                       {"usage", usage}};
        out.events.push_back(detail::sse_data(last));
    }
    out.events.emplace_back("data: [DONE]\n\n");
    return out;
}

POLYLLM_DECL planned_response local_responder::anthropic_messages(const nlohmann::json& body, int n) {
    const auto a = answer_for(body, n, true);
    const std::string id = "msg_local" + std::to_string(n);
    const std::string model = body.value("model", "polyllm-echo");
    const std::string stop = detail::anthropic_stop_reason(a.finish_reason);
    const std::int64_t input = a.usage.prompt_tokens.value_or(0) - a.usage.cache_read_tokens.value_or(0) -
                               a.usage.cache_write_tokens.value_or(0);
    planned_response out;
    if (!body.value("stream", false)) {
        auto content = nlohmann::ordered_json::array();
        if (!a.text.empty()) content.push_back({{"type", "text"}, {"text", a.text}});
        for (const auto& c : a.tool_calls)
            content.push_back({{"type", "tool_use"},
                               {"id", c.id},
                               {"name", c.name},
                               {"input", nlohmann::ordered_json::parse(c.arguments)}});
        const nlohmann::ordered_json reply = {
            {"id", id},
            {"type", "message"},
            {"role", "assistant"},
            {"model", model},
            {"content", std::move(content)},
            {"stop_reason", stop},
            {"stop_sequence", nullptr},
            {"usage",
             {{"input_tokens", input},
              {"cache_creation_input_tokens", a.usage.cache_write_tokens.value_or(0)},
              {"cache_read_input_tokens", a.usage.cache_read_tokens.value_or(0)},
              {"output_tokens", a.usage.completion_tokens.value_or(0)}}}};
        out.headers.emplace_back("content-type", "application/json");
        out.body = reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return out;
    }
    out.streamed = true;
    out.event_delay = options_.token_delay;
    out.headers.emplace_back("content-type", "text/event-stream; charset=utf-8");
    out.headers.emplace_back("cache-control", "no-cache");
    out.events.push_back(detail::sse_event(
        "message_start",
        nlohmann::ordered_json{{"type", "message_start"},
                               {"message",
                                {{"id", id},
                                 {"type", "message"},
                                 {"role", "assistant"},
                                 {"model", model},
                                 {"content", nlohmann::ordered_json::array()},
                                 {"stop_reason", nullptr},
                                 {"stop_sequence", nullptr},
                                 {"usage",
                                  {{"input_tokens", input},
                                   {"cache_creation_input_tokens", a.usage.cache_write_tokens.value_or(0)},
                                   {"cache_read_input_tokens", a.usage.cache_read_tokens.value_or(0)},
                                   {"output_tokens", 1}}}}}}));
    std::size_t index = 0;
    auto block_stop = [&] {
        out.events.push_back(detail::sse_event(
            "content_block_stop", nlohmann::ordered_json{{"type", "content_block_stop"}, {"index", index}}));
        ++index;
    };
    auto delta = [&](nlohmann::ordered_json d) {
        out.events.push_back(detail::sse_event(
            "content_block_delta",
            nlohmann::ordered_json{{"type", "content_block_delta"}, {"index", index}, {"delta", std::move(d)}}));
    };
    if (!a.text.empty() || a.tool_calls.empty()) {
        out.events.push_back(detail::sse_event(
            "content_block_start", nlohmann::ordered_json{{"type", "content_block_start"},
                                                          {"index", index},
                                                          {"content_block", {{"type", "text"}, {"text", ""}}}}));
        out.events.push_back(detail::sse_event("ping", nlohmann::ordered_json{{"type", "ping"}}));
        for (const auto& piece : a.pieces) delta({{"type", "text_delta"}, {"text", piece}});
        block_stop();
    }
    for (const auto& c : a.tool_calls) {
        out.events.push_back(detail::sse_event(
            "content_block_start",
            nlohmann::ordered_json{{"type", "content_block_start"},
                                   {"index", index},
                                   {"content_block",
                                    {{"type", "tool_use"},
                                     {"id", c.id},
                                     {"name", c.name},
                                     {"input", nlohmann::ordered_json::object()}}}}));
        delta({{"type", "input_json_delta"}, {"partial_json", ""}});
        for (const auto& piece : detail::split_tokens(c.arguments))
            delta({{"type", "input_json_delta"}, {"partial_json", piece}});
        block_stop();
    }
    out.events.push_back(detail::sse_event(
        "message_delta", nlohmann::ordered_json{{"type", "message_delta"},
                                                {"delta", {{"stop_reason", stop}, {"stop_sequence", nullptr}}},
                                                {"usage", {{"output_tokens", a.usage.completion_tokens.value_or(0)}}}}));
    out.events.push_back(detail::sse_event("message_stop", nlohmann::ordered_json{{"type", "message_stop"}}));
    return out;
}

POLYLLM_DECL planned_response local_responder::embeddings(const nlohmann::json& body) const {
    std::vector<std::string> texts;
    const auto input = body.value("input", nlohmann::json());
    if (input.is_string()) texts.push_back(input.get<std::string>());
    else if (input.is_array())
        for (const auto& t : input)
            if (t.is_string()) texts.push_back(t.get<std::string>());
    if (texts.empty() || (input.is_array() && texts.size() != input.size()))
        return error_response(false, 400, "\"input\" must be a string or an array of strings");
    const std::int64_t dimensions = body.value("dimensions", std::int64_t{8});
    if (dimensions <= 0 || dimensions > 4096) return error_response(false, 400, "\"dimensions\" is out of range");
    const bool base64 = body.value("encoding_format", "float") == "base64";
    auto data = nlohmann::ordered_json::array();
    std::int64_t tokens = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        tokens += std::int64_t(approximate_tokens(texts[i]).tokens);
        const auto vec = embedding_of(texts[i], std::size_t(dimensions));
        nlohmann::ordered_json item = {{"object", "embedding"}, {"index", i}};
        if (base64) {
            std::string bytes(vec.size() * sizeof(float), '\0');
            std::memcpy(bytes.data(), vec.data(), bytes.size());  // little-endian float32, as OpenAI sends
            item["embedding"] = polyllm::detail::base64_encode(bytes);
        } else {
            item["embedding"] = vec;
        }
        data.push_back(std::move(item));
    }
    const nlohmann::ordered_json reply = {{"object", "list"},
                                          {"data", std::move(data)},
                                          {"model", body.value("model", "polyllm-echo")},
                                          {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}};
    planned_response out;
    out.headers.emplace_back("content-type", "application/json");
    out.body = reply.dump();
    return out;
}

POLYLLM_DECL std::vector<float> local_responder::embedding_of(std::string_view text, std::size_t dimensions) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a, then a xorshift stream per dimension
    for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    std::vector<float> v(dimensions);
    double norm = 0;
    for (auto& x : v) {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        x = float(double(h % 20001) / 10000.0 - 1.0);
        norm += double(x) * double(x);
    }
    if (norm > 0)
        for (auto& x : v) x = float(double(x) / std::sqrt(norm));
    return v;
}

POLYLLM_DECL planned_response local_responder::models(bool anthropic_api) const {
    auto data = nlohmann::ordered_json::array();
    for (const auto& m : options_.models) {
        if (anthropic_api)
            data.push_back({{"type", "model"},
                            {"id", m},
                            {"display_name", m},
                            {"created_at", "2025-01-01T00:00:00Z"}});
        else
            data.push_back({{"id", m}, {"object", "model"}, {"created", 1735689600}, {"owned_by", "polyllm"}});
    }
    nlohmann::ordered_json reply;
    if (anthropic_api) {
        reply = {{"data", data}, {"has_more", false}};
        if (!options_.models.empty()) reply["first_id"] = options_.models.front();
        else reply["first_id"] = nullptr;
        if (!options_.models.empty()) reply["last_id"] = options_.models.back();
        else reply["last_id"] = nullptr;
    } else {
        reply = {{"object", "list"}, {"data", data}};
    }
    planned_response out;
    out.headers.emplace_back("content-type", "application/json");
    out.body = reply.dump();
    return out;
}

POLYLLM_DECL planned_response local_responder::error_response(bool anthropic_api, int status, std::string message) {
    planned_response out;
    out.status = status;
    out.headers.emplace_back("content-type", "application/json");
    if (anthropic_api) {
        out.body = nlohmann::ordered_json{{"type", "error"},
                                          {"error",
                                           {{"type", detail::anthropic_error_type(status)},
                                            {"message", std::move(message)}}}}
                       .dump();
    } else {
        auto [type, code] = detail::openai_error_kind(status);
        nlohmann::ordered_json e = {{"message", std::move(message)}, {"type", type}, {"param", nullptr}};
        e["code"] = code.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(code);
        out.body = nlohmann::ordered_json{{"error", std::move(e)}}.dump();
    }
    return out;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
