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

/// @brief Where `gcloud auth application-default login` writes its credentials, the last place Google's libraries
/// look: `$CLOUDSDK_CONFIG`, else `%APPDATA%/gcloud` (Windows), else `$HOME/.config/gcloud`, then
/// `/application_default_credentials.json`. Empty when none of these variables is set.
[[nodiscard]] POLYLLM_DECL std::string application_default_credentials_path(const environment& env);

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
#include <polyllm/providers/impl/vertex_ai_settings.ipp>
#endif
