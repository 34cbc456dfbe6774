#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_vertex.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_vertex.hpp>
#include <polyllm/detail/proxy.hpp>
#include <polyllm/testing/impl/local_reply_formats.ipp>  // the helpers it shares with that file (sse_data)

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <charconv>

POLYLLM_NAMESPACE_BEGIN
namespace testing {
namespace detail {

struct bio_text {
    BIO* bio = BIO_new(BIO_s_mem());
    ~bio_text() { BIO_free(bio); }
    [[nodiscard]] std::string text() const {
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
    }
};

// One field of an application/x-www-form-urlencoded body, decoded ('+' is a space there).
[[nodiscard]] inline std::string form_field(std::string_view body, std::string_view name) {
    while (!body.empty()) {
        const auto amp = body.find('&');
        const auto pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name || eq == std::string_view::npos) continue;
        std::string value(pair.substr(eq + 1));
        for (auto& c : value)
            if (c == '+') c = ' ';
        return polyllm::detail::percent_decode(value);
    }
    return {};
}

[[nodiscard]] inline planned_response oauth_error(std::string_view code, std::string description) {
    planned_response out;
    out.status = 400;
    out.headers.emplace_back("content-type", "application/json");
    out.body = nlohmann::json{{"error", code}, {"error_description", std::move(description)}}.dump();
    return out;
}

[[nodiscard]] inline planned_response google_error(int status, std::string_view code, std::string message) {
    planned_response out;
    out.status = status;
    out.headers.emplace_back("content-type", "application/json");
    out.body =
        nlohmann::json{{"error", {{"code", status}, {"message", std::move(message)}, {"status", code}}}}.dump();
    return out;
}

}  // namespace detail

POLYLLM_DECL result<test_service_account> make_test_service_account(std::string_view token_uri,
                                                                    std::string_view project) {
    EVP_PKEY* key = nullptr;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr);
    const bool made = ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1 &&
                      EVP_PKEY_keygen(ctx, &key) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!made) return error{errc::invalid_config, "OpenSSL could not generate an RSA key"};
    detail::bio_text private_pem, public_pem;
    const bool written = PEM_write_bio_PrivateKey(private_pem.bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
                         PEM_write_bio_PUBKEY(public_pem.bio, key) == 1;
    EVP_PKEY_free(key);
    if (!written) return error{errc::invalid_config, "OpenSSL could not write the generated key"};
    const std::string email = "polyllm-local@" + std::string(project) + ".iam.gserviceaccount.com";
    const nlohmann::ordered_json file = {{"type", "service_account"},
                                         {"project_id", project},
                                         {"private_key_id", "local-test-key"},
                                         {"private_key", private_pem.text()},
                                         {"client_email", email},
                                         {"client_id", "100000000000000000000"},
                                         {"token_uri", token_uri}};
    return test_service_account{file.dump(2) + "\n", public_pem.text()};
}

POLYLLM_DECL bool local_responder::is_vertex_path(std::string_view path) noexcept {
    return path == "/token" || (path.starts_with("/v1/projects/") && path.find("/publishers/") != path.npos);
}

POLYLLM_DECL planned_response local_responder::vertex(const server_request& req) {
    const auto path = path_of(req.target);
    if (req.method != "POST") return detail::google_error(405, "INVALID_ARGUMENT", "use POST");
    if (path == "/token") return vertex_token(req);

    // /v1/projects/{p}/locations/{l}/publishers/{publisher}/models/{model}:{method}
    const auto publishers = path.find("/publishers/");
    const auto models = path.find("/models/", publishers);
    const auto colon = path.rfind(':');
    if (models == path.npos || colon == path.npos || colon < models)
        return detail::google_error(404, "NOT_FOUND", "no Vertex route for " + std::string(path));
    const auto publisher = path.substr(publishers + 12, models - publishers - 12);
    const std::string model(path.substr(models + 8, colon - models - 8));
    const auto method = path.substr(colon + 1);
    const bool google = publisher == "google" && (method == "generateContent" || method == "streamGenerateContent");
    const bool anthropic = publisher == "anthropic" && (method == "rawPredict" || method == "streamRawPredict");
    if (!google && !anthropic)
        return detail::google_error(404, "NOT_FOUND", "no Vertex route for " + std::string(path));

    const int n = ++requests_;
    // Without a service account of its own the server takes any bearer token (VERTEXAI_ACCESS_TOKEN); with one,
    // only the tokens its /token issued.
    const auto authorization = req.headers.value_or_empty("authorization");
    bool authorized = authorization.starts_with("Bearer ") && authorization.size() > 7;
    if (authorized && !options_.vertex_public_key.empty()) {
        int issued = 0;
        const auto token = authorization.substr(7);
        authorized = token.starts_with("ya29.local-") &&
                     std::from_chars(token.data() + 11, token.data() + token.size(), issued).ec == std::errc() &&
                     issued >= 1 && issued <= vertex_tokens_.load();
    }
    if (!authorized)
        return detail::google_error(401, "UNAUTHENTICATED",
                                    "Request had invalid authentication credentials. Expected OAuth 2 access token.");
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) return detail::google_error(400, "INVALID_ARGUMENT", "the body is not a JSON object");
    if (anthropic) {
        // The Messages API on Vertex: the model in the URL, the version in the body.
        if (body.contains("model"))
            return error_response(true, 400, "model: Extra inputs are not permitted (the URL names the model)");
        if (body.value("anthropic_version", "") != "vertex-2023-10-16")
            return error_response(true, 400, "anthropic_version: vertex-2023-10-16 is required");
        body.erase("anthropic_version");
        body["model"] = model;
        if (method == "streamRawPredict") body["stream"] = true;
        return anthropic_messages(body, n);
    }
    return gemini_content(body, n, model, method == "streamGenerateContent");
}

