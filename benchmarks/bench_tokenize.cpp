// The tokenizer's single-thread throughput on English prose, code and multilingual text, on the 10 MB mixed
// corpus, and on pathological pieces (megabytes of '^'); and the multi-threaded count of the mixed corpus.
// benchmarks/tokenize/compare runs this beside tiktoken on the same texts and prints the table. The vocabularies
// come from $POLYLLM_TIKTOKEN_DIR (scripts/tiktoken-reference makes them); the mixed corpus from the file named by
// $POLYLLM_BENCH_MIXED (benchmarks/tokenize/mixed-corpus writes it; the mixed cases are skipped without it).

#include <polyllm/polyllm.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <span>
#include <string>
#include <vector>

namespace {

using polyllm::encoding;

std::string read_text(const std::string& name) {
    const auto path = std::string(POLYLLM_FIXTURES_DIR) + "/../../benchmarks/tokenize/texts/" + name;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::shared_ptr<const polyllm::tokenizer> tokenizer_of(encoding e) {
    const char* dir = std::getenv(polyllm::tiktoken_dir_env);
    auto t = polyllm::load_tokenizer(e, std::filesystem::path(dir ? dir : ""));
    return t ? t.value() : nullptr;
}

std::string read_mixed() {
    const char* path = std::getenv("POLYLLM_BENCH_MIXED");
    if (!path) return {};
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Wall-clock time: the work is on several threads.
void count_on_threads(benchmark::State& state, encoding e, const std::string& text) {
    const auto t = tokenizer_of(e);
    if (!t) return state.SkipWithError("no vocabulary: set POLYLLM_TIKTOKEN_DIR (see docs/tokenizer.md)");
    if (text.empty()) return state.SkipWithError("no mixed corpus: set POLYLLM_BENCH_MIXED");
    std::size_t tokens = 0;
    for (auto _ : state) tokens = t->count(text, polyllm::count_threads{unsigned(state.range(0)), 1 << 20});
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
    state.counters["tokens"] = double(tokens);
}

template <bool Count>
void tokenize(benchmark::State& state, encoding e, const std::string& text) {
    const auto t = tokenizer_of(e);
    if (!t) return state.SkipWithError("no vocabulary: set POLYLLM_TIKTOKEN_DIR (see docs/tokenizer.md)");
    if (text.empty()) return state.SkipWithError("missing benchmark text");
    std::size_t tokens = 0;
    for (auto _ : state) {
        if constexpr (Count) tokens = t->count(text);
        else {
            auto ids = t->encode(text);
            tokens = ids.size();
            benchmark::DoNotOptimize(ids.data());
        }
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
    state.counters["tokens"] = double(tokens);
    state.counters["bytes"] = double(text.size());
}

// The `.tiktoken` file's text, or empty (and the benchmark skipped) without POLYLLM_TIKTOKEN_DIR.
std::string vocabulary_text(benchmark::State& state, encoding e) {
    const char* dir = std::getenv(polyllm::tiktoken_dir_env);
    if (!dir) {
        state.SkipWithError("no vocabulary: set POLYLLM_TIKTOKEN_DIR (see docs/tokenizer.md)");
        return {};
    }
    std::ifstream in(polyllm::tiktoken_file(e, dir), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void load(benchmark::State& state, encoding e) {
    const auto text = vocabulary_text(state, e);
    if (text.empty()) return;
    for (auto _ : state) {
        auto t = polyllm::tokenizer::from_tiktoken(e, text, "vocabulary");
        if (!t) return state.SkipWithError(t.error().message.c_str());
        benchmark::DoNotOptimize(t);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * text.size()));
}

// What a load costs once the compiled image is cached: the digest of the file's text and the checks of the image
// (in memory here; the load also maps the file, and reads the text).
void load_image(benchmark::State& state, encoding e) {
    const auto text = vocabulary_text(state, e);
    if (text.empty()) return;
    const auto parsed = polyllm::vocabulary::parse_tiktoken(text, "vocabulary");
    if (!parsed) return state.SkipWithError(parsed.error().message.c_str());
    const auto image = polyllm::compile_vocabulary(parsed.value(), polyllm::digest_vocabulary_text(text));
    auto words = std::make_shared<std::vector<std::uint64_t>>((image.size() + 7) / 8);
    std::memcpy(words->data(), image.data(), image.size());
    const std::span<const unsigned char> bytes(reinterpret_cast<const unsigned char*>(words->data()), image.size());
    for (auto _ : state) {
        auto v = polyllm::open_compiled_vocabulary(bytes, words, polyllm::digest_vocabulary_text(text));
        if (!v) return state.SkipWithError(v.error().message.c_str());
        auto t = polyllm::tokenizer::from_vocabulary(e, std::move(v).value(), "image");
        if (!t) return state.SkipWithError(t.error().message.c_str());
        benchmark::DoNotOptimize(t);
    }
    state.counters["image_bytes"] = double(image.size());
}

const bool registered = [] {
    for (const auto e : {encoding::cl100k_base, encoding::o200k_base}) {
        const std::string name(to_string(e));
        for (const auto* text : {"english", "code", "multilingual"}) {
            const auto content = std::make_shared<std::string>(read_text(std::string(text) + ".txt"));
            benchmark::RegisterBenchmark(("encode/" + name + "/" + text).c_str(),
                                         [=](benchmark::State& s) { tokenize<false>(s, e, *content); })
                ->Unit(benchmark::kMillisecond);
            benchmark::RegisterBenchmark(("count/" + name + "/" + text).c_str(),
                                         [=](benchmark::State& s) { tokenize<true>(s, e, *content); })
                ->Unit(benchmark::kMillisecond);
        }
        const auto mixed = std::make_shared<std::string>(read_mixed());
        benchmark::RegisterBenchmark(("encode/" + name + "/mixed").c_str(),
                                     [=](benchmark::State& s) { tokenize<false>(s, e, *mixed); })
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("count/" + name + "/mixed").c_str(),
                                     [=](benchmark::State& s) { tokenize<true>(s, e, *mixed); })
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("count-threads/" + name + "/mixed").c_str(),
                                     [=](benchmark::State& s) { count_on_threads(s, e, *mixed); })
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime()
            ->Arg(1)
            ->Arg(2)
            ->Arg(4);
        // One piece of n megabytes: merging must stay (near) linear.
        for (const int megabytes : {1, 10, 100}) {
            const auto text = std::make_shared<std::string>();  // made when first run, not when registered
            benchmark::RegisterBenchmark(("encode/" + name + "/caret-" + std::to_string(megabytes) + "MB").c_str(),
                                         [=](benchmark::State& s) {
                                             if (text->empty()) text->assign(std::size_t(megabytes) << 20, '^');
                                             tokenize<false>(s, e, *text);
                                         })
                ->Unit(benchmark::kMillisecond)
                ->Iterations(megabytes >= 100 ? 1 : megabytes >= 10 ? 2 : 10);
        }
        benchmark::RegisterBenchmark(("load/" + name).c_str(), [=](benchmark::State& s) { load(s, e); })
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("load-image/" + name).c_str(), [=](benchmark::State& s) { load_image(s, e); })
            ->Unit(benchmark::kMillisecond);
    }
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
