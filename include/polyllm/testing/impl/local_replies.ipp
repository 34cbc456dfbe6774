#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_replies.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_replies.hpp>

#include <algorithm>

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
    if (options_.cassette) {
        ++requests_;
        return respond_from(*options_.cassette, req);
    }
    const std::string_view path = path_of(req.target);
    if (auto vocabulary = vocabulary_reply(req, options_)) return std::move(*vocabulary);
    if (auto counted = count_tokens_reply(req, options_)) return std::move(*counted);
    if (is_vertex_path(path)) return vertex(req);
    if (auto converse = bedrock(req)) return std::move(*converse);
    if (options_.ollama && is_ollama_path(path)) return ollama_reply(req, options_, ++requests_);
    const bool anthropic_api = path == "/v1/messages" || path == "/messages";
    if (path == "/v1/models" || path == "/models") {
        if (req.method != "GET") return error_response(anthropic_api, 405, "use GET for " + std::string(path));
        return models(req.headers.contains("anthropic-version"));
    }
    const bool chat = path == "/v1/chat/completions" || path == "/chat/completions";
    const bool embed = path == "/v1/embeddings" || path == "/embeddings";
    const bool responses = path == "/v1/responses" || path == "/responses";
    if (!chat && !embed && !anthropic_api && !responses)
        return error_response(false, 404, "no route for " + req.method + " " + std::string(path));
    if (req.method != "POST") return error_response(anthropic_api, 405, "use POST for " + std::string(path));

    const int n = ++requests_;
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    planned_response out;
    std::optional<std::int64_t> remaining;  // of the rate limit, this request counted
    std::chrono::milliseconds reset{0};
    if (options_.rate_limit) {
        const auto now = std::chrono::steady_clock::now();
        if (now - window_began_ >= options_.rate_limit_window) {
            window_began_ = now;
            window_requests_ = 0;
        }
        remaining = *options_.rate_limit - ++window_requests_;
        reset = std::chrono::ceil<std::chrono::milliseconds>(window_began_ + options_.rate_limit_window - now);
    }
    if (!authorized(req)) {
        out = error_response(anthropic_api, 401,
                             anthropic_api ? "invalid x-api-key" : "Incorrect API key provided.");
    } else if (remaining && *remaining < 0) {
        out = error_response(anthropic_api, 429,
                             "rate limit of " + std::to_string(*options_.rate_limit) + " requests reached");
        out.headers.emplace_back("retry-after-ms", std::to_string(reset.count()));
        out.headers.emplace_back("retry-after", std::to_string((reset.count() + 999) / 1000));
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
    } else if (responses) {
        const auto* next = options_.script.empty() ? nullptr : &options_.script[script_pos_++ % options_.script.size()];
        out = responses_reply(body, n, next, options_.token_delay);
    } else {
        out = anthropic_api ? anthropic_messages(body, n) : openai_chat(body, n);
    }
    out.headers.emplace_back(anthropic_api ? "request-id" : "x-request-id", "req_local_" + std::to_string(n));
    if (remaining) {
        out.headers.emplace_back("x-ratelimit-limit-requests", std::to_string(*options_.rate_limit));
        out.headers.emplace_back("x-ratelimit-remaining-requests", std::to_string(std::max<std::int64_t>(*remaining, 0)));
        out.headers.emplace_back("x-ratelimit-reset-requests", std::to_string(reset.count()) + "ms");
    }
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
