#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_reply_formats.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_reply_formats.hpp>
#include <polyllm/testing/impl/local_replies.ipp>  // the helpers it shares with that file

POLYLLM_NAMESPACE_BEGIN
namespace testing {
namespace detail {

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
