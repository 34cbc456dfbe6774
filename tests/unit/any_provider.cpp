// any_provider: a provider chosen at run time, adapted before it is erased, so that basic_llm<any_provider> (the
// client) behaves as basic_llm over the concrete provider, with the provider's traits as run-time values.
#include <polyllm/any_provider.hpp>
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;
using polyllm_test::fn_call_tools;

// A provider whatever it holds; adapted already, so basic_llm does not adapt it again; the client is basic_llm
// over it, so it has basic_llm's calls, add_observer included.
static_assert(StreamingProvider<any_provider> && EmbeddingProvider<any_provider>);
static_assert(fn_call::is_adapted<any_provider>);
static_assert(std::is_same_v<fn_call::adapted_t<any_provider>, any_provider>);
static_assert(std::is_same_v<client, basic_llm<any_provider, asio_transport, exponential_backoff>>);

namespace {

using erased_llm = basic_llm<any_provider, scripted_transport>;

// A provider that neither streams nor embeds, and says so by counting what reaches it.
struct plain_provider {
    static constexpr std::string_view name = "plain";
    static constexpr std::string_view request_id_header = "x-plain-id";
    struct options {
        int id = 0;
    };

    [[nodiscard]] result<http_request> prepare(const request&, const call_context<options>& ctx) const {
        http_request r;
        r.url = "http://127.0.0.1:9/" + std::to_string(ctx.options.id);
        r.body = "{}";
        return r;
    }
    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        completion c;
        c.message = message::assistant(res.body);
        return c;
    }
    [[nodiscard]] bool should_retry(const error&) const { return false; }
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>& ctx) const {
        return {text.size() + static_cast<std::size_t>(ctx.options.id), true};
    }
};

request agent_request() {
    request r;
    r.messages = {message::system("You are a careful engineer."), message::user("What is in /workspace?")};
    r.tools = fn_call_tools();
    return r;
}

llm_config instruct_config() {
    llm_config cfg;
    cfg.model = "gpt-3.5-turbo-instruct";  // no native function calling in openai's tables: tools in the prompt
    cfg.api_key = "sk-any-provider-test";
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

}  // namespace

TEST_CASE("any_provider: its traits are the concrete provider's, named as it was chosen", "[any_provider]") {
    const any_provider a{anthropic{}};
    CHECK(a.traits().name == anthropic::name);
    CHECK(a.traits().api_key_env == anthropic::api_key_env);
    CHECK(a.traits().request_id_header == anthropic::request_id_header);
    llm_config cfg;
    cfg.model = "claude-3-5-sonnet-20241022";
    CHECK(a.traits().prices.chat(cfg) == effective_model_info<anthropic>(cfg));

    const any_provider renamed{plain_provider{}, {}, "renamed"};
    CHECK(renamed.traits().name == "renamed");
    CHECK(renamed.traits().request_id_header == "x-plain-id");
    CHECK(renamed.traits().api_key_env.empty());

    // A connection without a provider refuses its calls rather than crashing.
    erased_llm none{llm_config{.model = "m"}};
    auto c = none.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error().kind() == errc::invalid_config);
    CHECK(none.transport().requests().empty());
}

TEST_CASE("any_provider: the concrete provider's options reach its calls", "[any_provider]") {
    erased_llm llm{any_provider{plain_provider{}, plain_provider::options{7}}, llm_config{.model = "m"}};
    CHECK(llm.provider_name() == "plain");
    CHECK(llm.count_tokens("abc") == token_count{10, true});
    llm.transport().respond(200, "pong", {{"x-plain-id", "plain-1"}});
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() == "pong");
    CHECK(c.value().request_id == "plain-1");  // the request id header is read at run time
    REQUIRE(llm.transport().requests().size() == 1);
    CHECK(llm.transport().requests()[0].url == "http://127.0.0.1:9/7");
}

