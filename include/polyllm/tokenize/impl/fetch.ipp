#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/fetch.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/fetch.hpp>

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/transport/asio_transport.hpp>

#include <asio/io_context.hpp>
#include <openssl/evp.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <utility>

#if defined(_WIN32)
#include <fstream>
#include <process.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

POLYLLM_NAMESPACE_BEGIN

namespace detail {

[[nodiscard]] inline std::string digest_hex(const EVP_MD* md, std::string_view bytes) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(bytes.data(), bytes.size(), out, &n, md, nullptr);
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * n);
    for (unsigned int i = 0; i < n; ++i) {
        hex += digits[out[i] >> 4];
        hex += digits[out[i] & 15];
    }
    return hex;
}

[[nodiscard]] inline bool truthy(const std::optional<std::string>& value) {
    if (!value) return false;
    std::string v = *value;
    for (auto& c : v) c = detail::to_lower(c);
    return v == "1" || v == "true" || v == "yes" || v == "on";
}

[[nodiscard]] inline std::string join_directories(const std::vector<vocabulary_location>& where) {
    std::string out;
    for (const auto& w : where) out += (out.empty() ? "" : ", ") + detail::utf8_from_path(w.directory);
    return out.empty() ? "no directory" : out;
}

// One per file a download would write: the first caller downloads while the others wait, then find the file.
[[nodiscard]] inline std::shared_ptr<std::mutex> download_mutex_for(const std::string& file) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<std::mutex>> mutexes;
    const std::lock_guard lock(mutex);
    auto& m = mutexes[file];
    if (!m) m = std::make_shared<std::mutex>();
    return m;
}

[[nodiscard]] inline std::optional<std::filesystem::path> find_vocabulary_file(
    encoding e, const std::vector<vocabulary_location>& where) {
    std::error_code ec;
    for (const auto& w : where)
        for (const auto& name : w.file_names(e))
            if (std::filesystem::is_regular_file(w.directory / name, ec)) return w.directory / name;
    return std::nullopt;
}

[[nodiscard]] inline std::string vocabulary_download_url(encoding e, const vocabulary_download& how,
                                                         const environment& env) {
    std::string root = how.base_url;
    if (root.empty()) root = env.get(tiktoken_base_url_env).value_or(std::string());
    if (root.empty()) root = std::string(published_vocabulary_root);
    while (!root.empty() && root.back() == '/') root.pop_back();
    return root + "/" + std::string(to_string(e)) + ".tiktoken";
}

[[nodiscard]] inline error download_error(errc code, std::string message) {
    error e{code, std::move(message)};
    e.type = std::string(vocabulary_download_failed);
    return e;
}

}  // namespace detail

POLYLLM_DECL std::string published_vocabulary_url(encoding e) {
    return std::string(published_vocabulary_root) + "/" + std::string(to_string(e)) + ".tiktoken";
}

POLYLLM_DECL std::string tiktoken_cache_name(encoding e) {
    return detail::digest_hex(EVP_sha1(), published_vocabulary_url(e));
}

POLYLLM_DECL std::vector<std::string> vocabulary_location::file_names(encoding e) const {
    std::string plain = std::string(to_string(e)) + ".tiktoken";
    if (origin == vocabulary_origin::tiktoken_cache) return {tiktoken_cache_name(e), std::move(plain)};
    return {std::move(plain)};
}

