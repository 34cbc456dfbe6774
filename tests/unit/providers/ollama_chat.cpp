#include <polyllm/ollama_chat.hpp>

#include <polyllm/client.hpp>
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/decode_stream.hpp"
#include "support/fixtures.hpp"

#include <asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

llm_config config_for(std::string model = "ollama_chat/llama3.1:8b") {
    llm_config cfg;
    cfg.model = std::move(model);
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("What is the capital of France?")};
    return r;
}

// A prompt of `chars` characters: about chars / 4 tokens by the estimate.
request long_prompt(std::size_t chars) {
    request r;
    std::string text;
    while (text.size() < chars) text += "lorem ipsum dolor sit amet ";
    r.messages = {message::user(std::move(text))};
    return r;
}

polyllm_test::decoded decode(std::string_view stream, const std::vector<std::size_t>& cuts = {}) {
    return polyllm_test::decode_with(ollama_chat_wire::stream_decoder{}, stream, cuts);
}

completion assemble(const std::vector<stream_event>& events) {
    stream_accumulator acc;
    for (const auto& e : events) acc.add(e);
    return acc.take();
}

completion parse_fixture(const char* name) {
    const auto cfg = config_for();
    return ollama_chat{}.parse(http_response{200, {}, {}, fixture(name)}, {cfg, {}, false}).value();
}

message with_parts(role r, std::vector<content_part> parts, std::vector<tool_call> calls = {}) {
    message m;
    m.role = r;
    m.content = std::move(parts);
    m.tool_calls = std::move(calls);
    return m;
}

nlohmann::json body_of(const http_request& http) { return nlohmann::json::parse(http.body); }

using ollama_llm_t = basic_llm<ollama_chat, scripted_transport>;

}  // namespace

TEST_CASE("ollama_chat body: every field in Ollama's shape, the user's schema in its key order", "[ollama_chat]") {
    auto cfg = config_for();
    cfg.top_k = 40;
    request r;
    r.messages = {message::system("Be brief."),
                  with_parts(role::user, {text_part{"What is this?"}, image_part::from_base64("image/png", "iVBORw0KGgo=")}),
                  with_parts(role::assistant, {thinking_part{"Look it up.", {}, {}}},
                             {{"call_0_x", "get_weather", R"({"city":"Paris","unit":"c"})"}}),
                  message::tool_result("call_0_x", "11 degrees", "get_weather")};
    r.tools = {tool{"get_weather", "The weather in a city", ordered_json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})")}};
    r.response_format = response_format::json_schema("answer", ordered_json::parse(R"({"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"number"}},"required":["zeta","alpha"]})"));
    r.temperature = 0.5;
    r.top_p = 0.9;
    r.seed = 7;
    r.stop = {"END"};
    r.max_tokens = 300;
    ollama_chat::options o;
    o.keep_alive = "10m";
    const auto http = ollama_chat{}.prepare(r, {cfg, o, true}).value();
    CHECK(http.url == "http://localhost:11434/api/chat");
    CHECK(http.stream);
    CHECK(http.body ==
          R"({"model":"llama3.1:8b","messages":[{"role":"system","content":"Be brief."},)"
          R"({"role":"user","content":"What is this?","images":["iVBORw0KGgo="]},)"
          R"({"role":"assistant","content":"","thinking":"Look it up.","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris","unit":"c"}}}]},)"
          R"({"role":"tool","content":"11 degrees","tool_name":"get_weather"}],)"
          R"("tools":[{"type":"function","function":{"name":"get_weather","description":"The weather in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],)"
          R"("format":{"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"number"}},"required":["zeta","alpha"]},)"
          R"("options":{"temperature":0.5,"top_p":0.9,"top_k":40,"seed":7,"stop":["END"],"num_predict":300},)"
          R"("keep_alive":"10m","stream":true})");

    // JSON mode, thinking, `stream: false` said aloud (Ollama streams by default), a data: URL's image.
    request j = hello();
    j.response_format = response_format::json_object();
    j.reasoning_effort = reasoning_effort::high;
    j.messages.push_back(with_parts(role::user, {image_part::from_url("data:image/jpeg;base64,/9j/4AAQ")}));
    const auto b = body_of(ollama_chat{}.prepare(j, {cfg, {}, false}).value());
    CHECK(b["format"] == "json");
    CHECK(b["think"] == true);
    CHECK(b["stream"] == false);
    CHECK(b["messages"][1]["images"] == nlohmann::json::array({"/9j/4AAQ"}));
    CHECK(b["options"] == nlohmann::json{{"top_k", 40}});

    // Ollama cannot fetch an image: an http URL is refused, naming the way to send it.
    request u = hello();
    u.messages.push_back(with_parts(role::user, {image_part::from_url("https://example.com/cat.png")}));
    auto refused = ollama_chat{}.prepare(u, {cfg, {}, false});
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::unsupported);
    CHECK_THAT(refused.error().message, Catch::Contains("inline"));
}

