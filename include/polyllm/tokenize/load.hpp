#pragma once
/// @file
/// @brief Finding and loading the `.tiktoken` vocabularies at run time (never downloaded), cached per process.
///
/// A vocabulary is looked up as `<dir>/<encoding>.tiktoken` (e.g. `o200k_base.tiktoken`), where `<dir>` is
/// `llm_config::tiktoken_dir`, else the `POLYLLM_TIKTOKEN_DIR` environment variable. A path may also name the file
/// itself. Loaded tokenizers stay for the life of the process, keyed by encoding and path, so repeated counting
/// costs only the encoding; failures are not cached, so a vocabulary installed later is found.

#include <polyllm/config.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/error.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/tokenizer.hpp>
#include <polyllm/version.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief The environment variable that names the directory of the `.tiktoken` files.
inline constexpr const char* tiktoken_dir_env = "POLYLLM_TIKTOKEN_DIR";

/// @brief The directory to look in: `cfg.tiktoken_dir`, else `$POLYLLM_TIKTOKEN_DIR`, else empty.
[[nodiscard]] POLYLLM_DECL std::string tiktoken_directory(const llm_config& cfg);

/// @brief The file a vocabulary is read from: `path` itself when it names a file, else `path/<encoding>.tiktoken`.
[[nodiscard]] POLYLLM_DECL std::filesystem::path tiktoken_file(encoding e, const std::filesystem::path& path);

/// @brief The tokenizer for `e` from `path` (a `.tiktoken` file, or a directory holding `<encoding>.tiktoken`),
/// loaded once per process and shared. Fails with `errc::invalid_config` naming the file when it is missing or
/// malformed, and the line when a line is wrong.
[[nodiscard]] POLYLLM_DECL result<std::shared_ptr<const tokenizer>> load_tokenizer(encoding e,
                                                                                   const std::filesystem::path& path);

/// @brief The tokenizer for `e` from the configuration's directory (`tiktoken_dir`, else $POLYLLM_TIKTOKEN_DIR).
[[nodiscard]] POLYLLM_DECL result<std::shared_ptr<const tokenizer>> load_tokenizer(encoding e, const llm_config& cfg);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/load.ipp>
#endif
