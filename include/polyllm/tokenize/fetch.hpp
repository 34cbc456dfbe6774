#pragma once
/// @file
/// @brief Vocabularies on first use: where the `.tiktoken` files are looked for, and their download from OpenAI's
/// public location (the URLs tiktoken uses), verified against the SHA-256 pinned here and stored atomically.
///
/// The cache directory is the first that is set of `llm_config::tiktoken_dir`, `$POLYLLM_TIKTOKEN_DIR`,
/// `$TIKTOKEN_CACHE_DIR` (tiktoken's own cache: files named by the SHA-1 hex of their URL, so an existing tiktoken
/// cache is reused and a file polyllm downloads there is one tiktoken finds), `$XDG_CACHE_HOME/polyllm/tiktoken`,
/// `~/.cache/polyllm/tiktoken`. The directory the package installed vocabularies into (CMake's
/// `POLYLLM_INSTALL_VOCABULARIES`) is searched after it. docs/tokenizer.md has the whole story.

#include <polyllm/config.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Where `POLYLLM_INSTALL_VOCABULARIES` installed the vocabularies (CMake defines it on the polyllm target then);
// empty: none were installed.
#ifndef POLYLLM_TIKTOKEN_INSTALL_DIR
#define POLYLLM_TIKTOKEN_INSTALL_DIR ""
#endif

POLYLLM_NAMESPACE_BEGIN

/// @brief The environment variable that names the directory of the `.tiktoken` files.
inline constexpr const char* tiktoken_dir_env = "POLYLLM_TIKTOKEN_DIR";
/// @brief tiktoken's cache directory variable; polyllm reads and writes its layout (files named by SHA-1 of the URL).
inline constexpr const char* tiktoken_cache_dir_env = "TIKTOKEN_CACHE_DIR";
/// @brief Replaces OpenAI's download location (a mirror, or the local test server): `<url>/<encoding>.tiktoken`.
inline constexpr const char* tiktoken_base_url_env = "POLYLLM_TIKTOKEN_BASE_URL";
/// @brief Set to 1 (or true/yes/on), polyllm never downloads a vocabulary.
inline constexpr const char* offline_env = "POLYLLM_OFFLINE";
/// @brief Where OpenAI publishes the vocabularies, as tiktoken downloads them.
inline constexpr std::string_view published_vocabulary_root = "https://openaipublic.blob.core.windows.net/encodings";

/// @brief The SHA-256 (lower-case hex) OpenAI publishes for an encoding's `.tiktoken` file (tiktoken's
/// `expected_hash`). The files `tools/tiktoken-convert` makes from the npm packages are byte-identical.
[[nodiscard]] constexpr std::string_view published_sha256(encoding e) noexcept {
    switch (e) {
        case encoding::cl100k_base: return "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7";
        case encoding::o200k_base: return "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d";
    }
    return {};
}

/// @brief `https://openaipublic.blob.core.windows.net/encodings/<encoding>.tiktoken`.
[[nodiscard]] POLYLLM_DECL std::string published_vocabulary_url(encoding e);

/// @brief The name tiktoken gives the file in its cache: the SHA-1 hex of the published URL.
[[nodiscard]] POLYLLM_DECL std::string tiktoken_cache_name(encoding e);

/// @brief Why a directory is searched.
enum class vocabulary_origin {
    configured,      ///< llm_config::tiktoken_dir
    polyllm_env,     ///< $POLYLLM_TIKTOKEN_DIR
    tiktoken_cache,  ///< $TIKTOKEN_CACHE_DIR, in tiktoken's layout
    user_cache,      ///< $XDG_CACHE_HOME/polyllm/tiktoken, ~/.cache/polyllm/tiktoken (%LOCALAPPDATA% on Windows)
    installed,       ///< the package's data directory; never written
};

/// @brief A directory searched for vocabularies.
struct vocabulary_location {
    std::filesystem::path directory;
    vocabulary_origin origin = vocabulary_origin::configured;