TEST_CASE("ollama_chat server URL: base_url, ollama_base_url, OLLAMA_HOST without scheme or port", "[ollama_chat]") {
    auto env = [](std::string host) { return environment::from({{"OLLAMA_HOST", std::move(host)}}); };
    auto cfg = config_for();
    CHECK(ollama_chat::server_url(cfg, environment::none()) == "http://localhost:11434");
    CHECK(ollama_chat::server_url(cfg, env("127.0.0.1:11500")) == "http://127.0.0.1:11500");
    CHECK(ollama_chat::server_url(cfg, env("gpu-box")) == "http://gpu-box:11434");
    CHECK(ollama_chat::server_url(cfg, env("https://ollama.example/")) == "https://ollama.example:11434");
    CHECK(ollama_chat::server_url(cfg, env("[::1]")) == "http://[::1]:11434");
    cfg.ollama_base_url = "http://box:11434/v1";  // the OpenAI-compatible URL: the native API is at the root
    CHECK(ollama_chat::server_url(cfg, env("ignored:1")) == "http://box:11434");
    cfg.base_url = "http://other:9000/";
    CHECK(ollama_chat::server_url(cfg, env("ignored:1")) == "http://other:9000");
    CHECK(ollama_chat_wire::model_names(polyllm_test::fixture_json("ollama_chat/tags.json")) ==
          std::vector<std::string>{"llama3.1:8b", "qwen3:8b"});
    CHECK(ollama_chat_wire::model_names(nlohmann::json::parse(R"({"data":[{"id":"x"}]})")).empty());
    static_assert(features_of<ollama_chat>("ollama_chat/llama3.1:8b").function_calling);
    static_assert(features_of<ollama_chat>("ollama_chat/qwen3:8b").reasoning_effort);
    static_assert(features_of<ollama_chat>("ollama_chat/gemma3:4b").vision);
    static_assert(!features_of<ollama_chat>("ollama_chat/phi3:mini").function_calling);
    auto chosen = provider_for(config_for());
    REQUIRE(chosen);
    CHECK(chosen.value() == "ollama_chat");
    CHECK(provider_for(config_for("llamacpp/any")).value() == "llamacpp");
}

TEST_CASE("ollama_chat parse: text, usage from the counts, tool calls with stable distinct ids", "[ollama_chat]") {
    const auto c = parse_fixture("ollama_chat/chat.json");
    CHECK(c.model == "llama3.1:8b");
    CHECK(c.message.text() == "Paris is the capital of France.");
    CHECK(c.finish_reason == finish_reason::stop);
    CHECK(c.finish_reason_raw == "stop");
    CHECK(c.usage.prompt_tokens == 26);
    CHECK(c.usage.completion_tokens == 8);
    CHECK(c.warnings.empty());

    const auto t = parse_fixture("ollama_chat/tools.json");
    REQUIRE(t.message.tool_calls.size() == 1);
    CHECK(t.message.tool_calls[0].name == "get_weather");
    CHECK(nlohmann::json::parse(t.message.tool_calls[0].arguments) == nlohmann::json{{"city", "Paris"}});
    CHECK(t.finish_reason == finish_reason::tool_calls);
    CHECK(t.message.tool_calls[0].id == parse_fixture("ollama_chat/tools.json").message.tool_calls[0].id);
    CHECK(ollama_chat_wire::tool_call_id(0, "get_weather", R"({"city":"Paris"})") !=
          ollama_chat_wire::tool_call_id(0, "get_weather", R"({"city":"Rome"})"));
    CHECK(ollama_chat_wire::tool_call_id(0, "f", "{}") != ollama_chat_wire::tool_call_id(1, "f", "{}"));

    // An answer without "done": true is not an answer.
    const auto cfg = config_for();
    auto partial = ollama_chat{}.parse(http_response{200, {}, {}, R"({"model":"m","message":{"content":"x"},"done":false})"},
                                       {cfg, {}, false});
    REQUIRE_FALSE(partial);
    CHECK(partial.error() == errc::malformed_response);
}

