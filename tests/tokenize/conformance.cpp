// The tokenizer against tiktoken itself: ids for every case of the reference corpus (scripts/tiktoken-reference),
// the published golden vectors, the merging strategies against each other on long pieces, and chat counting
// against the numbers OpenAI's cookbook reports from the API.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#if !defined(_WIN32)
#include <sys/stat.h>
#endif

namespace {

using polyllm::encoding;
using polyllm::token_id;

std::filesystem::path reference_dir() { return std::getenv("POLYLLM_TIKTOKEN_REFERENCE"); }
std::filesystem::path vocabulary_dir() { return reference_dir() / "vocab"; }

const polyllm::tokenizer& tokenizer_of(encoding e) {
    auto loaded = polyllm::load_tokenizer(e, vocabulary_dir());
    if (!loaded) FAIL(loaded.error().to_string());
    return *loaded.value();
}

struct reference_case {
    std::string name;
    polyllm::special_tokens specials;
    std::string text;
    std::vector<token_id> cl100k, o200k;

    const std::vector<token_id>& ids(encoding e) const { return e == encoding::cl100k_base ? cl100k : o200k; }
};

const std::vector<reference_case>& reference_cases() {
    static const auto cases = [] {
        std::vector<reference_case> out;
        std::ifstream in(reference_dir() / "reference.jsonl", std::ios::binary);
        std::string line;
        std::getline(in, line);  // the header: tiktoken's version and the number of cases
        const auto expected = nlohmann::json::parse(line).at("cases").get<std::size_t>();
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line);
            out.push_back({j.at("name"),
                           j.at("specials") == "allowed" ? polyllm::special_tokens::allowed
                                                         : polyllm::special_tokens::as_text,
                           j.at("text"), j.at("cl100k_base"), j.at("o200k_base")});
        }
        if (out.size() != expected) throw std::runtime_error("reference.jsonl is truncated");
        return out;
    }();
    return cases;
}

constexpr encoding both[] = {encoding::cl100k_base, encoding::o200k_base};

std::string describe(const std::vector<token_id>& ids) {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < 40; ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return "[" + s + (ids.size() > 40 ? ",...]" : "]");
}

}  // namespace

TEST_CASE("tokenize: ids match tiktoken on every case of the reference corpus", "[tokenize][conformance]") {
    REQUIRE(reference_cases().size() > 400);
    for (const auto e : both) {
        const auto& t = tokenizer_of(e);
        std::size_t mismatches = 0;
        for (const auto& c : reference_cases()) {
            const auto ids = t.encode(c.text, c.specials);
            if (ids == c.ids(e)) continue;
            if (++mismatches <= 5) {
                std::size_t at = 0;
                while (at < ids.size() && at < c.ids(e).size() && ids[at] == c.ids(e)[at]) ++at;
                UNSCOPED_INFO(to_string(e) << " " << c.name << ": first difference at id " << at << "; tiktoken "
                                           << describe({c.ids(e).begin() + std::ptrdiff_t(at), c.ids(e).end()})
                                           << " polyllm "
                                           << describe({ids.begin() + std::ptrdiff_t(at), ids.end()}));
            }
        }
        CHECK(mismatches == 0);
    }
}

TEST_CASE("tokenize: count is the number of ids and decode(encode(x)) is x", "[tokenize][conformance]") {
    for (const auto e : both) {
        const auto& t = tokenizer_of(e);
        for (const auto& c : reference_cases()) {
            const auto ids = t.encode(c.text, c.specials);
            CHECK(t.count(c.text, c.specials) == ids.size());
            const auto decoded = t.decode(ids);
            REQUIRE(decoded);
            if (decoded.value() != c.text) FAIL_CHECK(to_string(e) << " " << c.name << " does not decode to itself");
        }
    }
}

