#pragma once
/// @file
/// @brief Google credential files (what GOOGLE_APPLICATION_CREDENTIALS names): a service account's key file, or the
/// `authorized_user` file `gcloud auth application-default login` writes. Errors name the file, never its contents:
/// the private key, client secret and refresh token are held as `secret`.

#include <polyllm/error.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief Where Google's key files send token requests when they name no token_uri.
inline constexpr std::string_view google_token_uri = "https://oauth2.googleapis.com/token";

/// @brief A service account's key file ("type": "service_account").
struct service_account_key {
    std::string client_email;
    std::string private_key_id;
    secret private_key;  ///< PEM
    std::string token_uri{google_token_uri};
    std::string project_id;
};

/// @brief A user's refresh token ("type": "authorized_user").
struct authorized_user {
    std::string client_id;
    secret client_secret;
    secret refresh_token;
    std::string token_uri{google_token_uri};
    std::string quota_project_id;
};

/// @brief One credential, and where it came from (a path, or "vertex_credentials" for JSON given inline): the name
/// every error about it carries.
struct google_credentials {
    std::variant<service_account_key, authorized_user> key;
    std::string source;

    [[nodiscard]] const std::string& token_uri() const noexcept {
        return std::visit([](const auto& k) -> const std::string& { return k.token_uri; }, key);
    }
    /// @brief The key file's project, for a model that names none (empty for authorized_user).
    [[nodiscard]] std::string project_id() const {
        const auto* sa = std::get_if<service_account_key>(&key);
        return sa ? sa->project_id : std::string();
    }
};

/// @brief Reads credentials from JSON text. `source` names them in errors (errc::invalid_config), which say which
/// field is missing or wrong and never quote the text.
[[nodiscard]] POLYLLM_DECL result<google_credentials> parse_google_credentials(std::string_view json_text,
                                                                               std::string source);

/// @brief `path_or_json` is either the JSON itself (it starts with '{', as `vertex_credentials` may be given) or a
/// file's path, read here.
[[nodiscard]] POLYLLM_DECL result<google_credentials> load_google_credentials(std::string_view path_or_json);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/google_credentials.ipp>
#endif