TEST_CASE("ollama_chat: a model the server lacks names `ollama pull`", "[ollama_chat]") {
    const auto cfg = config_for("ollama_chat/llama3.1:70b");
    auto c = ollama_chat{}.parse(http_response{404, {}, {}, fixture("ollama_chat/not-found.json")}, {cfg, {}, false});
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::not_found);
    CHECK_THAT(c.error().message, Catch::Contains("`ollama pull llama3.1:70b`"));
    CHECK_FALSE(ollama_chat{}.should_retry(c.error()));
    // The same from /api/show, which says it with single quotes and no advice.
    ollama_llm_t llm{cfg};
    llm.transport().respond(404, R"({"error":"model 'llama3.1:70b' not found"})");
    auto shown = llm.complete(hello());
    REQUIRE_FALSE(shown);
    CHECK(shown.error() == errc::not_found);
    CHECK_THAT(shown.error().message, Catch::Contains("`ollama pull llama3.1:70b`"));
    CHECK(llm.transport().requests().size() == 1);  // not retried, and no chat request
}

TEST_CASE("ollama_chat stream: every split of every fixture decodes to the same events", "[ollama_chat][stream]") {
    for (const char* name : {"ollama_chat/stream.ndjson", "ollama_chat/stream-tools.ndjson",
                             "ollama_chat/stream-thinking.ndjson"}) {
        INFO(name);
        const auto stream = fixture(name);
        REQUIRE(decode(stream).outcome);
        polyllm_test::check_every_split(stream, decode);
    }
    // An error line, and a stream cut before "done": true, fail the same way however the bytes arrive.
    for (const char* name : {"ollama_chat/stream-error.ndjson", "ollama_chat/stream-cut.ndjson"}) {
        INFO(name);
        const auto stream = fixture(name);
        REQUIRE_FALSE(decode(stream).outcome);
        polyllm_test::check_every_split(stream, decode);
    }
}

TEST_CASE("ollama_chat stream: text, tool calls, thinking, usage and done_reason", "[ollama_chat][stream]") {
    auto text = decode(fixture("ollama_chat/stream.ndjson"));
    REQUIRE(text.outcome);
    auto c = assemble(text.events);
    CHECK(c.model == "llama3.1:8b");
    CHECK(c.message.text() == "Paris is the capital of France. ✓");
    CHECK(c.usage.prompt_tokens == 26);
    CHECK(c.usage.completion_tokens == 8);
    CHECK(c.finish_reason == finish_reason::stop);

    auto tools = decode(fixture("ollama_chat/stream-tools.ndjson"));
    REQUIRE(tools.outcome);
    c = assemble(tools.events);
    REQUIRE(c.message.tool_calls.size() == 2);
    CHECK(c.message.tool_calls[0].name == "get_weather");
    CHECK(c.message.tool_calls[1].name == "get_time");
    CHECK(c.message.tool_calls[0].id != c.message.tool_calls[1].id);
    CHECK(nlohmann::json::parse(c.message.tool_calls[1].arguments) == nlohmann::json{{"zone", "Europe/Paris"}});
    CHECK(c.finish_reason == finish_reason::tool_calls);

    auto thinking = decode(fixture("ollama_chat/stream-thinking.ndjson"));
    REQUIRE(thinking.outcome);
    c = assemble(thinking.events);
    REQUIRE(c.message.content.size() == 2);
    CHECK(std::get<thinking_part>(c.message.content[0]).thinking == "17 × 3: 10×3 = 30, 7×3 = 21, so 51.");
    CHECK(c.message.text() == "17 × 3 = 51");
    CHECK(c.finish_reason == finish_reason::length);
}

TEST_CASE("ollama_chat stream: an error line and a cut stream are errors after what arrived", "[ollama_chat][stream]") {
    auto failed = decode(fixture("ollama_chat/stream-error.ndjson"));
    REQUIRE_FALSE(failed.outcome);
    CHECK(failed.outcome.error() == errc::server_error);
    CHECK_THAT(failed.outcome.error().message, Catch::Contains("unexpected EOF"));
    CHECK(assemble(failed.events).message.text() == "The answer");

    auto cut = decode(fixture("ollama_chat/stream-cut.ndjson"));
    REQUIRE_FALSE(cut.outcome);
    CHECK(cut.outcome.error() == errc::connection);
    CHECK_THAT(cut.outcome.error().message, Catch::Contains("\"done\": true"));
    CHECK(assemble(cut.events).message.text() == "The answer is");
}

