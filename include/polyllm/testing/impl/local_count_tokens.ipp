#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_count_tokens.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_count_tokens.hpp>

#include <array>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

namespace detail {

inline void gather_strings(const nlohmann::json& j, std::string& out) {
    if (j.is_string()) {
        out += j.get_ref<const std::string&>();
        out += ' ';
    } else if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            if (key != "model") gather_strings(value, out);
    } else if (j.is_array()) {
        for (const auto& value : j) gather_strings(value, out);
    }
}

[[nodiscard]] inline planned_response json_reply(int status, const nlohmann::json& body) {
    planned_response out;
    out.status = status;
    out.headers.emplace_back("content-type", "application/json");
    out.body = body.dump();
    return out;
}

[[nodiscard]] inline planned_response anthropic_count_error(int status, std::string_view type, std::string message) {
    return json_reply(status, {{"type", "error"}, {"error", {{"type", type}, {"message", std::move(message)}}}});
}

[[nodiscard]] inline planned_response gemini_count_error(int status, std::string_view code, std::string message) {
    return json_reply(status, {{"error", {{"code", status}, {"message", std::move(message)}, {"status", code}}}});
}

// Fields of a Messages call that count_tokens refuses, as Anthropic does ("Extra inputs are not permitted").
inline constexpr std::array<std::string_view, 8> call_only_fields{
    "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "metadata", "stream", "service_tier"};

[[nodiscard]] inline planned_response anthropic_count(const server_request& req, const local_server_options& o) {
    if (req.method != "POST") return anthropic_count_error(405, "invalid_request_error", "use POST");
    if (!o.api_key.empty() && req.headers.value_or_empty("x-api-key") != o.api_key)
        return anthropic_count_error(401, "authentication_error", "invalid x-api-key");
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) return anthropic_count_error(400, "invalid_request_error", "the body is not a JSON object");
    if (!body.contains("model") || !body.contains("messages"))
        return anthropic_count_error(400, "invalid_request_error", "model and messages: Field required");
    for (auto field : call_only_fields)
        if (body.contains(field))
            return anthropic_count_error(400, "invalid_request_error",
                                         std::string(field) + ": Extra inputs are not permitted");
    auto out = json_reply(200, {{"input_tokens", local_count_of(body)}});
    out.headers.emplace_back("request-id", "req_local_count");
    return out;
}

[[nodiscard]] inline planned_response gemini_count(const server_request& req, const local_server_options& o) {
    if (req.method != "POST") return gemini_count_error(405, "INVALID_ARGUMENT", "use POST");
    if (!o.api_key.empty() && req.headers.value_or_empty("x-goog-api-key") != o.api_key) {
        // As Google answers a wrong key: 400, with the ErrorInfo reason that says what is wrong.
        auto out = gemini_count_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
        auto body = nlohmann::json::parse(out.body);
        body["error"]["details"] = {{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                                     {"reason", "API_KEY_INVALID"},
                                     {"domain", "googleapis.com"}}};
        out.body = body.dump();
        return out;
    }
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) return gemini_count_error(400, "INVALID_ARGUMENT", "the body is not a JSON object");
    if (body.contains("contents") && body.contains("generateContentRequest"))
        return gemini_count_error(400, "INVALID_ARGUMENT", "contents and generateContentRequest are exclusive");
    const auto n = local_count_of(body);
    return json_reply(200, {{"totalTokens", n}, {"promptTokensDetails", {{{"modality", "TEXT"}, {"tokenCount", n}}}}});
}

}  // namespace detail

POLYLLM_DECL std::size_t local_count_of(const nlohmann::json& body) {
    std::string text;
    detail::gather_strings(body, text);
    return approximate_tokens(text).tokens;
}

POLYLLM_DECL std::optional<planned_response> count_tokens_reply(const server_request& req,
                                                               const local_server_options& options) {
    const std::string_view target = req.target;
    const auto path = target.substr(0, target.find('?'));
    if (path == "/v1/messages/count_tokens" || path == "/messages/count_tokens")
        return detail::anthropic_count(req, options);
    // /{version}/models/{model}:countTokens (the Vertex paths, under /v1/projects/, are not these).
    if (path.ends_with(":countTokens") && !path.starts_with("/v1/projects/") && path.find("/models/") != path.npos)
        return detail::gemini_count(req, options);
    return std::nullopt;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