POLYLLM_DECL planned_response local_responder::vertex_token(const server_request& req) {
    if (options_.vertex_public_key.empty())
        return detail::oauth_error("invalid_client", "this polyllm-local-server has no service account: start it "
                                                     "with --write-service-account FILE");
    if (detail::form_field(req.body, "grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return detail::oauth_error("unsupported_grant_type", "only the JWT bearer grant is served here");
    const auto jwt = auth::split_jwt(detail::form_field(req.body, "assertion"));
    if (!jwt) return detail::oauth_error("invalid_grant", "Invalid JWT: not three base64url segments");
    if (jwt->header.value("alg", "") != "RS256") return detail::oauth_error("invalid_grant", "Invalid JWT: not RS256");
    if (!auth::rs256_verify(jwt->signing_input, jwt->signature, options_.vertex_public_key))
        return detail::oauth_error("invalid_grant", "Invalid JWT Signature.");
    const auto& c = jwt->claims;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    const auto iat = c.value("iat", std::int64_t(0));
    const auto exp = c.value("exp", std::int64_t(0));
    if (!c.value("iss", std::string()).ends_with(".iam.gserviceaccount.com") ||
        !c.value("aud", std::string()).ends_with("/token") ||
        c.value("scope", std::string()).find("https://www.googleapis.com/auth/cloud-platform") == std::string::npos)
        return detail::oauth_error("invalid_grant", "Invalid JWT: iss, aud or scope is not what was expected");
    if (exp <= iat || exp - iat > 3600 || exp < now || iat > now + 300)
        return detail::oauth_error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) "
                                                    "and in a reasonable timeframe");
    planned_response out;
    out.headers.emplace_back("content-type", "application/json");
    out.body = nlohmann::json{{"access_token", "ya29.local-" + std::to_string(++vertex_tokens_)},
                              {"expires_in", 3599},
                              {"token_type", "Bearer"}}
                   .dump();
    return out;
}

POLYLLM_DECL planned_response local_responder::gemini_content(const nlohmann::json& body, int n,
                                                              const std::string& model, bool stream) {
    // Gemini's contents as the messages answer_for reads: the echo and the script work as for the other APIs.
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& turn : body.value("contents", nlohmann::json::array())) {
        if (!turn.is_object()) continue;
        std::string text;
        for (const auto& part : turn.value("parts", nlohmann::json::array()))
            if (part.is_object()) text += part.value("text", "");
        messages.push_back({{"role", turn.value("role", "user") == "model" ? "assistant" : "user"}, {"content", text}});
    }
    nlohmann::json as_chat{{"messages", std::move(messages)}};
    if (const auto* config = body.contains("generationConfig") ? &body["generationConfig"] : nullptr)
        if (config->contains("maxOutputTokens")) as_chat["max_tokens"] = (*config)["maxOutputTokens"];
    const auto a = answer_for(as_chat, n, false);
    const std::string finish = a.finish_reason == "length" ? "MAX_TOKENS" : "STOP";
    auto usage = [&](std::int64_t completion) {
        const auto prompt = a.usage.prompt_tokens.value_or(0);
        return nlohmann::ordered_json{{"promptTokenCount", prompt},
                                      {"candidatesTokenCount", completion},
                                      {"totalTokenCount", prompt + completion}};
    };
    auto chunk = [&](nlohmann::ordered_json parts, bool last) {
        nlohmann::ordered_json candidate{{"content", {{"role", "model"}, {"parts", std::move(parts)}}}, {"index", 0}};
        if (last) candidate["finishReason"] = finish;
        return nlohmann::ordered_json{{"candidates", nlohmann::ordered_json::array({std::move(candidate)})},
                                      {"usageMetadata", usage(last ? a.usage.completion_tokens.value_or(0) : 0)},
                                      {"modelVersion", model},
                                      {"responseId", "local-" + std::to_string(n)}};
    };
    auto calls = nlohmann::ordered_json::array();
    for (const auto& c : a.tool_calls)
        calls.push_back({{"functionCall", {{"name", c.name}, {"args", nlohmann::ordered_json::parse(c.arguments)}}}});
    planned_response out;
    if (!stream) {
        auto parts = nlohmann::ordered_json::array();
        if (!a.text.empty()) parts.push_back({{"text", a.text}});
        for (auto& c : calls) parts.push_back(c);
        out.headers.emplace_back("content-type", "application/json");
        out.body = chunk(std::move(parts), true).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return out;
    }
    out.streamed = true;
    out.event_delay = options_.token_delay;
    out.headers.emplace_back("content-type", "text/event-stream");
    for (const auto& piece : a.pieces)
        out.events.push_back(detail::sse_data(chunk(nlohmann::ordered_json::array({{{"text", piece}}}), false)));
    out.events.push_back(detail::sse_data(chunk(std::move(calls), true)));  // the calls, the reason and the usage
    return out;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