TEST_CASE("ollama_chat num_ctx: max_input_tokens, else /api/show, capped by ollama_num_ctx", "[ollama_chat][num_ctx]") {
    SECTION("max_input_tokens, without asking the server") {
        auto cfg = config_for();
        cfg.max_input_tokens = 16384;
        ollama_llm_t llm{cfg};
        llm.transport().respond(200, fixture("ollama_chat/chat.json"));
        REQUIRE(llm.complete(hello()));
        REQUIRE(llm.transport().requests().size() == 1);
        CHECK(body_of(llm.transport().requests()[0])["options"]["num_ctx"] == 16384);

        ollama_chat::options capped;
        capped.num_ctx = 8192;
        ollama_llm_t small{cfg, capped};
        small.transport().respond(200, fixture("ollama_chat/chat.json"));
        REQUIRE(small.complete(hello()));
        CHECK(body_of(small.transport().requests()[0])["options"]["num_ctx"] == 8192);
    }
    SECTION("the model's context length from /api/show, asked once") {
        ollama_llm_t llm{config_for()};
        llm.transport().respond(200, fixture("ollama_chat/show.json"));
        llm.transport().respond(200, fixture("ollama_chat/chat.json")).respond(200, fixture("ollama_chat/chat.json"));
        REQUIRE(llm.complete(hello()));
        REQUIRE(llm.complete(hello()));
        const auto& sent = llm.transport().requests();
        REQUIRE(sent.size() == 3);
        CHECK(sent[0].url == "http://localhost:11434/api/show");
        CHECK(body_of(sent[0]) == nlohmann::json{{"model", "llama3.1:8b"}});
        CHECK(sent[1].url == "http://localhost:11434/api/chat");
        CHECK(body_of(sent[1])["options"]["num_ctx"] == 131072);
        CHECK(body_of(sent[2])["options"]["num_ctx"] == 131072);
    }
    SECTION("/api/show's length capped by ollama_num_ctx") {
        ollama_chat::options o;
        o.num_ctx = 32768;
        ollama_llm_t llm{config_for(), o};
        llm.transport().respond(200, fixture("ollama_chat/show.json")).respond(200, fixture("ollama_chat/chat.json"));
        REQUIRE(llm.complete(hello()));
        CHECK(body_of(llm.transport().requests()[1])["options"]["num_ctx"] == 32768);
    }
    SECTION("a server that reports no length: the cap, else the server's default") {
        ollama_llm_t llm{config_for()};
        llm.transport().respond(200, R"({"model_info":{}})").respond(200, fixture("ollama_chat/chat.json"));
        REQUIRE(llm.complete(hello()));
        CHECK_FALSE(body_of(llm.transport().requests()[1])["options"].contains("num_ctx"));
        CHECK(ollama_chat_wire::context_length_of(polyllm_test::fixture_json("ollama_chat/show.json")) == 131072);
        CHECK_FALSE(ollama_chat_wire::context_length_of(nlohmann::json::parse(
            R"({"model_info":{"general.architecture":"qwen3","llama.context_length":4096}})")));
    }
    SECTION("the caller's own num_ctx (request::extra) is kept, and nothing is asked") {
        ollama_llm_t llm{config_for()};
        llm.transport().respond(200, fixture("ollama_chat/chat.json"));
        auto r = hello();
        r.extra = ordered_json::parse(R"({"options":{"num_ctx":4096}})");
        REQUIRE(llm.complete(r));
        REQUIRE(llm.transport().requests().size() == 1);
        CHECK(body_of(llm.transport().requests()[0])["options"]["num_ctx"] == 4096);
    }
}