TEST_CASE("tokenize: the published golden vectors (cl100k_base)", "[tokenize][conformance]") {
    const auto& t = tokenizer_of(encoding::cl100k_base);
    using ids = std::vector<token_id>;
    CHECK(t.encode("hello world") == ids{15339, 1917});
    CHECK(t.encode("hello <|endoftext|>", polyllm::special_tokens::allowed) == ids{15339, 220, 100257});
    CHECK(t.encode("\xF0\x9F\x91\x8D") == ids{9468, 239, 235});  // U+1F44D THUMBS UP SIGN
    CHECK(t.encode(" \xC2\x85" "0") == ids{220, 126, 227, 15});   // U+0085 NEXT LINE is White_Space
    CHECK(t.encode("today\n \n") == ids{31213, 27907});
    CHECK(t.encode("'rer") == ids{2351, 81});
    // As text, a special token's spelling is ordinary characters.
    CHECK(t.encode("<|endoftext|>").size() > 1);
}

TEST_CASE("tokenize: text that is not UTF-8 still encodes and decodes losslessly", "[tokenize][conformance]") {
    std::mt19937 random(7);
    for (const auto e : both) {
        const auto& t = tokenizer_of(e);
        for (int round = 0; round < 200; ++round) {
            std::string bytes(std::size_t(random() % 300), '\0');
            for (auto& b : bytes) b = char(random() % 4 == 0 ? random() % 256 : "a Z1'\n\xC3\xA9\xE4\xB8\xAD"[random() % 12]);
            const auto decoded = t.decode(t.encode(bytes));
            REQUIRE(decoded);
            CHECK(decoded.value() == bytes);
        }
    }
}

namespace {
std::vector<token_id> merged(const polyllm::vocabulary& v, std::string_view piece, int strategy) {
    std::vector<token_id> ids;
    auto emit = [&](token_id id) { ids.push_back(id); };
    if (strategy == 0) polyllm::detail::merge_short_piece(v, piece, emit);
    if (strategy == 1) polyllm::detail::merge_long_piece(v, piece, emit);
    if (strategy == 2) REQUIRE(polyllm::detail::merge_huge_piece(v, piece, emit));
    return ids;
}
}  // namespace

TEST_CASE("tokenize: the three merging strategies agree", "[tokenize][conformance]") {
    std::mt19937 random(11);
    auto random_piece = [&](std::size_t n, std::string_view alphabet) {
        std::string s;
        while (s.size() < n) s += alphabet[random() % alphabet.size()];
        return s;
    };
    for (const auto e : both) {
        const auto& v = tokenizer_of(e).vocabulary();
        SECTION(std::string(to_string(e)) + ": short pieces, all three") {
            for (int round = 0; round < 300; ++round) {
                const auto piece = random_piece(std::size_t(2 + random() % 120),
                                                round % 2 ? "abcdefghij ^" : "ab\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x99\x82 x");
                const auto quadratic = merged(v, piece, 0);
                CHECK(merged(v, piece, 1) == quadratic);
                CHECK(merged(v, piece, 2) == quadratic);
            }
        }
        SECTION(std::string(to_string(e)) + ": long pieces, queue and rank by rank") {
            for (const auto& piece : {std::string(20000, '^'), std::string(50001, ' '), std::string(30000, 'a'),
                                      random_piece(20000, "abcdefghijklmnopqrstuvwxyz"),
                                      random_piece(20000, "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97 \xF0\x9F\x99\x82"),
                                      random_piece(20000, "0123456789abcdef")})
                CHECK(merged(v, piece, 2) == merged(v, piece, 1));
        }
    }
}

