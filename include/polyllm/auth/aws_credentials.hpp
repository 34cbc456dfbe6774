#pragma once
/// @file
/// @brief Where AWS credentials and the region come from, in the order the AWS SDKs look: the values configured
/// (config keys aws_access_key_id, aws_secret_access_key, aws_session_token, aws_region_name, aws_profile_name),
/// then the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; AWS_REGION, AWS_REGION_NAME,
/// AWS_DEFAULT_REGION), then a named profile (AWS_PROFILE, else "default") in the shared credentials file
/// (~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE) and config file (~/.aws/config, or AWS_CONFIG_FILE). The
/// environment and the files are arguments, so resolution is tested without the process's own.
/// Not covered: SSO, assumed roles, credential_process and instance metadata, which need the network or a program.

#include <polyllm/auth/sigv4.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/version.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

/// @brief What a program configured (each may be empty).
struct aws_configured {
    std::string access_key_id;
    secret secret_access_key;
    secret session_token;
    std::string region;
    std::string profile;
};

/// @brief Reads a file's text; nothing when it does not exist or cannot be read.
using file_reader = std::function<std::optional<std::string>(const std::string& path)>;

/// @brief The files as they are on this machine.
[[nodiscard]] POLYLLM_DECL file_reader local_files();

/// @brief An INI file as the AWS files are written: `[section]` lines, `key = value` lines, `#` and `;` comments.
/// Section names and keys are kept as written (trimmed); a nested `key =` block's lines are skipped.
using ini_sections = std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>;
[[nodiscard]] POLYLLM_DECL ini_sections parse_aws_ini(std::string_view text);

/// @brief The region: configured, else the environment, else the profile's `region` in the config file; empty when
/// none says.
[[nodiscard]] POLYLLM_DECL std::string resolve_aws_region(const aws_configured& configured, const environment& env,
                                                          const file_reader& files);

/// @brief The credentials. A pair is taken whole from one source (an access key from one place and its secret from
/// another would not sign). None anywhere is `errc::invalid_config` naming the places looked at, never a value.
[[nodiscard]] POLYLLM_DECL result<aws_credentials> resolve_aws_credentials(const aws_configured& configured,
                                                                          const environment& env,
                                                                          const file_reader& files);

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/aws_credentials.ipp>
#endif