TEST_CASE("ollama_chat num_ctx: 100 concurrent calls ask /api/show once", "[ollama_chat][num_ctx]") {
    asio::io_context io;
    ollama_llm_t llm{io.get_executor(), config_for()};
    llm.transport().respond(200, fixture("ollama_chat/show.json"));
    for (int i = 0; i < 100; ++i) llm.transport().respond(200, fixture("ollama_chat/chat.json"));
    int done = 0;
    for (int i = 0; i < 100; ++i)
        llm.async_complete(hello(), [&](result<completion> c) { done += c ? 1 : 0; });
    io.run();
    CHECK(done == 100);
    int shows = 0;
    for (const auto& r : llm.transport().requests()) {
        if (r.url.ends_with("/api/show")) ++shows;
        else CHECK(body_of(r)["options"]["num_ctx"] == 131072);
    }
    CHECK(shows == 1);
    CHECK(llm.transport().requests().size() == 101);
    CHECK(llm.transport().requests()[0].url.ends_with("/api/show"));  // before any chat request
}

TEST_CASE("ollama_chat truncation guard: a prompt over num_ctx is refused before sending", "[ollama_chat][num_ctx]") {
    auto cfg = config_for();
    cfg.max_input_tokens = 100;
    ollama_llm_t llm{cfg};
    auto refused = llm.complete(long_prompt(2000));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::context_window_exceeded);
    CHECK_THAT(refused.error().message, Catch::Contains("num_ctx = 100") && Catch::Contains("(estimated)"));
    const auto counted = ollama_chat::prompt_tokens(
        ordered_json::parse(ollama_chat{}.prepare(long_prompt(2000), {cfg, {}, false}).value().body), cfg);
    CHECK(counted.tokens > 100);
    CHECK_THAT(refused.error().message, Catch::Contains(std::to_string(counted.tokens)));
    CHECK(llm.transport().requests().empty());

    // The same against the length /api/show reports; the length is kept, the refused call is not retried.
    ollama_llm_t asked{config_for()};
    asked.transport().respond(200, R"({"model_info":{"general.architecture":"llama","llama.context_length":128}})");
    auto over = asked.complete(long_prompt(2000));
    REQUIRE_FALSE(over);
    CHECK(over.error() == errc::context_window_exceeded);
    CHECK_THAT(over.error().message, Catch::Contains("num_ctx = 128"));
    CHECK(asked.transport().requests().size() == 1);  // /api/show only
    asked.transport().respond(200, fixture("ollama_chat/chat.json"));
    REQUIRE(asked.complete(hello()));  // a short prompt fits
}

TEST_CASE("ollama_chat truncation guard: far fewer tokens evaluated than sent is a warning, and logged",
          "[ollama_chat][num_ctx]") {
    auto cfg = config_for();
    cfg.max_input_tokens = 100000;
    ollama_llm_t llm{cfg};
    std::vector<std::string> logged;
    llm.set_logger([&](log_level level, std::string_view line) {
        if (level == log_level::warning) logged.emplace_back(line);
    });
    llm.transport().respond(200, fixture("ollama_chat/chat.json"));  // prompt_eval_count 26
    auto cut = llm.complete(long_prompt(8000));
    REQUIRE(cut);
    REQUIRE(cut.value().warnings.size() == 1);
    CHECK_THAT(cut.value().warnings[0], Catch::Contains("evaluated 26 prompt tokens"));
    REQUIRE(logged.size() == 1);
    CHECK(logged[0] == cut.value().warnings[0]);

    llm.transport().respond(200, fixture("ollama_chat/chat.json"));
    auto fine = llm.complete(hello());  // 26 tokens for a short question: no warning
    REQUIRE(fine);
    CHECK(fine.value().warnings.empty());

    // A streamed reply is checked the same way, from the usage of its last line.
    const auto stream = fixture("ollama_chat/stream.ndjson");  // prompt_eval_count 26
    llm.transport().respond_stream({stream}, {{"content-type", "application/x-ndjson"}});
    auto streamed = llm.stream(long_prompt(8000), [](const stream_event&) {});
    REQUIRE(streamed);
    REQUIRE(streamed.value().warnings.size() == 1);
    CHECK_THAT(streamed.value().warnings[0], Catch::Contains("evaluated 26 prompt tokens"));
    REQUIRE(logged.size() == 2);
    CHECK(logged[1] == streamed.value().warnings[0]);

    llm.transport().respond_stream({stream}, {{"content-type", "application/x-ndjson"}});
    auto short_stream = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE(short_stream);
    CHECK(short_stream.value().warnings.empty());
}

