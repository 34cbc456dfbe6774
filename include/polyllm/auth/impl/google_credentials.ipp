#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/google_credentials.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/google_credentials.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

inline error credentials_error(const std::string& source, std::string_view what) {
    error e{errc::invalid_config, "the Google credentials " + source + ": " + std::string(what)};
    e.verdict = retry_verdict::no;
    return e;
}

// A required string field: present, a string, not empty.
inline result<std::string> credentials_field(const nlohmann::json& j, const char* name, const std::string& source) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        return credentials_error(source, std::string("no \"") + name + "\" string");
    return it->get<std::string>();
}

inline void optional_field(const nlohmann::json& j, const char* name, std::string& into) {
    if (const auto it = j.find(name); it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
        into = it->get<std::string>();
}

}  // namespace detail

namespace auth {

POLYLLM_DECL result<google_credentials> parse_google_credentials(std::string_view json_text, std::string source) {
    // nlohmann's parse errors quote the text near the fault, which may be the key: only "not JSON" is said.
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (!j.is_object()) return detail::credentials_error(source, "is not a JSON object");
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) return detail::credentials_error(source, "has no \"type\"");
    google_credentials out;
    if (*type == "service_account") {
        service_account_key k;
        auto email = detail::credentials_field(j, "client_email", source);
        if (!email) return std::move(email).error();
        auto pem = detail::credentials_field(j, "private_key", source);
        if (!pem) return std::move(pem).error();
        k.client_email = std::move(email).value();
        k.private_key = std::move(pem).value();
        detail::optional_field(j, "private_key_id", k.private_key_id);
        detail::optional_field(j, "token_uri", k.token_uri);
        detail::optional_field(j, "project_id", k.project_id);
        out.key = std::move(k);
    } else if (*type == "authorized_user") {
        authorized_user u;
        auto id = detail::credentials_field(j, "client_id", source);
        if (!id) return std::move(id).error();
        auto client_secret = detail::credentials_field(j, "client_secret", source);
        if (!client_secret) return std::move(client_secret).error();
        auto refresh = detail::credentials_field(j, "refresh_token", source);
        if (!refresh) return std::move(refresh).error();
        u.client_id = std::move(id).value();
        u.client_secret = std::move(client_secret).value();
        u.refresh_token = std::move(refresh).value();
        detail::optional_field(j, "token_uri", u.token_uri);
        detail::optional_field(j, "quota_project_id", u.quota_project_id);
        out.key = std::move(u);
    } else {
        return detail::credentials_error(source, "has type \"" + type->get<std::string>().substr(0, 40) +
                                                     "\"; polyllm reads service_account and authorized_user");
    }
    out.source = std::move(source);
    return out;
}

POLYLLM_DECL result<google_credentials> load_google_credentials(std::string_view path_or_json) {
    const auto first = path_or_json.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && path_or_json[first] == '{')
        return parse_google_credentials(path_or_json, "given inline (vertex_credentials)");
    const std::string path(path_or_json);
    std::ifstream in(path, std::ios::binary);
    if (!in) return detail::credentials_error("file " + path, "cannot be read");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return parse_google_credentials(text, "file " + path);
}

}  // namespace auth
POLYLLM_NAMESPACE_END
