// Vocabularies on first use: the search path, and the download over a scripted transport with small fake vocabulary
// bytes whose hash the test computes and pins: verified, stored atomically, reused, refused when altered or cut,
// never attempted offline, and done once for concurrent first uses.

#include <polyllm/tokenize/fetch.hpp>

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace {

namespace fs = std::filesystem;
using polyllm::encoding;
using polyllm::vocabulary_origin;

struct temporary_directory {
    fs::path path;
    temporary_directory() {
        std::random_device seed;
        path = fs::temp_directory_path() / ("polyllm-fetch-" + std::to_string(seed()) + std::to_string(seed()));
        fs::create_directories(path);
    }
    ~temporary_directory() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> names;
        std::error_code ec;
        for (const auto& entry : fs::recursive_directory_iterator(path, ec))
            if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
        return names;
    }
};

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A scripted transport driven synchronously, as the default fetcher drives asio_transport.
struct scripted_fetch {
    asio::io_context io;
    polyllm::scripted_transport transport{io.get_executor()};

    polyllm::vocabulary_fetcher fetcher() {
        return [this](polyllm::http_request request) -> polyllm::result<polyllm::http_response> {
            std::optional<polyllm::result<polyllm::http_response>> out;
            transport.async_send(std::move(request), [&out](polyllm::result<polyllm::http_response> r) {
                out.emplace(std::move(r));
            });
            io.restart();
            io.run();
            if (!out) return polyllm::error{polyllm::errc::cancelled, "no answer"};
            return std::move(*out);
        };
    }
};

const std::string fake_cl100k = polyllm_test::tiny_tiktoken({"ab", "abc"});

polyllm::vocabulary_download download_with(polyllm::vocabulary_fetcher fetch) {
    polyllm::vocabulary_download how;
    how.fetch = std::move(fetch);
    how.base_url = "http://vocabularies.test/encodings/";
    how.offline = false;
    how.sha256[encoding::cl100k_base] = polyllm::vocabulary_sha256(fake_cl100k);
    return how;
}

std::vector<polyllm::vocabulary_location> cache_at(const fs::path& dir,
                                                   vocabulary_origin origin = vocabulary_origin::user_cache) {
    return {{dir, origin}};
}

}  // namespace

TEST_CASE("fetch: the search path, from the configuration and an environment given as a value", "[tokenize][fetch]") {
    polyllm::llm_config cfg;
    std::map<std::string, std::string, std::less<>> vars{{"POLYLLM_TIKTOKEN_DIR", "/env/polyllm"},
                                                         {"TIKTOKEN_CACHE_DIR", "/env/tiktoken"},
                                                         {"XDG_CACHE_HOME", "/xdg"},
                                                         {"HOME", "/home/u"}};
    using loc = polyllm::vocabulary_location;
    auto path = [&](std::string_view installed = {}) {
        return polyllm::vocabulary_search_path(cfg, polyllm::environment::from(vars), installed);
    };

    cfg.tiktoken_dir = "/configured";
    CHECK(path() == std::vector<loc>{{"/configured", vocabulary_origin::configured}});
    cfg.tiktoken_dir.clear();
    CHECK(path() == std::vector<loc>{{"/env/polyllm", vocabulary_origin::polyllm_env}});
    vars.erase("POLYLLM_TIKTOKEN_DIR");
    CHECK(path() == std::vector<loc>{{"/env/tiktoken", vocabulary_origin::tiktoken_cache}});
    vars["TIKTOKEN_CACHE_DIR"] = "";  // set but empty counts as unset
    CHECK(path() == std::vector<loc>{{"/xdg/polyllm/tiktoken", vocabulary_origin::user_cache}});
    vars.erase("XDG_CACHE_HOME");
    CHECK(path() == std::vector<loc>{{"/home/u/.cache/polyllm/tiktoken", vocabulary_origin::user_cache}});
    // The installed directory is searched after the cache, and alone when no cache can be named.
    CHECK(path("/usr/share/polyllm/tiktoken") ==
          std::vector<loc>{{"/home/u/.cache/polyllm/tiktoken", vocabulary_origin::user_cache},
                           {"/usr/share/polyllm/tiktoken", vocabulary_origin::installed}});
    vars.clear();
    CHECK(path().empty());
    CHECK(path("/usr/share/polyllm/tiktoken") ==
          std::vector<loc>{{"/usr/share/polyllm/tiktoken", vocabulary_origin::installed}});
}