POLYLLM_DECL std::vector<vocabulary_location> vocabulary_search_path(const llm_config& cfg, const environment& env,
                                                                     std::string_view installed_dir) {
    std::vector<vocabulary_location> where;
    auto set = [&env](const char* name) {
        auto v = env.get(name);
        return v && !v->empty() ? v : std::nullopt;
    };
    // tiktoken's DATA_GYM_CACHE_DIR and its temp-directory default are left alone: a shared /tmp is no place to
    // trust a vocabulary from.
    if (!cfg.tiktoken_dir.empty()) {
        where.push_back({detail::path_from_utf8(cfg.tiktoken_dir), vocabulary_origin::configured});
    } else if (auto dir = set(tiktoken_dir_env)) {
        where.push_back({detail::path_from_utf8(*dir), vocabulary_origin::polyllm_env});
    } else if (auto cache = set(tiktoken_cache_dir_env)) {
        where.push_back({detail::path_from_utf8(*cache), vocabulary_origin::tiktoken_cache});
    } else if (auto xdg = set("XDG_CACHE_HOME")) {
        where.push_back({detail::path_from_utf8(*xdg) / "polyllm" / "tiktoken", vocabulary_origin::user_cache});
    } else if (auto home = set("HOME")) {
        where.push_back({detail::path_from_utf8(*home) / ".cache" / "polyllm" / "tiktoken", vocabulary_origin::user_cache});
    } else if (auto local = set("LOCALAPPDATA")) {
        where.push_back({detail::path_from_utf8(*local) / "polyllm" / "tiktoken", vocabulary_origin::user_cache});
    }
    if (!installed_dir.empty()) where.push_back({detail::path_from_utf8(installed_dir), vocabulary_origin::installed});
    return where;
}

POLYLLM_DECL vocabulary_fetcher transport_vocabulary_fetcher(transport_options options) {
    return [options = std::move(options)](http_request request) -> result<http_response> {
        asio::io_context io{1};
        std::optional<result<http_response>> out;
        {
            asio_transport transport{io.get_executor(), options};
            transport.async_send(std::move(request), [&out](result<http_response> r) { out.emplace(std::move(r)); });
            io.run();
        }
        if (!out) return error{errc::cancelled, "the download was abandoned before it completed"};
        return std::move(*out);
    };
}

namespace detail {
struct default_download_slot {
    std::mutex mutex;
    vocabulary_download value;
};
[[nodiscard]] inline default_download_slot& default_download() {
    static default_download_slot slot;
    return slot;
}
}  // namespace detail

POLYLLM_DECL void set_default_vocabulary_download(vocabulary_download how) {
    auto& slot = detail::default_download();
    const std::lock_guard lock(slot.mutex);
    slot.value = std::move(how);
}

POLYLLM_DECL vocabulary_download default_vocabulary_download() {
    auto& slot = detail::default_download();
    const std::lock_guard lock(slot.mutex);
    return slot.value;
}

POLYLLM_DECL std::string vocabulary_sha256(std::string_view bytes) { return detail::digest_hex(EVP_sha256(), bytes); }

POLYLLM_DECL result<void> store_file_atomically(const std::filesystem::path& file, std::string_view bytes) {
    const auto dir = file.parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return error{errc::invalid_config, "cannot create " + detail::utf8_from_path(dir) + ": " + ec.message()};
    // Unique per process and call, so that racing writers (threads or processes) never share a temporary file.
    static std::atomic<unsigned long> counter{0};
#if defined(_WIN32)
    const long pid = long(_getpid());
#else
    const long pid = long(::getpid());
#endif
    auto temporary = file;
    temporary += "." + std::to_string(pid) + "." + std::to_string(counter++) + ".tmp";
    const auto fail = [&](const std::string& what, int err) -> result<void> {
        std::filesystem::remove(temporary, ec);
        return error{errc::invalid_config, what + " " + detail::utf8_from_path(temporary) +
                                               (err ? std::string(": ") + std::strerror(err) : std::string())};
    };
#if defined(_WIN32)
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return fail("cannot create", errno);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.flush();
        if (!out) return fail("cannot write", errno);
    }
#else
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return fail("cannot create", errno);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            return fail("cannot write", err);
        }
        written += std::size_t(n);
    }
    // On disk before the rename makes it visible: a crash leaves the old state or the whole file, never a part.
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        return fail("cannot flush", err);
    }
    if (::close(fd) != 0) return fail("cannot close", errno);
#endif
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return error{errc::invalid_config, "cannot rename a temporary file to " + detail::utf8_from_path(file)};
    }
#if !defined(_WIN32)
    // The rename itself, on disk.
    if (!dir.empty()) {
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)::fsync(dfd);
            ::close(dfd);
        }
    }
#endif
    return success();
}

