#pragma once
/// @file
/// @brief Finding and loading the `.tiktoken` vocabularies at run time, downloaded on first use (fetch.hpp), cached
/// per process.
///
/// A vocabulary is looked up as `<dir>/<encoding>.tiktoken` (e.g. `o200k_base.tiktoken`) in the directories of
/// `vocabulary_search_path` (fetch.hpp): `llm_config::tiktoken_dir`, else `$POLYLLM_TIKTOKEN_DIR`, else
/// `$TIKTOKEN_CACHE_DIR`, else the user's cache; then the installed ones. A path may also name the file itself.
/// Loaded tokenizers stay for the life of the process, keyed by encoding and path, so repeated counting costs only
/// the encoding; failures to find a file are not cached, so a vocabulary installed later is found (a failed download
/// is not tried again in the same process).

#include <polyllm/config.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/tokenize/compiled_vocabulary.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/fetch.hpp>
#include <polyllm/tokenize/tokenizer.hpp>
#include <polyllm/version.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief The directory to look in: `cfg.tiktoken_dir`, else `$POLYLLM_TIKTOKEN_DIR`, else empty.
[[nodiscard]] POLYLLM_DECL std::string tiktoken_directory(const llm_config& cfg);

/// @brief The file a vocabulary is read from: `path` itself when it names a file, else `path/<encoding>.tiktoken`.
[[nodiscard]] POLYLLM_DECL std::filesystem::path tiktoken_file(encoding e, const std::filesystem::path& path);

/// @brief Where compiled images of the vocabularies are kept (compiled_vocabulary.hpp), so that a process after the
/// first maps the tables instead of parsing the file: `$XDG_CACHE_HOME/polyllm/compiled`, else
/// `~/.cache/polyllm/compiled` (`%LOCALAPPDATA%\polyllm\compiled` on Windows); empty when none of those is set,
/// and then every process parses. An image is named by its vocabulary file's name and text digest.
[[nodiscard]] POLYLLM_DECL std::filesystem::path compiled_vocabulary_directory(const environment& env);

/// @brief The tokenizer for `e` from `path` (a `.tiktoken` file, or a directory holding `<encoding>.tiktoken`),
/// loaded once per process and shared. It is opened from its compiled image when one of this file's text is in
/// `compiled_vocabulary_directory`, else parsed, and the image written there for the next process (when that
/// fails, for a read-only cache, the load still succeeds). Fails with `errc::invalid_config` naming the file when it
/// is missing or malformed, and the line when a line is wrong.
[[nodiscard]] POLYLLM_DECL result<std::shared_ptr<const tokenizer>> load_tokenizer(encoding e,
                                                                                   const std::filesystem::path& path);

/// @brief The tokenizer for `e` from the search path of `cfg` and the process environment, downloaded into the cache
/// directory when it is in none of them (unless $POLYLLM_OFFLINE), as `default_vocabulary_download()` says.
[[nodiscard]] POLYLLM_DECL result<std::shared_ptr<const tokenizer>> load_tokenizer(encoding e, const llm_config& cfg);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/load.ipp>
#endif