TEST_CASE("local servers: each one's context-window words are context_window_exceeded", "[ollama_chat][local]") {
    auto classify = [](auto provider, int status, const char* message) {
        const auto cfg = config_for("m");
        nlohmann::json body{{"error", {{"message", message}, {"type", "BadRequestError"}}}};
        auto c = provider.parse(http_response{status, {}, {}, body.dump()}, {cfg, {}, false});
        REQUIRE_FALSE(c);
        return c.error().kind();
    };
    CHECK(classify(hosted_vllm{}, 400,
                   "This model's maximum context length is 8192 tokens. However, you requested 8203 tokens (7691 in "
                   "the messages, 512 in the completion).") == errc::context_window_exceeded);
    CHECK(classify(llamacpp{}, 400, "the request exceeds the available context size, try increasing it") ==
          errc::context_window_exceeded);
    CHECK(classify(lm_studio{}, 400,
                   "Trying to keep the first 10136 tokens when context the overflows. However, the model is loaded "
                   "with context length of only 7866 tokens, which is not enough.") == errc::context_window_exceeded);
    CHECK(classify(lm_studio{}, 400, "Cannot truncate prompt with n_keep (15028) >= n_ctx (7424)") ==
          errc::context_window_exceeded);
    CHECK(classify(llamacpp{}, 400, "invalid 'temperature'") == errc::bad_request);
    // Ollama's own words.
    const auto cfg = config_for();
    auto o = ollama_chat{}.parse(
        http_response{400, {}, {}, R"({"error":"the input length exceeds the context length"})"}, {cfg, {}, false});
    REQUIRE_FALSE(o);
    CHECK(o.error() == errc::context_window_exceeded);

    // max_tokens is the field each local server is sent; llama-server's default URL.
    request r = hello();
    r.max_tokens = 64;
    const auto lcfg = config_for("llamacpp/qwen");
    const auto http = llamacpp{}.prepare(r, {lcfg, {}, false}).value();
    CHECK(http.url == "http://localhost:8080/v1/chat/completions");
    CHECK(body_of(http)["max_tokens"] == 64);
    CHECK(body_of(lm_studio{}.prepare(r, {lcfg, {}, false}).value())["max_tokens"] == 64);
}

TEST_CASE("local server --ollama: /api/chat, /api/show, /api/tags and the faults, read by ollama_chat",
          "[ollama_chat][local]") {
    auto options_with = [](std::string fault = {}) {
        testing::local_server_options o;
        o.ollama = true;
        o.models = {"llama3.1:8b", "qwen3:8b"};
        o.ollama_context_length = 4096;
        o.ollama_fault = std::move(fault);
        return o;
    };
    auto post = [](std::string target, const std::string& body) {
        return testing::server_request{"POST", std::move(target), {}, body};
    };
    auto chat_body = [](const request& r, bool stream, std::optional<std::int64_t> num_ctx = {}) {
        const auto cfg = config_for();
        return ollama_chat_wire::body_json(r, cfg, "llama3.1:8b", {num_ctx, {}}, stream).value().dump();
    };
    auto as_response = [](const testing::planned_response& p) { return http_response{p.status, {}, {}, p.body}; };
    auto stream_of = [](const testing::planned_response& p) {
        std::string all;
        for (const auto& e : p.events) all += e;
        return all;
    };

    testing::local_responder server(options_with());
    CHECK(ollama_chat_wire::model_names(nlohmann::json::parse(server.respond({"GET", "/api/tags", {}, {}}).body)) ==
          std::vector<std::string>{"llama3.1:8b", "qwen3:8b"});
    CHECK(ollama_chat_wire::context_length_of(
              nlohmann::json::parse(server.respond(post("/api/show", R"({"model":"qwen3:8b"})")).body)) == 4096);

    const auto plain = server.respond(post("/api/chat", chat_body(hello(), false)));
    const auto cfg = config_for();
    auto c = ollama_chat{}.parse(as_response(plain), {cfg, {}, false});
    REQUIRE(c);
    CHECK(c.value().message.text() == "What is the capital of France?");
    CHECK(c.value().finish_reason == finish_reason::stop);

    const auto streamed = server.respond(post("/api/chat", chat_body(hello(), true)));
    REQUIRE(streamed.streamed);
    auto d = decode(stream_of(streamed));
    REQUIRE(d.outcome);
    CHECK(assemble(d.events).message.text() == "What is the capital of France?");

    // It keeps the last num_ctx tokens, as Ollama does: the client's check sees the cut.
    const auto long_request = long_prompt(8000);
    const auto cut_short = server.respond(post("/api/chat", chat_body(long_request, false, 100)));
    const call_context<ollama_chat::options> in_reply{cfg, {}, false, &long_request};
    auto warned = ollama_chat{}.parse(as_response(cut_short), in_reply);
    REQUIRE(warned);
    ollama_chat{}.review(warned.value(), in_reply);  // as fn_call::adapted does with every whole reply
    CHECK(warned.value().usage.prompt_tokens == 100);
    CHECK(warned.value().warnings.size() == 1);

    testing::local_responder erring(options_with("error-line"));
    auto e = decode(stream_of(erring.respond(post("/api/chat", chat_body(hello(), true)))));
    REQUIRE_FALSE(e.outcome);
    CHECK(e.outcome.error() == errc::server_error);

    testing::local_responder cutting(options_with("cut"));
    auto cut = decode(stream_of(cutting.respond(post("/api/chat", chat_body(hello(), true)))));
    REQUIRE_FALSE(cut.outcome);
    CHECK(cut.outcome.error() == errc::connection);

    testing::local_responder empty(options_with("no-model"));
    auto missing = ollama_chat{}.parse(as_response(empty.respond(post("/api/chat", chat_body(hello(), false)))),
                                       {cfg, {}, false});
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("`ollama pull llama3.1:8b`"));

    testing::local_server_options off;  // without --ollama the paths are not served
    CHECK(testing::local_responder(off).respond({"GET", "/api/tags", {}, {}}).status == 404);
}

