#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_embeddings.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_embeddings.hpp>
#include <polyllm/wire/error_body.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace openai_embeddings {

POLYLLM_DECL std::string body(const std::vector<std::string>& texts, std::string_view model) {
    nlohmann::ordered_json body;
    body["model"] = model;
    body["input"] = texts;
    body["encoding_format"] = "float";
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

POLYLLM_DECL result<embeddings> parse(const http_response& res, std::string_view request_id_header,
                                      std::size_t expected_count) {
    if (res.status < 200 || res.status >= 300) return openai_chat::error_from(res, request_id_header);
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    auto malformed = [&](std::string why) {
        error e{errc::malformed_response, "embeddings response: " + std::move(why)};
        e.http_status = res.status;
        return e;
    };
    if (!body.is_object()) return malformed("not a JSON object: " + wire::excerpt(res.body));
    if (body.contains("error") && !body.contains("data")) return openai_chat::error_from(res, request_id_header);
    const auto data = body.find("data");
    if (data == body.end() || !data->is_array()) return malformed("no data array");
    if (data->size() != expected_count)
        return malformed(std::to_string(data->size()) + " vectors for " + std::to_string(expected_count) + " inputs");
    embeddings out;
    out.vectors.resize(expected_count);
    try {
        for (std::size_t position = 0; position < data->size(); ++position) {
            const auto& item = (*data)[position];
            const auto index = item.contains("index") ? item["index"].get<std::size_t>() : position;
            if (index >= expected_count || !out.vectors[index].empty())
                return malformed("index " + std::to_string(index) + " is out of range or repeated");
            out.vectors[index] = item.at("embedding").get<std::vector<float>>();
            if (out.vectors[index].empty()) return malformed("an empty vector at index " + std::to_string(index));
        }
        out.model = openai_chat::field::string_or_empty(body, "model");
        if (const auto* u = openai_chat::field::object_or_null(body, "usage")) {
            out.usage.prompt_tokens = openai_chat::field::int_or_null(*u, "prompt_tokens");
            out.usage.completion_tokens = 0;  // embeddings generate nothing: a true zero, so that cost is known
        }
    } catch (const nlohmann::json::exception& ex) {
        return malformed(std::string("unexpected field type: ") + ex.what());
    }
    out.request_id = std::string(res.headers.value_or_empty(request_id_header));
    return out;
}

}  // namespace openai_embeddings
POLYLLM_NAMESPACE_END
