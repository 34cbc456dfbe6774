#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/vertex_ai_embeddings.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/vertex_ai_embeddings.hpp>

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
