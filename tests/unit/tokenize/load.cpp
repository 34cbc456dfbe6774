// Finding vocabularies: the configured directory, then POLYLLM_TIKTOKEN_DIR; errors that say which file and why.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {
struct temporary_directory {
    std::filesystem::path path;
    temporary_directory() {
        path = std::filesystem::temp_directory_path() / ("polyllm-load-" + std::to_string(std::rand()));
        std::filesystem::create_directories(path);
    }
    ~temporary_directory() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
    }
};
}  // namespace

TEST_CASE("load: the configured directory wins over the environment", "[tokenize][load]") {
    polyllm::llm_config cfg;
    ::setenv(polyllm::tiktoken_dir_env, "/from/env", 1);
    CHECK(polyllm::tiktoken_directory(cfg) == "/from/env");
    cfg.tiktoken_dir = "/from/config";
    CHECK(polyllm::tiktoken_directory(cfg) == "/from/config");
    ::unsetenv(polyllm::tiktoken_dir_env);
    cfg.tiktoken_dir.clear();
    CHECK(polyllm::tiktoken_directory(cfg).empty());
    CHECK(polyllm::tiktoken_file(polyllm::encoding::o200k_base, "/dir") == "/dir/o200k_base.tiktoken");
}

TEST_CASE("load: no directory, no file, or a bad file say so", "[tokenize][load]") {
    const auto none = polyllm::load_tokenizer(polyllm::encoding::o200k_base, polyllm::llm_config{});
    REQUIRE_FALSE(none);
    CHECK(none.error() == polyllm::errc::invalid_config);
    CHECK_THAT(none.error().message, Catch::Contains("no vocabulary for o200k_base") &&
                                         Catch::Contains("POLYLLM_TIKTOKEN_DIR") &&
                                         Catch::Contains("o200k_base.tiktoken"));

    const temporary_directory dir;
    const auto missing = polyllm::load_tokenizer(polyllm::encoding::cl100k_base, dir.path);
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains((dir.path / "cl100k_base.tiktoken").string()) &&
                                            Catch::Contains("No such file"));

    dir.write("cl100k_base.tiktoken", polyllm_test::tiny_tiktoken({}) + "garbage\n");
    const auto malformed = polyllm::load_tokenizer(polyllm::encoding::cl100k_base, dir.path);
    REQUIRE_FALSE(malformed);
    CHECK(malformed.error().message ==
          (dir.path / "cl100k_base.tiktoken").string() + ":257: expected \"<base64 token> <rank>\", found \"garbage\"");

    // Fixed, it is found on the next call: failures are not cached.
    dir.write("cl100k_base.tiktoken", polyllm_test::tiny_tiktoken({}));
    const auto wrong = polyllm::load_tokenizer(polyllm::encoding::cl100k_base, dir.path);
    REQUIRE_FALSE(wrong);
    CHECK_THAT(wrong.error().message, Catch::Contains("is not cl100k_base (it has 256 tokens"));
}

TEST_CASE("load: a model without a vocabulary falls back to the estimate", "[tokenize][load]") {
    polyllm::llm_config cfg;
    cfg.tiktoken_dir = "/nonexistent/polyllm";
    const std::string text = "twelve chars";
    CHECK(polyllm::openai_token_count("gpt-4o", text, cfg) == polyllm::token_count{3, false});
    CHECK(polyllm::openai_token_count("mistral-large", text, cfg) == polyllm::token_count{3, false});
    const auto exact = polyllm::exact_token_count("mistral-large", text, cfg);
    REQUIRE_FALSE(exact);
    CHECK(exact.error() == polyllm::errc::unsupported);
    CHECK(exact.error().message == "no tiktoken encoding is known for model \"mistral-large\"");
}
