#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/vertex_ai_settings.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/vertex_ai_settings.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace vertex_ai_wire {

POLYLLM_DECL settings resolve_settings(settings s, const environment& env) {
    auto fill = [&](auto& field, std::string_view variable) {
        if (!field.empty()) return;
        if (auto value = env.get(variable); value && !value->empty()) field = std::move(*value);
    };
    fill(s.project, "VERTEXAI_PROJECT");
    fill(s.project, "GOOGLE_CLOUD_PROJECT");
    fill(s.location, "VERTEXAI_LOCATION");
    fill(s.credentials, "GOOGLE_APPLICATION_CREDENTIALS");
    fill(s.access_token, "VERTEXAI_ACCESS_TOKEN");
    if (s.location.empty()) s.location = default_location;
    return s;
}

POLYLLM_DECL std::string application_default_credentials_path(const environment& env) {
    std::string folder;
    if (auto config = env.get("CLOUDSDK_CONFIG"); config && !config->empty()) {
        folder = *config;
    } else {
#if defined(_WIN32)
        if (auto appdata = env.get("APPDATA"); appdata && !appdata->empty()) folder = *appdata + "/gcloud";
#else
        if (auto home = env.get("HOME"); home && !home->empty()) folder = *home + "/.config/gcloud";
#endif
    }
    return folder.empty() ? folder : folder + "/application_default_credentials.json";
}

POLYLLM_DECL result<std::string> root_url(std::string_view location) {
    bool valid = !location.empty() && location.size() <= 63 && location.front() != '-' && location.back() != '-';
    for (const char c : location) valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!valid)
        return error{errc::invalid_config, "the Vertex AI location \"" + std::string(location.substr(0, 64)) +
                                               "\" is not a region name (lower-case letters, digits and '-')"};
    if (location == "global") return std::string("https://aiplatform.googleapis.com");
    return "https://" + std::string(location) + "-aiplatform.googleapis.com";
}

POLYLLM_DECL result<std::string> model_url(std::string_view base, const settings& s, publisher p,
                                           std::string_view model, std::string_view method) {
    if (s.project.empty())
        return error{errc::invalid_config, "no Google Cloud project for Vertex AI: set vertex_project or "
                                           "VERTEXAI_PROJECT"};
    auto root = root_url(s.location);  // checked even with a base URL: the location is also a path segment
    if (!root) return std::move(root).error();
    auto project = detail::path_segment(s.project, "the Google Cloud project");
    if (!project) return std::move(project).error();
    auto segment = detail::path_segment(model, "the Vertex AI model name");
    if (!segment) return std::move(segment).error();
    std::string name = std::move(segment).value();
    for (auto at = name.find("%40"); at != std::string::npos; at = name.find("%40", at + 1)) name.replace(at, 3, "@");
    const std::string path = "v1/projects/" + project.value() + "/locations/" + s.location + "/publishers/" +
                             (p == publisher::anthropic ? "anthropic" : "google") + "/models/" + name +
                             std::string(method);
    return detail::join_url(base.empty() ? std::string_view(root.value()) : base, path);
}

}  // namespace vertex_ai_wire
POLYLLM_NAMESPACE_END