TEST_CASE("tokenize: chat requests count as the OpenAI API did in the cookbook's examples",
          "[tokenize][conformance]") {
    polyllm::llm_config cfg;
    cfg.tiktoken_dir = vocabulary_dir().string();

    // "How to count tokens with tiktoken", section 6: the API reported 129 prompt tokens for gpt-3.5-turbo and
    // gpt-4, 124 for gpt-4o and gpt-4o-mini.
    polyllm::request r;
    r.messages.push_back(polyllm::message::system(
        "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."));
    auto named = [&](std::string name, std::string text) {
        auto m = polyllm::message::system(std::move(text));
        m.name = std::move(name);
        r.messages.push_back(std::move(m));
    };
    named("example_user", "New synergies will help drive top-line growth.");
    named("example_assistant", "Things working well together will increase revenue.");
    named("example_user",
          "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.");
    named("example_assistant", "Let's talk later when we're less busy about how to do better.");
    r.messages.push_back(polyllm::message::user(
        "This late pivot means we don't have time to boil the ocean for the client deliverable."));
    for (auto [model, expected] : {std::pair{"gpt-3.5-turbo", 129}, {"gpt-4", 129}, {"gpt-4o", 124},
                                   {"gpt-4o-mini", 124}}) {
        cfg.model = model;
        CHECK(polyllm::count_tokens(r, cfg) == polyllm::token_count{std::size_t(expected), true});
    }

    // Section 7: with one tool, 105 for gpt-3.5-turbo and gpt-4, 101 for gpt-4o and gpt-4o-mini.
    polyllm::request t;
    t.messages.push_back(polyllm::message::system(
        "You are a helpful assistant that can answer to questions about the weather."));
    t.messages.push_back(polyllm::message::user("What's the weather like in San Francisco?"));
    t.tools.push_back({"get_current_weather", "Get the current weather in a given location",
                       nlohmann::json::parse(R"({"type": "object", "properties": {
                           "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                           "unit": {"type": "string", "description": "The unit of temperature to return",
                                    "enum": ["celsius", "fahrenheit"]}},
                           "required": ["location"]})")});
    for (auto [model, expected] : {std::pair{"gpt-3.5-turbo", 105}, {"gpt-4", 105}, {"gpt-4o", 101},
                                   {"gpt-4o-mini", 101}}) {
        cfg.model = model;
        CHECK(polyllm::count_tokens(t, cfg) == polyllm::token_count{std::size_t(expected), true});
    }
}

TEST_CASE("tokenize: OpenAI models count exactly with a vocabulary and estimate without",
          "[tokenize][conformance]") {
    polyllm::llm_config cfg;
    cfg.tiktoken_dir = vocabulary_dir().string();
    const std::string text = "Agents count tokens to decide when to condense their history.";
    const auto o200k = tokenizer_of(encoding::o200k_base).count(text);
    CHECK(polyllm::openai_token_count("gpt-4o", text, cfg) == polyllm::token_count{o200k, true});
    CHECK(polyllm::openai_token_count("openai/gpt-5-mini", text, cfg) == polyllm::token_count{o200k, true});
    CHECK(polyllm::openai_token_count("gpt-4-turbo", text, cfg) ==
          polyllm::token_count{tokenizer_of(encoding::cl100k_base).count(text), true});
    CHECK(polyllm::openai_token_count("claude-3-5-sonnet", text, cfg) == polyllm::approximate_tokens(text));

    cfg.tiktoken_dir = (reference_dir() / "no-such-directory").string();
    CHECK(polyllm::openai_token_count("gpt-4o", text, cfg) == polyllm::approximate_tokens(text));
    const auto missing = polyllm::exact_token_count("gpt-4o", text, cfg);
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == polyllm::errc::invalid_config);
    CHECK_THAT(missing.error().message, Catch::Contains("o200k_base.tiktoken"));
}

TEST_CASE("tokenize: a loaded vocabulary is shared by every caller and thread", "[tokenize][conformance]") {
    std::vector<const polyllm::tokenizer*> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i)
        threads.emplace_back([&, i] {
            auto t = polyllm::load_tokenizer(encoding::o200k_base, vocabulary_dir());
            seen[i] = t ? t.value().get() : nullptr;
        });
    for (auto& thread : threads) thread.join();
    for (const auto* t : seen) CHECK(t == &tokenizer_of(encoding::o200k_base));
    // Another spelling of a file is another entry, loaded on its own.
    const auto direct = polyllm::load_tokenizer(encoding::o200k_base, vocabulary_dir() / "o200k_base.tiktoken");
    REQUIRE(direct);
    CHECK(direct.value()->count("hello") == 1);
}

namespace {
std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t reference_mismatches(const polyllm::tokenizer& t, encoding e) {
    std::size_t mismatches = 0;
    for (const auto& c : reference_cases()) mismatches += t.encode(c.text, c.specials) != c.ids(e);
    return mismatches;
}
}  // namespace

