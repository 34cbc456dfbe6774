// Model tables and configuration at run time: a capability lookup as a provider or the request hygiene would make
// it per request (a name read from a file, so nothing is folded at compile time), and loading an agent's
// config.toml.

#include <polyllm/polyllm.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string read_fixture(const char* name) {
    std::ifstream in(std::string(POLYLLM_FIXTURES_DIR) + "/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A name near the end of every list, with a provider prefix: close to the worst case for a listed model.
void bm_supports_listed(benchmark::State& state) {
    const std::string model = "openrouter/x-ai/grok-code-fast-1";
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::supports(model, polyllm::capability::function_calling));
}
BENCHMARK(bm_supports_listed);

// An unlisted model: every pattern of the list is tried and fails.
void bm_supports_unlisted(benchmark::State& state) {
    const std::string model = "ollama/my-local-finetune:q4";
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::supports(model, polyllm::capability::function_calling));
}
BENCHMARK(bm_supports_unlisted);

// All five capabilities at once.
void bm_features_of(benchmark::State& state) {
    const std::string model = "anthropic/claude-sonnet-4-5-20250929";
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::features_of(model));
}
BENCHMARK(bm_features_of);

void bm_model_info_of(benchmark::State& state) {
    const std::string model = "groq/openai/gpt-oss-120b";  // the last row of the table
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::model_info_of(model));
}
BENCHMARK(bm_model_info_of);

void bm_effective_features(benchmark::State& state) {
    polyllm::llm_config cfg;
    cfg.model = "anthropic/claude-3-5-sonnet-20241022";
    cfg.native_tool_calling = false;
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::effective_features(cfg));
}
BENCHMARK(bm_effective_features);

// An agent's whole config.toml (five sections, two named configurations), with an empty environment.
void bm_parse_agent_config(benchmark::State& state) {
    const auto text = read_fixture("config/agent.toml");
    const auto env = polyllm::environment::none();
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::parse_config_toml(text, "config.toml", env));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(bm_parse_agent_config);

// The environment alone: 35 variable lookups through the injectable environment.
void bm_config_from_environment(benchmark::State& state) {
    const auto env = polyllm::environment::from({{"LLM_MODEL", "gpt-4o"}, {"LLM_NUM_RETRIES", "3"}});
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::config_from_environment(env));
}
BENCHMARK(bm_config_from_environment);

}  // namespace

BENCHMARK_MAIN();
