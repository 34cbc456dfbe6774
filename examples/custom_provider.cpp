// A provider of your own: DummyLLM (examples/dummyllm.hpp) used like any built-in provider.
//
// With DUMMYLLM_BASE_URL set (and DUMMYLLM_API_KEY), it talks to that server; otherwise it runs against a scripted
// transport replaying a DummyLLM-shaped answer, so that it runs anywhere.
//
//     custom_provider [config.toml]     # [llm] model, base_url, dummyllm_region, dummyllm_timeout, ...

#include "dummyllm.hpp"

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

using dummyllm_example::dummyllm;

namespace {

// What DummyLLM answers when the model wants a tool: calls under `function_execution`.
constexpr const char* scripted_answer = R"({
  "id": "dmy-1", "object": "chat.completion", "created": 1763700000, "model": "dummyllm-pro",
  "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": null,
                           "function_execution": [{"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}]}}],
  "usage": {"prompt_tokens": 42, "completion_tokens": 9, "total_tokens": 51}
})";

polyllm::request weather_question() {
    polyllm::request req;
    req.messages = {polyllm::message::user("What is the weather in Paris?")};
    req.tools = {{"get_weather", "The current weather in a city",
                  {{"type", "object"},
                   {"properties", {{"city", {{"type", "string"}}}}},
                   {"required", {"city"}}}}};
    return req;
}

template <class Llm>
int ask(Llm& llm) {
    auto answer = llm.complete(weather_question());
    if (!answer) {
        std::fprintf(stderr, "custom_provider: %s\n", answer.error().to_string().c_str());
        return 1;
    }
    for (const auto& call : answer.value().message.tool_calls)
        std::printf("tool call %s: %s(%s)\n", call.id.c_str(), call.name.c_str(), call.arguments.c_str());
    std::printf("text: %s\n", answer.value().message.text().c_str());
    std::printf("tokens in \"hello, world\": %zu\n", llm.count_tokens("hello, world").tokens);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    polyllm::llm_settings<dummyllm::options> settings;
    settings.config.model = "dummyllm-pro";
    if (argc > 1) {
        auto loaded = polyllm::load_config_toml<dummyllm>(argv[1]);
        if (!loaded) {
            std::fprintf(stderr, "custom_provider: %s\n", loaded.error().to_string().c_str());
            return 2;
        }
        settings = loaded.value().base;
    }

    std::printf("%-16s %-16s %-12s %-16s\n", "model", "function calling", "prompt cache", "reasoning effort");
    for (const auto& entry : dummyllm::models)
        std::printf("%-16.*s %-16s %-12s %-16s\n", int(entry.pattern.size()), entry.pattern.data(),
                    entry.features.function_calling ? "yes" : "no", entry.features.prompt_cache ? "yes" : "no",
                    entry.features.reasoning_effort ? "yes" : "no");

    if (const char* base = std::getenv("DUMMYLLM_BASE_URL"); base && *base) {
        settings.config.base_url = base;
        polyllm::basic_llm<dummyllm> llm{settings.config, settings.options};
        return ask(llm);
    }
    settings.config.api_key = "dummy-key";  // the scripted transport checks nothing
    polyllm::basic_llm<dummyllm, polyllm::scripted_transport> llm{settings.config, settings.options};
    llm.transport().respond(200, scripted_answer);
    return ask(llm);
}