    /// @brief The file names an encoding may have here, in the order tried: `<encoding>.tiktoken`, and in
    /// tiktoken's cache first the SHA-1 name (the one written there).
    [[nodiscard]] POLYLLM_DECL std::vector<std::string> file_names(encoding e) const;

    friend bool operator==(const vocabulary_location&, const vocabulary_location&) = default;
};

/// @brief The directories searched, in order; no file system access. The first is the cache a download is stored
/// in, unless it is `installed` (no cache could be named: no HOME either), and there is at most one cache.
[[nodiscard]] POLYLLM_DECL std::vector<vocabulary_location> vocabulary_search_path(
    const llm_config& cfg, const environment& env, std::string_view installed_dir = POLYLLM_TIKTOKEN_INSTALL_DIR);

/// @brief A synchronous GET: the request in, the whole response out. The default sends through `asio_transport`.
using vocabulary_fetcher = std::function<result<http_response>(http_request)>;

/// @brief A fetcher that sends through an `asio_transport` with these options (proxy, TLS, timeouts: the same as
/// every call's) on an `io_context` of its own, run on the calling thread.
[[nodiscard]] POLYLLM_DECL vocabulary_fetcher transport_vocabulary_fetcher(transport_options options = {});

/// @brief How vocabularies are downloaded when they are not found.
struct vocabulary_download {
    vocabulary_fetcher fetch;         ///< empty: `transport_vocabulary_fetcher()`
    std::string base_url;             ///< empty: $POLYLLM_TIKTOKEN_BASE_URL, else `published_vocabulary_root`
    std::optional<bool> offline;      ///< never download; empty: $POLYLLM_OFFLINE
    /// Replaces `published_sha256` for an encoding (tests serving small files; a vocabulary OpenAI republished).
    std::map<encoding, std::string> sha256;
    /// The whole download; empty: the transport's default.
    std::optional<std::chrono::milliseconds> timeout;
};

/// @brief What `load_tokenizer(encoding, cfg)` downloads with; set it once, before the first count, to route the
/// downloads as the program's calls go (`transport_vocabulary_fetcher(my_options)`).
POLYLLM_DECL void set_default_vocabulary_download(vocabulary_download how);
[[nodiscard]] POLYLLM_DECL vocabulary_download default_vocabulary_download();

/// @brief The lower-case hex SHA-256 of `bytes` (OpenSSL EVP).
[[nodiscard]] POLYLLM_DECL std::string vocabulary_sha256(std::string_view bytes);

/// @brief Writes `bytes` as `file` so that no reader ever sees part of it: a temporary file in the same directory,
/// flushed to disk, then renamed over `file` (atomic; of two racing writers of the same bytes, one file remains).
/// Creates the directory. On failure nothing is left behind.
[[nodiscard]] POLYLLM_DECL result<void> store_file_atomically(const std::filesystem::path& file, std::string_view bytes);

/// @brief Where a vocabulary was found, and whether it was downloaded just now.
struct located_vocabulary {
    std::filesystem::path file;
    bool downloaded = false;
};

/// @brief The vocabulary file of `e` in `where` (searched in order), else downloaded into the first location (unless
/// it is `installed`) and verified: a body whose SHA-256 is not the expected one is refused with both hashes, and
/// nothing is stored. Offline, or with `download == false`, a missing file is `errc::invalid_config` saying which
/// file to put where. Within a process one caller downloads a file while the others wait for it.
[[nodiscard]] POLYLLM_DECL result<located_vocabulary> locate_vocabulary(encoding e,
                                                                        const std::vector<vocabulary_location>& where,
                                                                        const vocabulary_download& how,
                                                                        const environment& env, bool download = true);

/// @brief `error::type` of a download that failed or was refused (as opposed to a file that is missing offline).
inline constexpr std::string_view vocabulary_download_failed = "vocabulary_download_failed";

/// @brief Both vocabularies, found or downloaded now (`polyllm tokens --fetch`, for container images).
[[nodiscard]] POLYLLM_DECL result<std::vector<located_vocabulary>> fetch_vocabularies(
    const llm_config& cfg, const vocabulary_download& how, const environment& env = environment::process());

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/fetch.ipp>
#endif
