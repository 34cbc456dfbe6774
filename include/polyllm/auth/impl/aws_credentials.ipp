#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/aws_credentials.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/aws_credentials.hpp>

#include <fstream>
#include <sstream>

POLYLLM_NAMESPACE_BEGIN
namespace auth {
namespace aws_detail {

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

inline std::string profile_name(const aws_configured& configured, const environment& env) {
    if (!configured.profile.empty()) return configured.profile;
    if (auto p = env.get("AWS_PROFILE"); p && !p->empty()) return *p;
    return "default";
}

inline std::string home_file(const environment& env, std::string_view override_variable, std::string_view leaf) {
    if (auto p = env.get(override_variable); p && !p->empty()) return *p;
    auto home = env.get("HOME");
    if (!home || home->empty()) home = env.get("USERPROFILE");
    return home ? *home + "/.aws/" + std::string(leaf) : std::string();
}

// A profile's keys: in the credentials file its section is `[name]`, in the config file `[profile name]` (and
// `[default]` for the default profile).
inline const std::map<std::string, std::string, std::less<>>* section(const ini_sections& ini, const std::string& name,
                                                                     bool config_file) {
    if (config_file && name != "default")
        if (auto it = ini.find("profile " + name); it != ini.end()) return &it->second;
    if (auto it = ini.find(name); it != ini.end()) return &it->second;
    return nullptr;
}

inline std::string value_of(const std::map<std::string, std::string, std::less<>>* keys, std::string_view key) {
    if (!keys) return {};
    auto it = keys->find(key);
    return it == keys->end() ? std::string() : it->second;
}

}  // namespace aws_detail

POLYLLM_DECL file_reader local_files() {
    return [](const std::string& path) -> std::optional<std::string> {
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::nullopt;
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
}

POLYLLM_DECL ini_sections parse_aws_ini(std::string_view text) {
    ini_sections out;
    std::string current;
    bool in_section = false;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto raw = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        const bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
        const auto line = aws_detail::trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[' && line.back() == ']') {
            current = std::string(aws_detail::trim(line.substr(1, line.size() - 2)));
            out[current];
            in_section = true;
            continue;
        }
        if (!in_section || indented) continue;  // a nested block's lines (s3 = ...) belong to their parent key
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        out[current][std::string(aws_detail::trim(line.substr(0, eq)))] = std::string(aws_detail::trim(line.substr(eq + 1)));
    }
    return out;
}

POLYLLM_DECL std::string resolve_aws_region(const aws_configured& configured, const environment& env,
                                            const file_reader& files) {
    if (!configured.region.empty()) return configured.region;
    for (auto name : {"AWS_REGION", "AWS_REGION_NAME", "AWS_DEFAULT_REGION"})
        if (auto r = env.get(name); r && !r->empty()) return *r;
    const auto path = aws_detail::home_file(env, "AWS_CONFIG_FILE", "config");
    if (path.empty() || !files) return {};
    const auto text = files(path);
    if (!text) return {};
    const auto ini = parse_aws_ini(*text);
    return aws_detail::value_of(aws_detail::section(ini, aws_detail::profile_name(configured, env), true), "region");
}

POLYLLM_DECL result<aws_credentials> resolve_aws_credentials(const aws_configured& configured,
                                                            const environment& env, const file_reader& files) {
    if (!configured.access_key_id.empty() && !configured.secret_access_key.empty())
        return aws_credentials{configured.access_key_id, configured.secret_access_key, configured.session_token};
    auto id = env.get("AWS_ACCESS_KEY_ID");
    auto key = env.get("AWS_SECRET_ACCESS_KEY");
    if (id && key && !id->empty() && !key->empty())
        return aws_credentials{*id, secret(*key), secret(env.get("AWS_SESSION_TOKEN").value_or(""))};

    const auto profile = aws_detail::profile_name(configured, env);
    for (bool config_file : {false, true}) {  // the credentials file first, as the SDKs read it
        const auto path = aws_detail::home_file(env, config_file ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE",
                                                config_file ? "config" : "credentials");
        if (path.empty() || !files) continue;
        const auto text = files(path);
        if (!text) continue;
        const auto ini = parse_aws_ini(*text);
        const auto* keys = aws_detail::section(ini, profile, config_file);
        auto file_id = aws_detail::value_of(keys, "aws_access_key_id");
        auto file_key = aws_detail::value_of(keys, "aws_secret_access_key");
        if (!file_id.empty() && !file_key.empty())
            return aws_credentials{std::move(file_id), secret(std::move(file_key)),
                                   secret(aws_detail::value_of(keys, "aws_session_token"))};
    }
    error e{errc::invalid_config,
            "no AWS credentials for bedrock: set aws_access_key_id and aws_secret_access_key, AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, the profile \"" + profile +
                "\" in ~/.aws/credentials or ~/.aws/config (AWS_PROFILE names another), or a Bedrock API key in "
                "AWS_BEARER_TOKEN_BEDROCK"};
    e.provider = "bedrock";
    e.verdict = retry_verdict::no;
    return e;
}

}  // namespace auth
POLYLLM_NAMESPACE_END