POLYLLM_DECL result<located_vocabulary> locate_vocabulary(encoding e, const std::vector<vocabulary_location>& where,
                                                          const vocabulary_download& how, const environment& env,
                                                          bool download) {
    const std::string name = std::string(to_string(e));
    if (auto found = detail::find_vocabulary_file(e, where)) return located_vocabulary{*found, false};

    const bool has_cache = !where.empty() && where.front().origin != vocabulary_origin::installed;
    const std::string url = detail::vocabulary_download_url(e, how, env);
    const auto pinned = how.sha256.count(e) ? how.sha256.at(e) : std::string(published_sha256(e));
    if (!has_cache)
        return error{errc::invalid_config,
                     "no vocabulary for " + name + ": " + name + ".tiktoken is not in " + detail::join_directories(where) +
                         ", and there is no cache directory to download it into: set " + tiktoken_dir_env +
                         " (see docs/tokenizer.md)"};
    const auto& cache = where.front();
    const auto target = cache.directory / cache.file_names(e).front();
    const bool offline = how.offline ? *how.offline : detail::truthy(env.get(offline_env));
    if (offline || !download)
        return error{errc::invalid_config,
                     "no vocabulary for " + name + ": " + name + ".tiktoken is not in " + detail::join_directories(where) +
                         (offline ? std::string(" and downloads are off (") + offline_env + ")"
                                  : std::string(" and downloads are off")) +
                         ": put the file from " + url + " (sha256 " + pinned + ") at " + detail::utf8_from_path(target) +
                         ", or run `polyllm tokens --fetch` where the network is reachable, or set " + tiktoken_dir_env +
                         " to a directory holding it (see docs/tokenizer.md)"};

    // One download per file in this process; the others wait and then find the file.
    const auto mutex = detail::download_mutex_for(detail::utf8_from_path(target));
    const std::lock_guard lock(*mutex);
    if (auto found = detail::find_vocabulary_file(e, where)) return located_vocabulary{*found, false};

    const auto failed = [&](const std::string& why) -> result<located_vocabulary> {
        return detail::download_error(errc::invalid_config, "no vocabulary for " + name + ": " + name + ".tiktoken is not in " +
                                               detail::join_directories(where) + ", and downloading it failed: " + why +
                                               " (set " + tiktoken_dir_env + " to a directory holding it, " +
                                               offline_env + "=1 to never download; see docs/tokenizer.md)");
    };
    http_request request;
    request.method = "GET";
    request.url = url;
    request.timeout = how.timeout;
    const auto fetch = how.fetch ? how.fetch : transport_vocabulary_fetcher();
    auto response = fetch(std::move(request));
    if (!response) return failed(url + ": " + std::string(to_string(response.error().kind())) + ": " + response.error().message);
    if (response.value().status != 200)
        return failed(url + ": HTTP " + std::to_string(response.value().status) + " " + response.value().reason);
    const auto& body = response.value().body;
    const auto actual = vocabulary_sha256(body);
    if (actual != pinned)
        return detail::download_error(
            errc::malformed_response, "no vocabulary for " + name + ": the file downloaded from " + url +
                                          " was refused: its sha256 is " + actual + ", the published one is " + pinned +
                                          " (" + std::to_string(body.size()) +
                                          " bytes: a cut or altered transfer, or a proxy that rewrites it; nothing "
                                          "was stored)");
    if (auto stored = store_file_atomically(target, body); !stored) return failed(stored.error().message);
    return located_vocabulary{target, true};
}

POLYLLM_DECL result<std::vector<located_vocabulary>> fetch_vocabularies(const llm_config& cfg,
                                                                        const vocabulary_download& how,
                                                                        const environment& env) {
    const auto where = vocabulary_search_path(cfg, env);
    std::vector<located_vocabulary> out;
    for (auto e : {encoding::cl100k_base, encoding::o200k_base}) {
        auto got = locate_vocabulary(e, where, how, env);
        if (!got) return std::move(got).error();
        out.push_back(std::move(got).value());
    }
    return out;
}

POLYLLM_NAMESPACE_END
