#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

// A provider of the test's own: its answers prove that calls through the client reach it.
struct counting_provider {
    static constexpr std::string_view name = "counting";
    struct options {};

    [[nodiscard]] polyllm::result<polyllm::http_request> prepare(
        const polyllm::request&, const polyllm::call_context<options>& ctx) const {
        return polyllm::error{polyllm::errc::unsupported, "counting_provider sends nothing for " + ctx.config.model};
    }
    [[nodiscard]] polyllm::result<polyllm::completion> parse(const polyllm::http_response&,
                                                             const polyllm::call_context<options>&) const {
        return polyllm::error{polyllm::errc::malformed_response, "unused"};
    }
    [[nodiscard]] bool should_retry(const polyllm::error&) const { return false; }
    [[nodiscard]] polyllm::token_count tokenize(std::string_view text, const polyllm::call_context<options>&) const {
        return {text.size() * 10, true};
    }
};

polyllm::request hello() {
    polyllm::request req;
    req.messages.push_back(polyllm::message::user("hello"));
    return req;
}

std::string resolve(std::string model, std::string base_url = {}, std::string custom = {}) {
    polyllm::llm_config cfg;
    cfg.model = std::move(model);
    cfg.base_url = std::move(base_url);
    cfg.custom_llm_provider = std::move(custom);
    auto name = polyllm::provider_for(cfg);
    return name ? name.value() : "error: " + std::string(polyllm::to_string(name.error().kind()));
}

}  // namespace

TEST_CASE("client: the provider comes from the prefix, then the model families, then the base URL", "[client]") {
    // Prefixes.
    CHECK(resolve("openai/gpt-4o") == "openai");
    CHECK(resolve("anthropic/claude-sonnet-4-5") == "anthropic");
    CHECK(resolve("azure/my-deployment") == "azure");
    CHECK(resolve("gemini/gemini-2.5-pro") == "gemini");
    CHECK(resolve("groq/llama-3.3-70b-versatile") == "groq");
    CHECK(resolve("deepseek/deepseek-chat") == "deepseek");
    CHECK(resolve("openrouter/anthropic/claude-3-5-sonnet") == "openrouter");
    CHECK(resolve("ollama/qwen3-coder:30b") == "ollama");
    CHECK(resolve("litellm_proxy/claude-sonnet-4-5") == "litellm_proxy");
    CHECK(resolve("hosted_vllm/meta-llama/Llama-3.1-8B") == "hosted_vllm");
    CHECK(resolve("mistral/mistral-large-latest") == "mistral");
    CHECK(resolve("xai/grok-4") == "xai");
    // A prefix beats the family of the name after it.
    CHECK(resolve("openrouter/gpt-4o") == "openrouter");
    // Families, for names without a prefix.
    CHECK(resolve("gpt-4o") == "openai");
    CHECK(resolve("gpt-5-mini") == "openai");
    CHECK(resolve("o1") == "openai");
    CHECK(resolve("o3-mini") == "openai");
    CHECK(resolve("o4-mini") == "openai");
    CHECK(resolve("claude-3-5-sonnet-20241022") == "anthropic");
    CHECK(resolve("claude-sonnet-4-5") == "anthropic");
    CHECK(resolve("gemini-2.5-flash") == "gemini");
    CHECK(resolve("deepseek-chat") == "deepseek");
    CHECK(resolve("  gpt-4o ") == "openai");
    // A family is not a prefix match on a longer word.
    CHECK(resolve("o1x") == "error: invalid_config");
    // Families win over a base URL (an OpenAI-compatible gateway for gpt-4o still speaks OpenAI).
    CHECK(resolve("gpt-4o", "http://127.0.0.1:8000/v1") == "openai");
    // Unknown names without a prefix go to the configured server.
    CHECK(resolve("llama-3.1-8b", "http://127.0.0.1:8000/v1") == "openai_compatible");
    // An unknown prefix is an error even with a base URL (a typo must not become the generic provider); a model
    // with a slash on the user's own server is asked for explicitly.
    CHECK(resolve("dummylm/dummyllm-pro", "http://127.0.0.1:8000/v1") == "error: invalid_config");
    CHECK(resolve("meta-llama/Llama-3.1-8B", "http://127.0.0.1:8000/v1") == "error: invalid_config");
    CHECK(resolve("openai_compatible/meta-llama/Llama-3.1-8B", "http://127.0.0.1:8000/v1") == "openai_compatible");
    CHECK(resolve("meta-llama/Llama-3.1-8B", "http://127.0.0.1:8000/v1", "openai_compatible") == "openai_compatible");
    // custom_llm_provider decides before anything else.
    CHECK(resolve("gpt-4o", {}, "groq") == "groq");
    CHECK(resolve("gpt-4o", {}, "nosuch") == "error: invalid_config");
}