TEST_CASE("fetch: tiktoken's cache names a file by the SHA-1 of its URL", "[tokenize][fetch]") {
    CHECK(polyllm::published_vocabulary_url(encoding::cl100k_base) ==
          "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken");
    // The name tiktoken users find in their caches for cl100k_base.
    CHECK(polyllm::tiktoken_cache_name(encoding::cl100k_base) == "9b5ad71b2ce5302211f9c61530b329a4922fc6a4");
    const polyllm::vocabulary_location tiktoken{"/c", vocabulary_origin::tiktoken_cache};
    CHECK(tiktoken.file_names(encoding::o200k_base) ==
          std::vector<std::string>{polyllm::tiktoken_cache_name(encoding::o200k_base), "o200k_base.tiktoken"});
    const polyllm::vocabulary_location own{"/c", vocabulary_origin::user_cache};
    CHECK(own.file_names(encoding::o200k_base) == std::vector<std::string>{"o200k_base.tiktoken"});
    // FIPS 180-2's test vector.
    CHECK(polyllm::vocabulary_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("fetch: downloaded once, verified, stored, then reused without a request", "[tokenize][fetch]") {
    const temporary_directory dir;
    scripted_fetch server;
    server.transport.respond(200, fake_cl100k);
    const auto how = download_with(server.fetcher());
    const auto where = cache_at(dir.path / "cache");  // created by the download

    auto first = polyllm::locate_vocabulary(encoding::cl100k_base, where, how, polyllm::environment::none());
    REQUIRE(first);
    CHECK(first.value().downloaded);
    CHECK(first.value().file == dir.path / "cache" / "cl100k_base.tiktoken");
    CHECK(read(first.value().file) == fake_cl100k);
    REQUIRE(server.transport.requests().size() == 1);
    CHECK(server.transport.requests()[0].method == "GET");
    CHECK(server.transport.requests()[0].url == "http://vocabularies.test/encodings/cl100k_base.tiktoken");
    CHECK(dir.files() == std::vector<std::string>{"cl100k_base.tiktoken"});  // no temporary file left

    auto again = polyllm::locate_vocabulary(encoding::cl100k_base, where, how, polyllm::environment::none());
    REQUIRE(again);
    CHECK_FALSE(again.value().downloaded);
    CHECK(again.value().file == first.value().file);
    CHECK(server.transport.requests().size() == 1);

    // The stored file is a vocabulary the tokenizer loads.
    auto loaded = polyllm::vocabulary::parse_tiktoken(read(first.value().file), "downloaded");
    REQUIRE(loaded);
    CHECK(loaded.value().size() == 258);
}

TEST_CASE("fetch: the base URL from the environment, and tiktoken's cache layout", "[tokenize][fetch]") {
    const temporary_directory dir;
    scripted_fetch server;
    server.transport.respond(200, fake_cl100k);
    auto how = download_with(server.fetcher());
    how.base_url.clear();
    const auto env = polyllm::environment::from({{"POLYLLM_TIKTOKEN_BASE_URL", "http://127.0.0.1:9/mirror"}});
    auto got = polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(dir.path, vocabulary_origin::tiktoken_cache),
                                          how, env);
    REQUIRE(got);
    REQUIRE(server.transport.requests().size() == 1);
    CHECK(server.transport.requests()[0].url == "http://127.0.0.1:9/mirror/cl100k_base.tiktoken");
    // Named as tiktoken names it, so that tiktoken finds it too.
    CHECK(got.value().file == dir.path / polyllm::tiktoken_cache_name(encoding::cl100k_base));

    // A file already in a tiktoken cache under its own name is used as it is.
    const temporary_directory other;
    std::ofstream(other.path / "cl100k_base.tiktoken", std::ios::binary) << fake_cl100k;
    auto found = polyllm::locate_vocabulary(
        encoding::cl100k_base, cache_at(other.path, vocabulary_origin::tiktoken_cache), how, env);
    REQUIRE(found);
    CHECK_FALSE(found.value().downloaded);
    CHECK(server.transport.requests().size() == 1);
}

TEST_CASE("fetch: an altered file is refused with both hashes, and nothing is stored", "[tokenize][fetch]") {
    const temporary_directory dir;
    scripted_fetch server;
    std::string altered = fake_cl100k;
    altered[10] = altered[10] == 'A' ? 'B' : 'A';
    server.transport.respond(200, altered);
    const auto how = download_with(server.fetcher());
    auto got = polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(dir.path), how, polyllm::environment::none());
    REQUIRE_FALSE(got);
    CHECK(got.error().type == polyllm::vocabulary_download_failed);
    CHECK_THAT(got.error().message, Catch::Contains(polyllm::vocabulary_sha256(altered)) &&
                                        Catch::Contains(polyllm::vocabulary_sha256(fake_cl100k)) &&
                                        Catch::Contains("refused"));
    CHECK(dir.files().empty());

    // The pinned hashes are the published ones unless overridden: the fake file is refused by them too.
    server.transport.respond(200, fake_cl100k);
    auto pinned = how;
    pinned.sha256.clear();
    auto refused = polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(dir.path), pinned,
                                              polyllm::environment::none());
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains(std::string(polyllm::published_sha256(encoding::cl100k_base))));
    CHECK(dir.files().empty());
}

