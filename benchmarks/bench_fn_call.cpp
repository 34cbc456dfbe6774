// Prompt-based tool calling and request hygiene: the work polyllm adds to each call of a model without native
// function calling (converting the conversation, reading the reply, rewriting the stream) and to every call
// (hygiene), measured on an agent-sized conversation.

#include <polyllm/polyllm.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_fixture(const char* name) {
    std::ifstream in(std::string(POLYLLM_FIXTURES_DIR) + "/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::vector<polyllm::tool>& tools() {
    static const auto t = nlohmann::json::parse(read_fixture("fn_call/tools.json")).get<std::vector<polyllm::tool>>();
    return t;
}

// An agent conversation: a system prompt, a task, then `turns` calls with results of about 2 KB each.
polyllm::request conversation(int turns) {
    polyllm::request r;
    r.tools = tools();
    r.messages = {polyllm::message::system(std::string(4000, 's')), polyllm::message::user("Fix the failing test.")};
    for (int i = 0; i < turns; ++i) {
        auto call = polyllm::message::assistant("Let me look at the next file.");
        const auto id = polyllm::fn_call::call_id(std::size_t(i) + 1);
        call.tool_calls = {{id, "str_replace_editor",
                            R"({"command":"str_replace","path":"/workspace/src/module.py","old_str":"def f(x):\n    return x","new_str":"def f(x):\n    return x + 1"})"}};
        r.messages.push_back(call);
        std::string output;
        while (output.size() < 2000) output += "    12\tdef f(x):\n    13\t    return x + 1\n";
        r.messages.push_back(polyllm::message::tool_result(id, output));
    }
    return r;
}

void to_text_form(benchmark::State& state) {
    const auto req = conversation(int(state.range(0)));
    for (auto _ : state) {
        auto text = polyllm::fn_call::to_text_request(req, true);
        benchmark::DoNotOptimize(text);
    }
    state.SetLabel(std::to_string(req.messages.size()) + " messages");
}
BENCHMARK(to_text_form)->Arg(10)->Arg(50);

void read_reply(benchmark::State& state) {
    polyllm::completion reply;
    reply.message = polyllm::message::assistant(read_fixture("fn_call/reply-multiline.txt"));
    reply.finish_reason = polyllm::finish_reason::stop;
    const auto req = conversation(10);
    for (auto _ : state) {
        auto c = polyllm::fn_call::restore_reply(reply, req.tools, "toolu_11");
        benchmark::DoNotOptimize(c);
    }
}
BENCHMARK(read_reply);

void stream_filter(benchmark::State& state) {
    // A 1.5 KB reply with a multi-line call, in 4-byte deltas (about one token each).
    const auto reply = read_fixture("fn_call/reply-multiline.txt") + std::string(1000, 'x');
    std::vector<polyllm::stream_event> deltas;
    for (std::size_t i = 0; i < reply.size(); i += 4) deltas.emplace_back(polyllm::text_delta{reply.substr(i, 4)});
    const polyllm::stream_event end = polyllm::finish{polyllm::finish_reason::stop, "stop"};
    for (auto _ : state) {
        polyllm::fn_call::stream_filter filter({tools(), "toolu_01", true});
        std::size_t events = 0;
        auto count = [&](const polyllm::stream_event&) { return ++events > 0; };
        for (const auto& d : deltas) filter.feed(d, count);
        filter.feed(end, count);
        benchmark::DoNotOptimize(events);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(reply.size()));
}
BENCHMARK(stream_filter);

void hygiene_unchanged(benchmark::State& state) {
    // The common case: nothing to fix, nothing copied.
    const auto req = conversation(int(state.range(0)));
    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    const auto features = polyllm::effective_features(cfg);
    for (auto _ : state) {
        auto fixed = polyllm::hygiene::apply(req, cfg, features);
        benchmark::DoNotOptimize(fixed);
    }
}
BENCHMARK(hygiene_unchanged)->Arg(10)->Arg(50);

void model_features_lookup(benchmark::State& state) {
    polyllm::llm_config cfg;
    cfg.model = "anthropic/claude-3-5-sonnet-20241022";
    for (auto _ : state) benchmark::DoNotOptimize(polyllm::fn_call::features_for<polyllm::openai>(cfg));
}
BENCHMARK(model_features_lookup);

}  // namespace

BENCHMARK_MAIN();
