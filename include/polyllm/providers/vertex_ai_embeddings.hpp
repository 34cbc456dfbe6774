#pragma once
/// @file
/// @brief Vertex AI's text embeddings (`publishers/google/models/{model}:predict`, for text-embedding-005,
/// gemini-embedding-001 and the like), without I/O: `{"instances": [{"content": text}, ...]}` out, and
/// `{"predictions": [{"embeddings": {"values": [...], "statistics": {"token_count": n}}}]}` read back, one prediction
/// per text, in order. Errors are Google's (gemini_content::error_from).
/// Reference: cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/gemini_content_errors.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace vertex_ai_wire {

/// @brief The `:predict` body for `texts`.
[[nodiscard]] POLYLLM_DECL std::string embeddings_body(const std::vector<std::string>& texts);

/// @brief The vectors, and the summed token counts as prompt tokens; `expected_count` predictions or
/// errc::malformed_response.
[[nodiscard]] POLYLLM_DECL result<embeddings> parse_embeddings(const http_response& res, std::size_t expected_count);

}  // namespace vertex_ai_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace vertex_ai_wire {

POLYLLM_DECL std::string embeddings_body(const std::vector<std::string>& texts) {
    nlohmann::json instances = nlohmann::json::array();
    for (const auto& text : texts) instances.push_back({{"content", text}});
    return nlohmann::json{{"instances", std::move(instances)}}.dump(-1, ' ', false,
                                                                    nlohmann::json::error_handler_t::replace);
}

POLYLLM_DECL result<embeddings> parse_embeddings(const http_response& res, std::size_t expected_count) {
    if (res.status < 200 || res.status >= 300) return gemini_content::error_from(res);
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    auto malformed = [&](std::string why) {
        error e{errc::malformed_response, "Vertex AI embeddings response: " + std::move(why)};
        e.http_status = res.status;
        return e;
    };
    if (!body.is_object()) return malformed("not a JSON object");
    const auto predictions = body.find("predictions");
    if (predictions == body.end() || !predictions->is_array()) return malformed("no predictions array");
    if (predictions->size() != expected_count)
        return malformed(std::to_string(predictions->size()) + " vectors for " + std::to_string(expected_count) +
                         " inputs");
    embeddings out;
    std::int64_t tokens = 0;
    bool counted = false;
    try {
        for (const auto& prediction : *predictions) {
            const auto& e = prediction.at("embeddings");
            out.vectors.push_back(e.at("values").get<std::vector<float>>());
            if (out.vectors.back().empty()) return malformed("an empty vector");
            if (const auto s = e.find("statistics"); s != e.end() && s->is_object() && s->contains("token_count")) {
                tokens += (*s)["token_count"].get<std::int64_t>();
                counted = true;
            }
        }
    } catch (const nlohmann::json::exception& ex) {
        return malformed(std::string("unexpected field type: ") + ex.what());
    }
    if (counted) {
        out.usage.prompt_tokens = tokens;
        out.usage.completion_tokens = 0;  // embeddings generate nothing: a true zero, so that cost is known
    }
    return out;
}

}  // namespace vertex_ai_wire
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