TEST_CASE("tokenize: a vocabulary opened from its compiled image is the parsed one", "[tokenize][conformance]") {
    for (const auto e : both) {
        const auto text = read_file(vocabulary_dir() / (std::string(to_string(e)) + ".tiktoken"));
        const auto parsed = polyllm::vocabulary::parse_tiktoken(text, "parsed").value();
        const auto digest = polyllm::digest_vocabulary_text(text);
        const auto bytes = polyllm::compile_vocabulary(parsed, digest);
        auto words = std::make_shared<std::vector<std::uint64_t>>((bytes.size() + 7) / 8);
        std::memcpy(words->data(), bytes.data(), bytes.size());
        auto opened = polyllm::open_compiled_vocabulary(
            {reinterpret_cast<const unsigned char*>(words->data()), bytes.size()}, words, digest);
        REQUIRE(opened);
        words.reset();  // the vocabulary keeps the image
        const auto& v = opened.value();
        CHECK(v.size() == parsed.size());
        CHECK(v.longest_token() == parsed.longest_token());
        std::size_t differ = 0;
        for (token_id id = 0; id < 210000; ++id)
            differ += v.bytes_of(id) != parsed.bytes_of(id) ||
                      (!parsed.bytes_of(id).empty() && v.find(parsed.bytes_of(id)) != id);
        CHECK(differ == 0);
        const auto t = polyllm::tokenizer::from_vocabulary(e, std::move(opened).value(), "image");
        REQUIRE(t);
        CHECK(reference_mismatches(t.value(), e) == 0);
    }
}

#if !defined(_WIN32)
TEST_CASE("tokenize: loading leaves a compiled image that the next load maps, and replaces a damaged one",
          "[tokenize][conformance]") {
    namespace fs = std::filesystem;
    const auto cache = fs::temp_directory_path() / ("polyllm-images-" + std::to_string(std::random_device{}()));
    const char* old = std::getenv("XDG_CACHE_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    const auto images = cache / "polyllm" / "compiled";
    CHECK(polyllm::compiled_vocabulary_directory(polyllm::environment::process()) == images);
    auto only_image = [&] {
        std::vector<fs::path> found;
        for (const auto& entry : fs::directory_iterator(images)) found.push_back(entry.path());
        REQUIRE(found.size() == 1);
        return found.front();
    };
    auto inode = [](const fs::path& file) {
        struct stat st {};
        REQUIRE(::stat(file.c_str(), &st) == 0);
        return st.st_ino;
    };
    // Each spelling of the directory is a load of its own (the per-process cache is keyed by the path as given).
    const auto first = polyllm::load_tokenizer(encoding::o200k_base, vocabulary_dir() / ".");
    REQUIRE(first);
    const auto image = only_image();
    CHECK_THAT(image.filename().string(), Catch::Matches("o200k_base\\.tiktoken\\.[0-9a-f]{16}\\.image"));
    const auto size = fs::file_size(image);
    const auto written = inode(image);

    const auto second = polyllm::load_tokenizer(encoding::o200k_base, vocabulary_dir() / "." / ".");
    REQUIRE(second);
    CHECK(second.value().get() != first.value().get());
    CHECK(inode(image) == written);  // mapped, not written again
    CHECK(reference_mismatches(*second.value(), encoding::o200k_base) == 0);

    fs::resize_file(image, size / 2);  // a damaged image: refused, the file parsed, and the image written anew
    const auto third = polyllm::load_tokenizer(encoding::o200k_base, vocabulary_dir() / "." / "." / ".");
    REQUIRE(third);
    CHECK(third.value()->count("hello world") == 2);
    CHECK(only_image() == image);
    CHECK(fs::file_size(image) == size);
    CHECK(inode(image) != written);

    if (old) ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
    fs::remove_all(cache);
}
#endif

TEST_CASE("tokenize: a vocabulary of the other encoding is refused", "[tokenize][conformance]") {
    const auto wrong = polyllm::load_tokenizer(encoding::cl100k_base, vocabulary_dir() / "o200k_base.tiktoken");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error() == polyllm::errc::invalid_config);
    CHECK_THAT(wrong.error().message, Catch::Contains("is not cl100k_base"));
}