TEST_CASE("client: an unknown provider is invalid_config listing the known ones", "[client]") {
    polyllm::llm_config cfg;
    cfg.model = "nosuch/model-1";
    auto name = polyllm::provider_for(cfg);
    REQUIRE_FALSE(name);
    CHECK(name.error().kind() == polyllm::errc::invalid_config);
    CHECK_THAT(name.error().message, Catch::Contains("\"nosuch\""));
    for (const auto& known : {"openai", "anthropic", "azure", "gemini", "groq", "deepseek", "openrouter", "ollama",
                              "litellm_proxy", "hosted_vllm"})
        CHECK_THAT(name.error().message, Catch::Contains(known));

    cfg.model = "dummylm/model";
    cfg.base_url = "http://127.0.0.1:9/v1";
    auto typo = polyllm::provider_for(cfg);
    REQUIRE_FALSE(typo);
    CHECK_THAT(typo.error().message, Catch::Contains("\"dummylm\"") && Catch::Contains("openai_compatible/dummylm/model"));
    cfg.base_url.clear();

    cfg.model = "my-model";
    auto unplaced = polyllm::make_client(cfg);
    REQUIRE_FALSE(unplaced);
    CHECK(unplaced.error().kind() == polyllm::errc::invalid_config);
    CHECK_THAT(unplaced.error().message, Catch::Contains("my-model") && Catch::Contains("base URL"));

    cfg.model = "";
    CHECK(polyllm::make_client(cfg).error().kind() == polyllm::errc::invalid_config);
}

TEST_CASE("client: make_client builds the resolved provider's connection", "[client]") {
    polyllm::llm_config cfg;
    cfg.model = "anthropic/claude-sonnet-4-5";
    cfg.api_key = polyllm::secret("sk-test");
    auto llm = polyllm::make_client(cfg);
    REQUIRE(llm);
    CHECK(llm.value().provider_name() == "anthropic");
    CHECK(llm.value().config().model == "anthropic/claude-sonnet-4-5");

    cfg.model = "llama-3.1-8b";
    cfg.base_url = "http://127.0.0.1:9/v1";
    auto local = polyllm::make_client(cfg);
    REQUIRE(local);
    CHECK(local.value().provider_name() == "openai_compatible");
}

TEST_CASE("client: a registered provider resolves by its prefix and receives the calls", "[client]") {
    polyllm::register_provider<counting_provider>("counting");
    auto known = polyllm::known_providers();
    CHECK(std::find(known.begin(), known.end(), "counting") != known.end());

    polyllm::llm_config cfg;
    cfg.model = "counting/counter-pro";
    auto llm = polyllm::make_client(cfg);
    REQUIRE(llm);
    CHECK(llm.value().provider_name() == "counting");
    CHECK(llm.value().count_tokens("abc") == polyllm::token_count{30, true});

    auto reply = llm.value().complete(hello());
    REQUIRE_FALSE(reply);
    CHECK(reply.error().kind() == polyllm::errc::unsupported);
    CHECK_THAT(reply.error().message, Catch::Contains("counting/counter-pro"));

    // A provider without a stream decoder or embeddings says so instead of failing to compile.
    auto streamed = llm.value().stream(hello(), [](const polyllm::stream_event&) {});
    REQUIRE_FALSE(streamed);
    CHECK(streamed.error().kind() == polyllm::errc::unsupported);
    CHECK(llm.value().embed({"a"}).error().kind() == polyllm::errc::unsupported);

    // The async form, with a callback, completes on the client's executor.
    std::optional<polyllm::result<polyllm::completion>> async_reply;
    asio::io_context io;
    auto on_io = polyllm::make_client(io.get_executor(), cfg);
    REQUIRE(on_io);
    on_io.value().async_complete(hello(), [&](polyllm::result<polyllm::completion> r) { async_reply = std::move(r); });
    CHECK_FALSE(async_reply);  // never inside the initiating call
    io.run();
    REQUIRE(async_reply);
    CHECK(async_reply->error().kind() == polyllm::errc::unsupported);
}

