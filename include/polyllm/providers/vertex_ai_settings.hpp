#pragma once
/// @file
/// @brief Vertex AI's addressing, without I/O: which publisher serves a model (Google's Gemini, Anthropic's Claude),
/// the settings read from the options and then the environment (VERTEXAI_PROJECT, VERTEXAI_LOCATION,
/// GOOGLE_APPLICATION_CREDENTIALS, VERTEXAI_ACCESS_TOKEN), and the endpoint URL
/// `{root}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}`.
/// Reference: cloud.google.com/vertex-ai/docs/reference/rest (projects.locations.publishers.models).

#include <polyllm/detail/url.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace vertex_ai_wire {

enum class publisher { google, anthropic };

/// @brief Claude models ("claude-sonnet-4-5@20250929") are Anthropic's; everything else is Google's.
[[nodiscard]] constexpr publisher publisher_of(std::string_view model) noexcept {
    return model.starts_with("claude") ? publisher::anthropic : publisher::google;
}

/// @brief Where no location is configured: the one Google's quickstarts use.
inline constexpr std::string_view default_location = "us-central1";

/// @brief What a call needs to be addressed and authorized, each from the options when set there, else from the
/// environment.
struct settings {
    std::string project;      ///< vertex_project, VERTEXAI_PROJECT, GOOGLE_CLOUD_PROJECT
    std::string location;     ///< vertex_location, VERTEXAI_LOCATION; default us-central1
    secret credentials;       ///< vertex_credentials (a path or the JSON), GOOGLE_APPLICATION_CREDENTIALS
    secret access_token;      ///< vertex_access_token, VERTEXAI_ACCESS_TOKEN: used as it is, instead of credentials
};

/// @brief The settings with what the options left empty taken from `env`.
[[nodiscard]] POLYLLM_DECL settings resolve_settings(settings from_options, const environment& env);

/// @brief `https://{location}-aiplatform.googleapis.com`, or `https://aiplatform.googleapis.com` for `global`.
/// A location is lower-case letters, digits and '-' (it becomes part of a host name); anything else is refused.
[[nodiscard]] POLYLLM_DECL result<std::string> root_url(std::string_view location);

/// @brief The model's endpoint: `{base}/v1/projects/{project}/locations/{location}/publishers/{p}/models/{model}`
/// followed by `method` (":generateContent", ":streamRawPredict", ...). `base` replaces the root URL when not
/// empty (a proxy, the local server). Project and model must each be one path segment ('@' stays as it is: it is
/// Vertex's version separator, and legal in a path).
[[nodiscard]] POLYLLM_DECL result<std::string> model_url(std::string_view base, const settings& s, publisher p,
                                                         std::string_view model, std::string_view method);

}  // namespace vertex_ai_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
