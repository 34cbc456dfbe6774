#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/token_exchange.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/token_exchange.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

POLYLLM_DECL std::string form_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

POLYLLM_DECL result<http_request> token_request(const google_credentials& credentials,
                                                std::chrono::system_clock::time_point now, std::string_view scope) {
    http_request http;
    http.method = "POST";
    http.url = credentials.token_uri();
    http.headers.add("content-type", "application/x-www-form-urlencoded");
    if (const auto* sa = std::get_if<service_account_key>(&credentials.key)) {
        const std::int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        const jwt_claims claims{.issuer = sa->client_email,
                                .subject = sa->client_email,
                                .audience = sa->token_uri,
                                .scope = std::string(scope),
                                .issued_at = iat,
                                .expires_at = iat + 3600};
        auto assertion = sign_jwt(sa->private_key_id, claims, sa->private_key.reveal());
        if (!assertion) {
            auto e = std::move(assertion).error();
            e.code = make_error_code(errc::authentication);
            e.message = "the Google credentials " + credentials.source + ": " + e.message;
            e.verdict = retry_verdict::no;
            return e;
        }
        http.body = "grant_type=" + form_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                    "&assertion=" + assertion.value();  // base64url and dots need no encoding
    } else {
        const auto& user = std::get<authorized_user>(credentials.key);
        http.body = "grant_type=refresh_token&client_id=" + form_encode(user.client_id) +
                    "&client_secret=" + form_encode(user.client_secret.reveal()) +
                    "&refresh_token=" + form_encode(user.refresh_token.reveal());
    }
    return http;
}

POLYLLM_DECL result<access_token> parse_token_response(const http_response& response,
                                                       std::chrono::system_clock::time_point now,
                                                       const std::string& source) {
    const auto j = nlohmann::json::parse(response.body, nullptr, false);
    auto fail = [&](std::string what) {
        error e{errc::authentication,
                "refreshing the access token of the Google credentials " + source + " failed: " + std::move(what)};
        e.http_status = response.status;
        const int s = response.status;
        e.verdict = s == 408 || s == 429 || s >= 500 ? retry_verdict::yes : retry_verdict::no;
        return e;
    };
    auto text_of = [&](const char* name) -> std::string {
        if (!j.is_object()) return {};
        const auto it = j.find(name);
        return it != j.end() && it->is_string() ? it->get<std::string>().substr(0, 300) : std::string();
    };
    if (response.status < 200 || response.status > 299) {
        std::string what = "HTTP " + std::to_string(response.status);
        if (auto code = text_of("error"); !code.empty()) what += " " + code;
        if (auto description = text_of("error_description"); !description.empty()) what += ": " + description;
        auto e = fail(std::move(what));
        e.type = text_of("error");
        return e;
    }
    if (!j.is_object()) return fail("the token endpoint's answer is not JSON");
    const auto token = j.find("access_token");
    if (token == j.end() || !token->is_string() || token->get_ref<const std::string&>().empty())
        return fail("the token endpoint's answer has no access_token");
    std::int64_t seconds = 3600;  // RFC 6749 makes expires_in optional; Google always sends it
    if (const auto it = j.find("expires_in"); it != j.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() <= 0)
            return fail("the token endpoint's answer has an invalid expires_in");
        seconds = it->get<std::int64_t>();
    }
    return access_token{token->get<std::string>(), now + std::chrono::seconds(seconds)};
}

POLYLLM_DECL error token_transport_error(const error& cause, const std::string& source) {
    error e = cause;
    e.code = make_error_code(errc::authentication);
    e.message = "refreshing the access token of the Google credentials " + source + " failed: " + cause.message;
    if (e.verdict == retry_verdict::unspecified) e.verdict = retry_verdict::yes;
    return e;
}

}  // namespace auth
POLYLLM_NAMESPACE_END
