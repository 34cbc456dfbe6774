// demo: what polyllm does, over real HTTP. A plain completion, a streamed one printed as it arrives, a tool-call
// round trip, a token count, and the usage and cost of it all. The model and its server come from the environment
// (LLM_MODEL, LLM_BASE_URL, LLM_API_KEY or the provider's key variable), so the same program runs against
// polyllm-local-server (scripts/demo does that) or a real provider.

#include <polyllm/polyllm.hpp>

#include <cstdio>
#include <string>
#include <variant>

namespace {

int fail(const polyllm::error& e) {
    std::fprintf(stderr, "demo: error: %s\n", e.to_string().c_str());
    return 1;
}

// The cost the library computed for a completion, when it knows the model's prices (issue 10).
template <class C>
std::optional<double> cost_of(const C& c) {
    if constexpr (requires { c.cost; }) return c.cost;
    else return std::nullopt;
}

// A count, or "unknown" when no provider reported it.
std::string count_text(const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : "unknown"; }

struct totals {
    polyllm::usage usage;
    std::optional<double> cost = 0.0;
    int calls = 0;

    void add(const polyllm::completion& c) {
        ++calls;
        polyllm::detail::add_count(usage.prompt_tokens, c.usage.prompt_tokens);
        polyllm::detail::add_count(usage.completion_tokens, c.usage.completion_tokens);
        polyllm::detail::add_count(usage.cache_read_tokens, c.usage.cache_read_tokens);
        const auto price = cost_of(c);
        cost = cost && price ? std::optional(*cost + *price) : std::nullopt;
    }
};

void section(const char* title) { std::printf("\n== %s\n", title); }

}  // namespace

int main() {
    auto settings = polyllm::config_from_environment();
    if (!settings) return fail(settings.error());
    auto config = std::move(settings).value().config;
    if (config.model.empty()) {
        std::fprintf(stderr, "demo: set LLM_MODEL (and a key), or run scripts/demo\n");
        return 2;
    }
    auto client = polyllm::make_client(config);
    if (!client) return fail(client.error());
    auto& llm = client.value();
    llm.on_retry([](const polyllm::retry_event& e) {
        std::printf("  (retrying in %.1f s: %s)\n", double(e.delay.count()) / 1000.0, e.cause.to_string().c_str());
    });
    std::printf("model %s through provider %s\n", config.model.c_str(), std::string(llm.provider_name()).c_str());
    totals sum;

    section("a plain completion");
    polyllm::request ask;
    ask.messages = {polyllm::message::system("Answer in one sentence."),
                    polyllm::message::user("What is polyllm?")};
    auto plain = llm.complete(ask);
    if (!plain) return fail(plain.error());
    sum.add(plain.value());
    std::printf("%s\n", plain.value().message.text().c_str());

    section("a streamed completion, printed as it arrives");
    ask.messages.back() = polyllm::message::user("Name three design rules of polyllm.");
    auto streamed = llm.stream(ask, [](const polyllm::stream_event& e) {
        if (const auto* t = std::get_if<polyllm::text_delta>(&e)) {
            std::fwrite(t->text.data(), 1, t->text.size(), stdout);
            std::fflush(stdout);
        }
    });
    if (!streamed) return fail(streamed.error());
    sum.add(streamed.value());
    std::printf("\n");

    section("a tool call round trip");
    polyllm::request weather;
    weather.messages = {polyllm::message::user("What is the weather in Paris?")};
    weather.tools = {{"get_weather", "The current weather in a city",
                      {{"type", "object"},
                       {"properties", {{"city", {{"type", "string"}}}}},
                       {"required", {"city"}}}}};
    auto call = llm.complete(weather);
    if (!call) return fail(call.error());
    sum.add(call.value());
    if (call.value().message.tool_calls.empty()) {
        std::printf("the model answered without calling the tool: %s\n", call.value().message.text().c_str());
    } else {
        weather.messages.push_back(call.value().message);
        for (const auto& c : call.value().message.tool_calls) {
            std::printf("model calls %s(%s)\n", c.name.c_str(), c.arguments.c_str());
            weather.messages.push_back(polyllm::message::tool_result(c.id, R"({"celsius": 18, "sky": "sunny"})",
                                                                     c.name));
        }
        auto answer = llm.complete(weather);
        if (!answer) return fail(answer.error());
        sum.add(answer.value());
        std::printf("%s\n", answer.value().message.text().c_str());
    }

    section("a token count");
    const std::string text = "polyllm counts tokens the way the provider does.";
    const auto count = llm.count_tokens(text);
    std::printf("\"%s\": %zu tokens (%s)\n", text.c_str(), count.tokens, count.exact ? "exact" : "estimate");

    section("usage and cost");
    std::printf("%d calls: %s prompt tokens (%s from the cache), %s completion tokens\n", sum.calls,
                count_text(sum.usage.prompt_tokens).c_str(), count_text(sum.usage.cache_read_tokens).c_str(),
                count_text(sum.usage.completion_tokens).c_str());
    if (sum.cost) std::printf("cost: $%.10g\n", polyllm::rounded_cost(*sum.cost));
    else std::printf("cost: unknown (no prices for this model)\n");
    return 0;
}
