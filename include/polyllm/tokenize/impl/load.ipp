#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/load.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/mapped_file.hpp>
#include <polyllm/tokenize/load.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::string tiktoken_directory(const llm_config& cfg) {
    if (!cfg.tiktoken_dir.empty()) return cfg.tiktoken_dir;
    return environment::process().get(tiktoken_dir_env).value_or(std::string());
}

POLYLLM_DECL std::filesystem::path tiktoken_file(encoding e, const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return path;
    return path / (std::string(to_string(e)) + ".tiktoken");
}

POLYLLM_DECL std::filesystem::path compiled_vocabulary_directory(const environment& env) {
    auto set = [&env](const char* name) {
        auto v = env.get(name);
        return v && !v->empty() ? v : std::nullopt;
    };
    if (auto xdg = set("XDG_CACHE_HOME")) return detail::path_from_utf8(*xdg) / "polyllm" / "compiled";
    if (auto home = set("HOME")) return detail::path_from_utf8(*home) / ".cache" / "polyllm" / "compiled";
    if (auto local = set("LOCALAPPDATA")) return detail::path_from_utf8(*local) / "polyllm" / "compiled";
    return {};
}

namespace detail {

// The tokenizer from the compiled image of `text` when one is there, else parsed from `text`; a parse that succeeds
// leaves an image for the next process (best effort: an image that cannot be written costs that process a parse).
[[nodiscard]] inline result<tokenizer> tokenizer_from_text(encoding e, std::string_view text,
                                                           const std::filesystem::path& file) {
    const auto source = utf8_from_path(file);
    const auto images = compiled_vocabulary_directory(environment::process());
    if (images.empty()) return tokenizer::from_tiktoken(e, text, source);
    const auto digest = digest_vocabulary_text(text);
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(digest.hash));
    const auto image_file = images / path_from_utf8(utf8_from_path(file.filename()) + "." + hash + ".image");
    if (const auto image = mapped_file::open(image_file))
        if (auto vocab = open_compiled_vocabulary(image->bytes(), image, digest))
            if (auto built = tokenizer::from_vocabulary(e, std::move(vocab).value(), source)) return built;
    auto vocab = vocabulary::parse_tiktoken(text, source);
    if (!vocab) return std::move(vocab).error();
    auto built = tokenizer::from_vocabulary(e, vocab.value(), source);  // a copy shares the tables
    if (built) (void)store_file_atomically(image_file, compile_vocabulary(vocab.value(), digest));
    return built;
}

[[nodiscard]] inline result<std::string> read_vocabulary_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int err = errno;
        return error{errc::invalid_config,
                     "cannot read " + detail::utf8_from_path(file) + (err ? std::string(": ") + std::strerror(err) : std::string())};
    }
    // Into a string of the file's size in one read (a stream copy of o200k_base's 3.6 MB took milliseconds), then
    // whatever follows, so that a file that grew meanwhile is read whole.
    std::string text;
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > 0 && size < (std::uintmax_t(1) << 32)) {
        text.resize(std::size_t(size));
        in.read(text.data(), std::streamsize(size));
        text.resize(std::size_t(in.gcount()));
        if (in.bad()) return error{errc::invalid_config, "cannot read " + detail::utf8_from_path(file)};
        if (in.eof()) return text;
        in.clear();
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    if (in.bad()) return error{errc::invalid_config, "cannot read " + detail::utf8_from_path(file)};
    text += std::move(rest).str();
    return text;
}

// One slot per (encoding, file): the first caller loads while later callers for the same file wait; callers for
// other files do not.
struct tokenizer_slot {
    std::mutex mutex;
    std::shared_ptr<const tokenizer> value;
};

[[nodiscard]] inline std::shared_ptr<tokenizer_slot> tokenizer_slot_for(encoding e, const std::string& file) {
    static std::mutex mutex;
    static std::map<std::pair<encoding, std::string>, std::shared_ptr<tokenizer_slot>> slots;
    const std::lock_guard lock(mutex);
    auto& slot = slots[{e, file}];
    if (!slot) slot = std::make_shared<tokenizer_slot>();
    return slot;
}

}  // namespace detail

POLYLLM_DECL result<std::shared_ptr<const tokenizer>> load_tokenizer(encoding e, const std::filesystem::path& path) {
    if (path.empty())
        return error{errc::invalid_config, "no vocabulary for " + std::string(to_string(e)) +
                                               ": set llm_config::tiktoken_dir or " + tiktoken_dir_env +
                                               " to a directory holding " + std::string(to_string(e)) +
                                               ".tiktoken (see docs/tokenizer.md)"};
    // Keyed by the path as given, so that a cached lookup touches no file system.
    const auto slot = detail::tokenizer_slot_for(e, detail::utf8_from_path(path));
    const std::lock_guard lock(slot->mutex);
    if (slot->value) return slot->value;
    const auto file = tiktoken_file(e, path);
    auto text = detail::read_vocabulary_file(file);
    if (!text) {
        auto err = std::move(text).error();
        err.message = "no vocabulary for " + std::string(to_string(e)) + ": " + err.message +
                      " (tools/tiktoken-convert makes one; see docs/tokenizer.md)";
        return err;
    }
    auto built = detail::tokenizer_from_text(e, text.value(), file);
    if (!built) return std::move(built).error();
    slot->value = std::make_shared<const tokenizer>(std::move(built).value());
    return slot->value;
}

namespace detail {

// The search path's outcome, per (encoding, search path): the tokenizer once loaded, and whether a download already
// failed (a machine without network should not pay a connection attempt per count).
struct search_slot {
    std::mutex mutex;
    std::shared_ptr<const tokenizer> value;
    std::optional<error> download_failure;  // the first one, given again while the file is still missing
};

[[nodiscard]] inline std::shared_ptr<search_slot> search_slot_for(encoding e, const std::string& key) {
    static std::mutex mutex;
    static std::map<std::pair<encoding, std::string>, std::shared_ptr<search_slot>> slots;
    const std::lock_guard lock(mutex);
    auto& slot = slots[{e, key}];
    if (!slot) slot = std::make_shared<search_slot>();
    return slot;
}

}  // namespace detail

POLYLLM_DECL result<std::shared_ptr<const tokenizer>> load_tokenizer(encoding e, const llm_config& cfg) {
    const auto env = environment::process();
    const auto where = vocabulary_search_path(cfg, env);
    // Keyed by the directories, which cost no file system access: a loaded tokenizer is a map lookup away.
    std::string key;
    for (const auto& w : where) key += detail::utf8_from_path(w.directory) + '\n';
    const auto slot = detail::search_slot_for(e, key);
    const std::lock_guard lock(slot->mutex);
    if (slot->value) return slot->value;
    auto located = locate_vocabulary(e, where, default_vocabulary_download(), env, !slot->download_failure);
    if (!located) {
        if (slot->download_failure) return *slot->download_failure;
        if (located.error().type == vocabulary_download_failed) slot->download_failure = located.error();
        return std::move(located).error();
    }
    auto loaded = load_tokenizer(e, located.value().file);
    if (loaded) slot->value = loaded.value();
    return loaded;
}

POLYLLM_NAMESPACE_END