TEST_CASE("any_provider: adapted once, with the concrete provider's model tables", "[any_provider][fn_call]") {
    erased_llm llm{any_provider{openai{}}, instruct_config()};
    llm.transport().respond(200, fixture("fn_call/response-text-call.json"));
    auto c = llm.complete(agent_request());
    REQUIRE(c);
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0].name == "execute_bash");
    const auto body = nlohmann::json::parse(llm.transport().requests().at(0).body);
    CHECK_FALSE(body.contains("tools"));
    const std::string system = body["messages"][0]["content"];
    CHECK(system == "You are a careful engineer." + fn_call::system_prompt_suffix(fn_call_tools()));

    // The same request goes out byte for byte as basic_llm over the concrete provider sends it.
    basic_llm<openai, scripted_transport> direct{instruct_config()};
    direct.transport().respond(200, fixture("fn_call/response-text-call.json"));
    REQUIRE(direct.complete(agent_request()));
    CHECK(direct.transport().requests().at(0).body == llm.transport().requests().at(0).body);
}

TEST_CASE("any_provider: streams through the concrete decoder, text calls as tool call events",
          "[any_provider][stream]") {
    erased_llm llm{any_provider{openai{}}, instruct_config()};
    llm.transport().respond_stream({fixture("fn_call/stream-text-call.sse")});
    int starts = 0;
    auto c = llm.stream(agent_request(),
                        [&](const stream_event& e) { starts += std::holds_alternative<tool_call_start>(e); });
    REQUIRE(c);
    CHECK(starts == 1);
    REQUIRE(c.value().message.tool_calls.size() == 1);
    CHECK(c.value().message.tool_calls[0].name == "execute_bash");
}

TEST_CASE("any_provider: prices and names reach the observers and errors at run time", "[any_provider]") {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-any-provider-test";
    erased_llm llm{any_provider{openai{}, {}, "chosen"}, cfg};
    basic_llm<openai, scripted_transport> direct{cfg};
    struct names {
        std::vector<std::string> seen;
        void on_completion(const call_info& i, const completion&, std::chrono::milliseconds) {
            seen.emplace_back(i.provider);
        }
    };
    auto& observed = llm.add_observer(names{});
    for (auto* transport : {&llm.transport(), &direct.transport()})
        transport->respond(200, fixture("openai/response-text.json"));
    auto erased = llm.complete(hello());
    auto concrete = direct.complete(hello());
    REQUIRE(erased);
    REQUIRE(concrete);
    REQUIRE(erased.value().cost);
    CHECK(*erased.value().cost > 0);
    CHECK(erased.value().cost == concrete.value().cost);
    CHECK(llm.metrics().accumulated_cost() == direct.metrics().accumulated_cost());
    CHECK(observed.seen == std::vector<std::string>{"chosen"});

    llm.transport().respond(400, fixture("openai/error-invalid-request.json"));
    auto failed = llm.complete(hello());
    REQUIRE_FALSE(failed);
    CHECK(failed.error().provider == "chosen");
}

TEST_CASE("any_provider: what the provider cannot do is refused before anything is sent", "[any_provider]") {
    erased_llm plain{any_provider{plain_provider{}}, llm_config{.model = "m"}};
    auto streamed = plain.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(streamed);
    CHECK(streamed.error().kind() == errc::unsupported);
    CHECK_THAT(streamed.error().message, Catch::Contains("streaming"));
    erased_llm claude{any_provider{anthropic{}}, llm_config{.model = "claude-sonnet-4-5", .api_key = secret("k")}};
    auto embedded = claude.embed({"a"});
    REQUIRE_FALSE(embedded);
    CHECK(embedded.error().kind() == errc::unsupported);
    CHECK(embedded.error().provider == "anthropic");
    CHECK(plain.transport().requests().empty());
    CHECK(claude.transport().requests().empty());
}

// --- async_authorize (authorize.hpp): each attempt's request signed afresh, or given a token fetched through the
// call's own transport; the same through basic_llm over the provider and over any_provider. ---
namespace {

const char* const openai_reply = R"({"id": "c1", "model": "gpt-4o", "choices": [{"index": 0,
    "message": {"role": "assistant", "content": "signed"}, "finish_reason": "stop"}]})";

// Signs by numbering: attempt n carries "x-signature: n", so a retry that reused the first signature would show.
struct numbering_signer : openai {
    std::shared_ptr<int> signatures = std::make_shared<int>(0);
    std::shared_ptr<int> attempts = std::make_shared<int>(0);
    std::optional<error> refuse{};

    void async_authorize(http_request http, const call_context<options>&, const http_sender& sender,
                         authorize_handler done) const {
        ++*attempts;
        result<http_request> out = refuse ? result<http_request>(*refuse) : result<http_request>(std::move(http));
        if (out) out.value().headers.set("x-signature", std::to_string(++*signatures));
        asio::post(sender.executor, [out = std::move(out), done = std::move(done)]() mutable { done(std::move(out)); });
    }
};