TEST_CASE("ollama_chat through basic_llm: a streamed call gets num_ctx and its NDJSON events", "[ollama_chat][stream]") {
    ollama_llm_t llm{config_for()};
    llm.transport().respond(200, fixture("ollama_chat/show.json"));
    const auto stream = fixture("ollama_chat/stream-tools.ndjson");
    llm.transport().respond_stream({stream.substr(0, 100), stream.substr(100)},
                                   {{"content-type", "application/x-ndjson"}});
    std::vector<stream_event> events;
    auto c = llm.stream(hello(), [&](const stream_event& e) { events.push_back(e); });
    REQUIRE(c);
    CHECK(c.value().message.tool_calls.size() == 2);
    CHECK(c.value().finish_reason == finish_reason::tool_calls);
    CHECK(events == decode(stream).events);
    const auto body = body_of(llm.transport().requests().at(1));
    CHECK(body["stream"] == true);
    CHECK(body["options"]["num_ctx"] == 131072);

    // A model whose template takes tools gets them natively, and its calls come back with their ids.
    auto r = hello();
    r.tools = {tool{"get_weather", "The weather", ordered_json::parse(R"({"type":"object"})")}};
    llm.transport().respond(200, fixture("ollama_chat/tools.json"));
    auto called = llm.complete(r);
    REQUIRE(called);
    REQUIRE(called.value().message.tool_calls.size() == 1);
    CHECK_THAT(called.value().message.tool_calls[0].id, Catch::StartsWith("call_0_"));
    CHECK(body_of(llm.transport().requests().at(2))["tools"][0]["function"]["name"] == "get_weather");
}

TEST_CASE("ollama_chat behind any_provider: the same /api/show once, and ollama_num_ctx from the options' keys",
          "[ollama_chat][num_ctx]") {
    auto source = provider_options_source::environment_variables(
        environment::from({{"LLM_OLLAMA_NUM_CTX", "65536"}, {"LLM_OLLAMA_KEEP_ALIVE", "1h"}}));
    auto options = load_provider_options<ollama_chat>(source);
    REQUIRE(options);
    CHECK(options.value().num_ctx == 65536);
    CHECK(options.value().keep_alive == "1h");

    basic_llm<any_provider, scripted_transport> llm{any_provider{ollama_chat{}, options.value()}, config_for()};
    llm.transport().respond(200, fixture("ollama_chat/show.json"));
    llm.transport().respond(200, fixture("ollama_chat/chat.json")).respond(200, fixture("ollama_chat/chat.json"));
    REQUIRE(llm.complete(hello()));
    REQUIRE(llm.complete(hello()));
    const auto& sent = llm.transport().requests();
    REQUIRE(sent.size() == 3);
    CHECK(sent[0].url.ends_with("/api/show"));
    CHECK(body_of(sent[2])["options"]["num_ctx"] == 65536);  // the model's 131072, capped
    CHECK(body_of(sent[2])["keep_alive"] == "1h");
}