TEST_CASE("client: async calls over loopback keep the caller's executor", "[client]") {
    auto server = polyllm::testing::local_server_thread::start({});
    REQUIRE(server);
    polyllm::llm_config cfg;
    cfg.model = "llama-local";  // no provider claims it: the configured OpenAI-compatible server
    cfg.base_url = server.value()->openai_base_url();

    asio::io_context io;
    auto llm = polyllm::make_client(io.get_executor(), cfg);
    REQUIRE(llm);
    CHECK(llm.value().provider_name() == "openai_compatible");

    std::string text;
    std::optional<polyllm::result<polyllm::completion>> streamed, plain;
    llm.value().async_stream(
        hello(),
        [&](const polyllm::stream_event& e) {
            if (const auto* t = std::get_if<polyllm::text_delta>(&e)) text += t->text;
        },
        [&](polyllm::result<polyllm::completion> r) { streamed = std::move(r); });
    llm.value().async_complete(hello(), [&](polyllm::result<polyllm::completion> r) { plain = std::move(r); });
    io.run();
    REQUIRE(streamed);
    INFO((*streamed ? std::string() : streamed->error().message));
    REQUIRE(*streamed);
    CHECK(text == "hello");
    CHECK(streamed->value().message.text() == "hello");
    REQUIRE(plain);
    REQUIRE(*plain);
    CHECK(plain->value().model == "llama-local");

    // use_future, with the io_context run on another thread.
    std::thread runner;
    auto guard = asio::make_work_guard(io);
    io.restart();
    runner = std::thread([&] { io.run(); });
    auto future = llm.value().async_complete(hello(), asio::use_future);
    auto reply = future.get();
    guard.reset();
    runner.join();
    INFO((reply ? std::string() : reply.error().message));
    REQUIRE(reply);
    CHECK(reply.value().message.text() == "hello");
    CHECK(server.value()->requests_seen() == 3);
}

// A call started on one thread while another runs the io_context: the transport begins its I/O on its own
// executor, so the write's completion (on the io thread) cannot finish the exchange before the initiating thread has
// started the read. Begun on the caller's thread, about one loopback call in 1,500 failed that way.
TEST_CASE("client: calls started off the io_context's thread all succeed", "[client]") {
    auto server = polyllm::testing::local_server_thread::start({});
    REQUIRE(server);
    polyllm::llm_config cfg;
    cfg.model = "llama-local";
    cfg.base_url = server.value()->openai_base_url();
    cfg.num_retries = 0;  // a lost exchange must show, not be retried away

    asio::io_context io;
    auto llm = polyllm::make_client(io.get_executor(), cfg);
    REQUIRE(llm);
    auto guard = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    constexpr int calls = 1000;
    int succeeded = 0;
    std::string first_failure;
    for (int i = 0; i < calls; ++i) {
        auto reply = llm.value().async_complete(hello(), asio::use_future).get();
        if (reply) ++succeeded;
        else if (first_failure.empty()) first_failure = reply.error().message;
    }
    guard.reset();
    runner.join();
    INFO(first_failure);
    CHECK(succeeded == calls);
    CHECK(server.value()->requests_seen() == calls);
}

// <polyllm/src.hpp> compiles only the providers a POLYLLM_PROVIDERS list names, by a preprocessor test per built-in
// provider: a provider added to the built-in list and not there would never be compiled for a program naming it
// (tools/src-provider-blocks writes the blocks).
TEST_CASE("client: src.hpp can compile each built-in provider alone", "[client][separate]") {
    std::ifstream in(std::string(POLYLLM_FIXTURES_DIR) + "/../../include/polyllm/src.hpp");
    REQUIRE(in);
    const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> names;
#define POLYLLM_TEST_NAME(P) names.emplace_back(#P);
    POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_TEST_NAME)
#undef POLYLLM_TEST_NAME
    REQUIRE(names.size() >= 16);
    for (std::size_t i = 0; i < names.size(); ++i) {
        INFO(names[i]);
        const auto id = "#define POLYLLM_DETAIL_ID_" + names[i] + " ";
        const auto at = source.find(id);
        REQUIRE(at != std::string::npos);
        // Its number selects the block that includes its entry header.
        const auto number = source.substr(at + id.size(), source.find('\n', at) - at - id.size());
        const auto block = source.find("#define POLYLLM_DETAIL_WANTED " + number + "\n");
        REQUIRE(block != std::string::npos);
        CHECK(source.find("#include <polyllm/", block) < source.find("#undef POLYLLM_DETAIL_WANTED", block));
    }
}