// Fetches a token through the sender before each attempt (no cache: the test counts the exchanges).
struct token_fetcher : openai {
    void async_authorize(http_request http, const call_context<options>&, const http_sender& sender,
                         authorize_handler done) const {
        http_request exchange;
        exchange.method = "POST";
        exchange.url = "https://oauth.example/token";
        exchange.body = "grant_type=test";
        sender.send(std::move(exchange), [http = std::move(http), done = std::move(done)](
                                             result<http_response> answer) mutable {
            if (!answer) return done(std::move(answer).error());
            http.headers.set("authorization", "Bearer " + answer.value().body, true);
            done(std::move(http));
        });
    }
};

llm_config gpt4o() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-authorize";
    return cfg;
}

template <class LLM>
void check_signed_afresh(LLM& llm) {
    llm.transport().respond(503, R"({"error": {"message": "busy", "type": "server_error"}})");
    llm.transport().respond(200, openai_reply);
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() == "signed");
    REQUIRE(llm.transport().requests().size() == 2);
    CHECK(llm.transport().requests()[0].headers.value_or_empty("x-signature") == "1");
    CHECK(llm.transport().requests()[1].headers.value_or_empty("x-signature") == "2");
}

}  // namespace

TEST_CASE("authorize: every attempt is signed afresh, through basic_llm and through any_provider", "[authorize]") {
    static_assert(AuthorizingProvider<numbering_signer> && !AuthorizingProvider<openai>);
    CHECK(traits_of(fn_call::adapted_t<numbering_signer>{}).authorizes);
    CHECK_FALSE(traits_of(fn_call::adapted_t<openai>{}).authorizes);
    CHECK(any_provider{numbering_signer{}}.traits().authorizes);
    CHECK_FALSE(any_provider{openai{}}.traits().authorizes);

    basic_llm<numbering_signer, scripted_transport> direct{gpt4o()};
    check_signed_afresh(direct);
    erased_llm erased{any_provider{numbering_signer{}}, gpt4o()};
    check_signed_afresh(erased);
    // Streams go through the same loop.
    basic_llm<numbering_signer, scripted_transport> streamed{gpt4o()};
    streamed.transport().respond(200, "data: {\"id\":\"s\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":"
                                      "{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
                                 {{"content-type", "text/event-stream"}});
    REQUIRE(streamed.stream(hello(), [](const stream_event&) {}));
    CHECK(streamed.transport().requests().at(0).headers.value_or_empty("x-signature") == "1");
}

TEST_CASE("authorize: a refusal fails the attempt by its verdict, and nothing is sent", "[authorize]") {
    numbering_signer refusing;
    refusing.refuse = error{errc::authentication, "the credential file /tmp/sa.json has no private_key"};
    refusing.refuse->verdict = retry_verdict::no;
    erased_llm llm{any_provider{refusing}, gpt4o()};
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error().kind() == errc::authentication);
    CHECK(c.error().provider == "openai");
    CHECK(llm.transport().requests().empty());

    // A retryable refusal is retried like any failed attempt.
    numbering_signer flaky;
    flaky.refuse = error{errc::connection, "token endpoint unreachable"};
    flaky.refuse->verdict = retry_verdict::yes;
    auto cfg = gpt4o();
    cfg.num_retries = 2;
    basic_llm<numbering_signer, scripted_transport> retried{flaky, cfg};
    auto again = retried.complete(hello());
    REQUIRE_FALSE(again);
    CHECK(again.error().kind() == errc::connection);
    CHECK(*flaky.attempts == 3);
    CHECK(*flaky.signatures == 0);
    CHECK(retried.transport().requests().empty());
}

TEST_CASE("authorize: a token exchanged through the call's own transport before each attempt", "[authorize]") {
    basic_llm<token_fetcher, scripted_transport> llm{gpt4o()};
    llm.transport().respond(200, "tok-1").respond(200, openai_reply);
    auto c = llm.complete(hello());
    REQUIRE(c);
    const auto& sent = llm.transport().requests();
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].url == "https://oauth.example/token");
    CHECK(sent[1].headers.value_or_empty("authorization") == "Bearer tok-1");
    CHECK_THAT(sent[1].url, Catch::Contains("/chat/completions"));
}
