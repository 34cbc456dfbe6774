#pragma once
/// @file
/// @brief `log_completions`: one JSON file per completion, for reviewing what an agent sent and got back — the
/// messages, the parameters, the response and its cost — with the API key removed.
///
/// A file is named `<model>-<timestamp>.json`, the model's `/` written as `__` (so `openrouter/anthropic/claude`
/// stays one file name) and the timestamp as Unix seconds with microseconds, the names Python agent frameworks
/// use, so existing tooling reads the folder.

#include <polyllm/config.hpp>
#include <polyllm/cost.hpp>
#include <polyllm/detail/redact.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/error.hpp>
#include <polyllm/json.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN

/// @brief One completion as logged.
struct completion_log_entry {
    const llm_config& config;
    const request& sent;
    const completion& received;
    std::chrono::milliseconds latency{0};
    std::chrono::system_clock::time_point timestamp = std::chrono::system_clock::now();
};

/// @brief `<model with / replaced by __>-<seconds>.<microseconds>.json`; the characters Windows forbids in a file name
/// (`<>:"\|?*` and controls, as in "ollama/llama3:8b") become `_`, on every platform, so that names are the same
/// everywhere.
[[nodiscard]] POLYLLM_DECL std::string completion_log_file_name(std::string_view model,
                                                                std::chrono::system_clock::time_point when);

/// @brief The entry as JSON text, every occurrence of `secret` removed.
[[nodiscard]] POLYLLM_DECL std::string completion_log_text(const completion_log_entry& e, std::string_view secret);

/// @brief Writes the entry into `folder` (created when missing) and returns the file's path. An existing file of
/// the same name (two completions in one microsecond) is never overwritten: a counter is appended instead.
[[nodiscard]] POLYLLM_DECL result<std::filesystem::path> write_completion_log(const std::filesystem::path& folder,
                                                                               const completion_log_entry& e,
                                                                               std::string_view secret);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/completion_log.ipp>
#endif