TEST_CASE("fetch: an interrupted or failed transfer leaves no file", "[tokenize][fetch]") {
    const temporary_directory dir;
    scripted_fetch server;
    const auto how = download_with(server.fetcher());
    const auto where = cache_at(dir.path);
    const auto env = polyllm::environment::none();

    server.transport.fail(polyllm::error{polyllm::errc::connection, "connection reset after 1000 bytes"});
    auto reset = polyllm::locate_vocabulary(encoding::cl100k_base, where, how, env);
    REQUIRE_FALSE(reset);
    CHECK(reset.error().type == polyllm::vocabulary_download_failed);
    CHECK_THAT(reset.error().message, Catch::Contains("connection reset") && Catch::Contains("POLYLLM_OFFLINE"));

    // A body cut short that still looks complete to HTTP (a server that closes early): the hash catches it.
    server.transport.respond(200, fake_cl100k.substr(0, fake_cl100k.size() / 2));
    CHECK_FALSE(polyllm::locate_vocabulary(encoding::cl100k_base, where, how, env));

    server.transport.respond(404, "not here");
    auto missing = polyllm::locate_vocabulary(encoding::cl100k_base, where, how, env);
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("HTTP 404"));
    CHECK(dir.files().empty());
    CHECK(server.transport.requests().size() == 3);
}

TEST_CASE("fetch: offline, nothing is requested and the error says which file goes where", "[tokenize][fetch]") {
    const temporary_directory dir;
    scripted_fetch server;
    auto how = download_with(server.fetcher());
    how.offline.reset();
    const auto env = polyllm::environment::from({{"POLYLLM_OFFLINE", "1"}});
    auto got = polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(dir.path), how, env);
    REQUIRE_FALSE(got);
    CHECK(got.error() == polyllm::errc::invalid_config);
    CHECK(got.error().type != polyllm::vocabulary_download_failed);
    CHECK_THAT(got.error().message,
               Catch::Contains((dir.path / "cl100k_base.tiktoken").string()) &&
                   Catch::Contains("http://vocabularies.test/encodings/cl100k_base.tiktoken") &&
                   Catch::Contains("POLYLLM_OFFLINE") && Catch::Contains("polyllm tokens --fetch"));
    CHECK(server.transport.requests().empty());

    // The option wins over the environment.
    how.offline = true;
    CHECK_FALSE(polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(dir.path), how, polyllm::environment::none()));
    CHECK(server.transport.requests().empty());

    // Only an installed directory, which is never written: nothing to download into.
    how.offline = false;
    auto read_only = polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(dir.path, vocabulary_origin::installed),
                                                how, polyllm::environment::none());
    REQUIRE_FALSE(read_only);
    CHECK_THAT(read_only.error().message, Catch::Contains("no cache directory"));
    CHECK(server.transport.requests().empty());
}

TEST_CASE("fetch: concurrent first uses download once", "[tokenize][fetch]") {
    const temporary_directory dir;
    std::atomic<int> requests{0};
    auto how = download_with([&requests](polyllm::http_request) -> polyllm::result<polyllm::http_response> {
        ++requests;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the others arrive while this one is under way
        return polyllm::http_response{200, "OK", {}, fake_cl100k};
    });
    const auto where = cache_at(dir.path);
    std::vector<std::thread> threads;
    std::atomic<int> found{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            if (polyllm::locate_vocabulary(encoding::cl100k_base, where, how, polyllm::environment::none())) ++found;
        });
    for (auto& t : threads) t.join();
    CHECK(found == 4);
    CHECK(requests == 1);
}

TEST_CASE("fetch: racing writers of one file leave one whole file and no temporary", "[tokenize][fetch]") {
    const temporary_directory dir;
    const auto file = dir.path / "sub" / "cl100k_base.tiktoken";
    const std::string a(60000, 'a');
    const std::string b(30000, 'b');
    std::atomic<bool> torn{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            for (int i = 0; i < 8; ++i) {
                if (!polyllm::store_file_atomically(file, w ? b : a)) torn = true;
                const auto now = read(file);  // a reader sees either whole file, never a mix or a part
                if (now != a && now != b) torn = true;
            }
        });
    for (auto& t : writers) t.join();
    CHECK_FALSE(torn);
    const auto last = read(file);
    CHECK((last == a || last == b));
    CHECK(dir.files() == std::vector<std::string>{"cl100k_base.tiktoken"});
}

#if !defined(_WIN32)
TEST_CASE("fetch: two processes downloading at once leave one good file", "[tokenize][fetch]") {
    const temporary_directory dir;
    const auto where = cache_at(dir.path);
    // Each process finds no file, downloads (the in-process lock cannot see the other), and renames into place.
    auto how = download_with([](polyllm::http_request) -> polyllm::result<polyllm::http_response> {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        return polyllm::http_response{200, "OK", {}, fake_cl100k};
    });
    std::vector<pid_t> children;
    for (int i = 0; i < 2; ++i) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const bool ok = bool(polyllm::locate_vocabulary(encoding::cl100k_base, where, how, polyllm::environment::none()));
            ::_exit(ok ? 0 : 1);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    CHECK(read(dir.path / "cl100k_base.tiktoken") == fake_cl100k);
    CHECK(dir.files() == std::vector<std::string>{"cl100k_base.tiktoken"});
}
#endif

TEST_CASE("fetch: end to end through asio_transport and the local server, with its faults", "[tokenize][fetch]") {
    const temporary_directory served;
    std::ofstream(served.path / "cl100k_base.tiktoken", std::ios::binary) << fake_cl100k;
    auto serve = [&](std::string fault) {
        polyllm::testing::local_server_options options;
        options.tiktoken_dir = served.path.string();
        options.vocabulary_fault = std::move(fault);
        auto server = polyllm::testing::local_server_thread::start(std::move(options));
        REQUIRE(server);
        return std::move(server).value();
    };
    auto how = download_with(polyllm::transport_vocabulary_fetcher());
    auto download = [&](const polyllm::testing::local_server_thread& server, const fs::path& cache) {
        how.base_url = "http://127.0.0.1:" + std::to_string(server.port()) + "/encodings";
        return polyllm::locate_vocabulary(encoding::cl100k_base, cache_at(cache), how, polyllm::environment::none());
    };

    const temporary_directory cache;
    {
        const auto server = serve("");
        auto got = download(*server, cache.path);
        REQUIRE(got);
        CHECK(got.value().downloaded);
        CHECK(read(got.value().file) == fake_cl100k);
        // Not served: a 404 from the server.
        auto o200k = polyllm::locate_vocabulary(encoding::o200k_base, cache_at(cache.path), how,
                                                polyllm::environment::none());
        REQUIRE_FALSE(o200k);
        CHECK_THAT(o200k.error().message, Catch::Contains("HTTP 404"));
    }
    {
        const temporary_directory corrupt_cache;
        const auto server = serve("corrupt");
        auto got = download(*server, corrupt_cache.path);
        REQUIRE_FALSE(got);
        CHECK_THAT(got.error().message, Catch::Contains("refused") &&
                                            Catch::Contains(polyllm::vocabulary_sha256(fake_cl100k)));
        CHECK(corrupt_cache.files().empty());
    }
    {
        const temporary_directory cut_cache;
        const auto server = serve("cut");
        auto got = download(*server, cut_cache.path);
        REQUIRE_FALSE(got);
        CHECK(got.error().type == polyllm::vocabulary_download_failed);
        CHECK(cut_cache.files().empty());
    }
}

TEST_CASE("fetch: load_tokenizer downloads through the default, and does not retry a failed download",
          "[tokenize][fetch]") {
    const temporary_directory dir;
    std::atomic<int> requests{0};
    auto how = download_with([&requests](polyllm::http_request) -> polyllm::result<polyllm::http_response> {
        ++requests;
        return polyllm::error{polyllm::errc::connection, "cannot resolve the test host"};
    });
    polyllm::set_default_vocabulary_download(how);
    polyllm::llm_config cfg;
    cfg.tiktoken_dir = dir.path.string();

    auto first = polyllm::load_tokenizer(encoding::cl100k_base, cfg);
    REQUIRE_FALSE(first);
    CHECK_THAT(first.error().message, Catch::Contains("cannot resolve the test host"));
    CHECK(requests == 1);
    // A count falls back to the estimate without another attempt.
    CHECK_FALSE(polyllm::openai_token_count("gpt-4", "some text", cfg).exact);
    auto again = polyllm::load_tokenizer(encoding::cl100k_base, cfg);
    REQUIRE_FALSE(again);
    CHECK(again.error().message == first.error().message);
    CHECK(requests == 1);

    // A file put there later is found (and read: this tiny one is refused as not cl100k_base).
    std::ofstream(dir.path / "cl100k_base.tiktoken", std::ios::binary) << fake_cl100k;
    auto found = polyllm::load_tokenizer(encoding::cl100k_base, cfg);
    REQUIRE_FALSE(found);
    CHECK_THAT(found.error().message, Catch::Contains("is not cl100k_base"));
    CHECK(requests == 1);
    polyllm::set_default_vocabulary_download({});
}
