// The router over scripted transports on a virtual clock: fallbacks within a group and between groups by the kind
// of failure, the context-window pre-check, cooldowns and the error of a group with nothing available, streams that
// fall back only before their first content, embeddings, async calls, and a router read from config.toml.
#include <polyllm/router.hpp>
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <variant>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

namespace {

using test_router = basic_router<scripted_transport>;

// A router whose "now" is `now`, moved by the test.
struct routed_setup {
    router_clock::time_point now{};
    router_clock::duration step{};  // how far each reading of the clock moves it
    std::unique_ptr<test_router> router;

    explicit routed_setup(router_options options = {}) {
        options.clock = [this] { return now += step; };
        router = std::make_unique<test_router>(std::move(options));
    }
    void add(const std::string& name, std::string model = "gpt-4o", any_provider provider = any_provider{openai{}}) {
        deployment d;
        d.name = name;
        d.config.model = std::move(model);
        d.config.api_key = secret("sk-router-test");
        d.config.num_retries = 0;  // the router's fallbacks, not the retry policy, are under test
        d.config.embedding_model = "text-embedding-3-small";
        add(std::move(d), std::move(provider));
    }
    void add(deployment d, any_provider provider = any_provider{openai{}}) {
        REQUIRE(router->add_deployment(std::move(d), std::move(provider)));
    }
    void group(const std::string& name, const std::vector<std::string>& members) {
        REQUIRE(router->add_group(name, members));
    }
    scripted_transport& wire(const std::string& name) { return router->connection(name)->transport(); }
    std::size_t sent(const std::string& name) { return wire(name).requests().size(); }
    deployment_metrics counters(const std::string& name) const {
        for (auto& d : router->metrics().deployments)
            if (d.name == name) return d;
        FAIL("no deployment " << name);
        return {};
    }
    group_metrics group_counters(const std::string& name) const {
        for (auto& g : router->metrics().groups)
            if (g.name == name) return g;
        FAIL("no group " << name);
        return {};
    }
};

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

const http_headers sse{{"content-type", "text/event-stream"}};

}  // namespace

TEST_CASE("router: a deployment that fails hands the call to another of its group", "[router]") {
    routed_setup s;
    s.add("a");
    deployment standby;  // weight 0: only when the others cannot take the call
    standby.name = "b";
    standby.config.model = "gpt-4o";
    standby.config.api_key = secret("sk-router-test");
    standby.config.num_retries = 0;
    standby.weight = 0;
    s.add(standby);
    s.group("g", {"a", "b"});
    s.wire("a").respond(500, fixture("openai/error-server.json"));
    s.wire("b").respond(200, fixture("openai/response-text.json"));
    auto r = s.router->complete_routed("g", hello());
    INFO((r ? std::string() : r.error().to_string()));
    REQUIRE(r);
    CHECK(r.value().deployment == "b");
    CHECK(r.value().attempts == 2);
    CHECK(r.value().group == "g");
    CHECK(s.sent("a") == 1);
    CHECK(s.sent("b") == 1);
    CHECK(s.counters("a").failures == 1);
    CHECK(s.counters("b").failures == 0);
    CHECK(s.counters("b").latency.has_value());
    CHECK(s.group_counters("g").calls == 1);
    CHECK(s.group_counters("g").failures == 0);
    CHECK(s.group_counters("g").fallbacks == 0);
    CHECK_FALSE(r.value().value.message.text().empty());
}

TEST_CASE("router: each kind of failure takes its own fallbacks, in order", "[router][fallbacks]") {
    router_options options;
    options.fallbacks.general = {{"smart", {"backup"}}};
    options.fallbacks.context_window = {{"smart", {"long"}}};
    options.fallbacks.content_policy = {{"smart", {"safe"}}};
    routed_setup s(options);
    for (auto name : {"a", "a2", "b", "c", "d"}) s.add(name);
    s.group("smart", {"a", "a2"});
    s.group("backup", {"b"});
    s.group("long", {"c"});
    s.group("safe", {"d"});

    auto both_a = [&](const std::string& body, int status) {
        s.wire("a").respond(status, fixture(body));
        s.wire("a2").respond(status, fixture(body));
    };
    SECTION("context window: the larger model, skipping the rest of the group") {
        both_a("openai/error-context-length.json", 400);
        s.wire("c").respond(200, fixture("openai/response-text.json"));
        auto r = s.router->complete_routed("smart", hello());
        REQUIRE(r);
        CHECK(r.value().deployment == "c");
        CHECK(s.sent("a") + s.sent("a2") == 1);
        CHECK(s.sent("b") + s.sent("d") == 0);
    }
    SECTION("content policy: its own list") {
        both_a("openai/error-content-policy.json", 400);
        s.wire("d").respond(200, fixture("openai/response-text.json"));
        auto r = s.router->complete_routed("smart", hello());
        REQUIRE(r);
        CHECK(r.value().deployment == "d");
        CHECK(s.sent("a") + s.sent("a2") == 1);
        CHECK(s.sent("b") + s.sent("c") == 0);
    }
    SECTION("anything else: the rest of the group, then the general list") {
        both_a("openai/error-server.json", 500);
        s.wire("b").respond(200, fixture("openai/response-text.json"));
        auto r = s.router->complete_routed("smart", hello());
        REQUIRE(r);
        CHECK(r.value().deployment == "b");
        CHECK(r.value().group == "backup");
        CHECK(r.value().attempts == 3);
        CHECK(s.sent("a") + s.sent("a2") == 2);
        CHECK(s.sent("c") + s.sent("d") == 0);
    }
    SECTION("the request's own fault: no fallback at all") {
        both_a("openai/error-invalid-request.json", 400);
        auto r = s.router->complete("smart", hello());
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::bad_request);
        CHECK(s.sent("a") + s.sent("a2") == 1);
        CHECK(s.sent("b") + s.sent("c") + s.sent("d") == 0);
        CHECK(s.group_counters("smart").fallbacks == 0);
        CHECK(s.group_counters("smart").failures == 1);
        return;
    }
    CHECK(s.group_counters("smart").fallbacks == 1);
}

TEST_CASE("router: a prompt longer than a deployment's window skips it without sending", "[router][context]") {
    router_options options;
    options.fallbacks.context_window = {{"small", {"large"}}};
    routed_setup s(options);
    deployment tiny;
    tiny.name = "tiny";
    tiny.config.model = "gpt-4o";
    tiny.config.api_key = secret("sk-router-test");
    tiny.config.max_input_tokens = 5;
    s.add(tiny);
    s.add("roomy");
    s.add("big");
    s.group("mixed", {"tiny", "roomy"});
    s.group("small", {"tiny"});
    s.group("large", {"big"});
    request long_prompt;
    long_prompt.messages = {message::user("Please summarise the following long text about routers and fallbacks.")};

    s.wire("roomy").respond(200, fixture("openai/response-text.json"));
    auto mixed = s.router->complete_routed("mixed", long_prompt);
    REQUIRE(mixed);
    CHECK(mixed.value().deployment == "roomy");

    s.wire("big").respond(200, fixture("openai/response-text.json"));
    auto fell_back = s.router->complete_routed("small", long_prompt);
    REQUIRE(fell_back);
    CHECK(fell_back.value().deployment == "big");

    // The group alone, without its fallback list, fails before anything is sent.
    routed_setup alone;
    alone.add(tiny);
    alone.group("small", {"tiny"});
    auto refused = alone.router->complete("small", long_prompt);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::context_window_exceeded);
    CHECK(refused.error().message.find("tiny 5") != std::string::npos);
    CHECK(alone.sent("tiny") == 0);
    CHECK(s.sent("tiny") == 0);
    CHECK(s.group_counters("small").context_skips == 1);
}

TEST_CASE("router: cooled deployments are skipped, a group with none left fails fast listing each, and "
          "cooldowns end on the clock or when cleared",
          "[router][cooldown]") {
    routed_setup s;
    s.add("a");
    s.add("b");
    s.group("g", {"a", "b"});
    s.wire("a").respond(429, fixture("openai/error-rate-limit.json"), {{"retry-after", "30"}});
    s.wire("b").respond(401, fixture("openai/error-invalid-api-key.json"));
    auto first = s.router->complete("g", hello());
    REQUIRE_FALSE(first);
    CHECK(s.sent("a") == 1);
    CHECK(s.sent("b") == 1);
    CHECK(first.error().message.find("tried") != std::string::npos);

    s.now += 10s;
    auto fast = s.router->complete("g", hello());
    REQUIRE_FALSE(fast);
    CHECK(fast.error() == errc::service_unavailable);
    CHECK(s.sent("a") + s.sent("b") == 2);  // nothing more was sent
    const auto& text = fast.error().message;
    CHECK(text.find("a: cooling down as the server asked, 20 s left") != std::string::npos);
    CHECK(text.find("b: disabled until its configuration changes") != std::string::npos);
    CHECK(text.find("rate_limited (HTTP 429)") != std::string::npos);
    REQUIRE(fast.error().retry_after);
    CHECK(*fast.error().retry_after == 20s);
    CHECK(s.counters("a").cooldowns == 1);
    CHECK(s.counters("b").cooling == cooldown_reason::configuration);
    CHECK(s.group_counters("g").unavailable == 1);

    s.now += 21s;  // a's pause is over; b stays disabled
    s.wire("a").respond(200, fixture("openai/response-text.json"));
    auto again = s.router->complete_routed("g", hello());
    REQUIRE(again);
    CHECK(again.value().deployment == "a");

    CHECK(s.router->clear_cooldown("b"));  // its key was fixed
    CHECK(s.counters("b").cooling == cooldown_reason::none);
    s.wire("a").respond(500, fixture("openai/error-server.json"));  // if a is chosen first, b is next
    s.wire("b").respond(200, fixture("openai/response-text.json"));
    auto cleared = s.router->complete_routed("g", hello());
    REQUIRE(cleared);
    CHECK(cleared.value().deployment == "b");
}

TEST_CASE("router: a stream falls back on an error before its first content, never after", "[router][stream]") {
    router_options options;
    options.fallbacks.general = {{"smart", {"backup"}}};
    routed_setup s(options);
    s.add("claude", "claude-sonnet-4-5", any_provider{anthropic{}});
    s.add("gpt");
    s.group("smart", {"claude"});
    s.group("backup", {"gpt"});
    std::vector<stream_event> seen;
    auto collect = [&seen](const stream_event& e) { seen.push_back(e); };
    auto starts = [&seen] {
        return std::count_if(seen.begin(), seen.end(),
                             [](const auto& e) { return std::holds_alternative<message_start>(e); });
    };

    SECTION("overloaded_error as the first event after message_start") {
        s.wire("claude").respond_stream({fixture("anthropic/stream-overloaded-before-content.sse")}, sse);
        s.wire("gpt").respond_stream({fixture("openai/stream-text.sse")}, sse);
        auto r = s.router->stream_routed("smart", hello(), collect);
        REQUIRE(r);
        CHECK(r.value().deployment == "gpt");
        CHECK(starts() == 1);  // claude's beginning never reached the caller
        CHECK(std::holds_alternative<message_start>(seen.front()));
        CHECK(std::get<message_start>(seen.front()).id.find("chatcmpl") == 0);
        std::string text;
        for (const auto& e : seen)
            if (const auto* d = std::get_if<text_delta>(&e)) text += d->text;
        CHECK(text == r.value().value.message.text());
        CHECK_FALSE(text.empty());
    }
    SECTION("a connection cut before the first delta") {
        s.wire("claude").respond_stream(
            scripted_stream{200, sse, {}, error{errc::connection, "connection reset"}, false});
        s.wire("gpt").respond_stream({fixture("openai/stream-text.sse")}, sse);
        auto r = s.router->stream("smart", hello(), collect);
        REQUIRE(r);
        CHECK(s.sent("gpt") == 1);
        CHECK(starts() == 1);
    }
    SECTION("after content, the error reaches the caller with what arrived") {
        s.wire("claude").respond_stream({fixture("anthropic/stream-error-midway.sse")}, sse);
        auto r = s.router->stream("smart", hello(), collect);
        REQUIRE_FALSE(r);
        CHECK(s.sent("gpt") == 0);
        REQUIRE(r.error().partial);
        CHECK(r.error().partial->message.text() == "The answer");
        CHECK(starts() == 1);
    }
}

TEST_CASE("router: embeddings fall back like completions", "[router][embeddings]") {
    router_options options;
    options.fallbacks.general = {{"vectors", {"spare"}}};
    routed_setup s(options);
    s.add("a");
    s.add("b");
    s.group("vectors", {"a"});
    s.group("spare", {"b"});
    s.wire("a").respond(500, fixture("openai/error-server.json"));
    s.wire("b").respond(200, fixture("openai/response-embeddings.json"));
    auto r = s.router->embed("vectors", {"one", "two"});
    REQUIRE(r);
    CHECK_FALSE(r.value().vectors.empty());
    CHECK(s.counters("a").failures == 1);
    CHECK(s.counters("b").calls == 1);
}

TEST_CASE("router: async calls take any completion token; an unknown group is a configuration error",
          "[router][async]") {
    routed_setup s;
    s.add("a");
    s.group("g", {"a"});
    s.wire("a").respond(200, fixture("openai/response-text.json"));
    std::optional<result<completion>> got;
    s.router->async_complete("g", hello(), [&got](result<completion> r) { got.emplace(std::move(r)); });
    CHECK_FALSE(got);  // never inside the initiating call
    s.router->run();
    REQUIRE(got);
    CHECK(got->has_value());
    auto unknown = s.router->complete("gpt-4o", hello());
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error() == errc::invalid_config);
    CHECK(unknown.error().message.find("no model group named \"gpt-4o\"") != std::string::npos);
}

TEST_CASE("router: from config.toml, the shape of issue 27", "[router][config]") {
    const auto text = fixture("config/router.toml");
    const auto env = environment::from({{"LLM_API_KEY", "sk-router-test"}});
    router_clock::time_point now{};
    router_setup<asio::any_io_executor> setup;
    setup.clock = [&now] { return now; };
    auto made = make_router_from_toml<scripted_transport>(text, "router.toml", env, setup);
    REQUIRE(made);
    REQUIRE(made.value());
    auto& r = *made.value();
    CHECK(r.state().options().strategy == routing_strategy::headroom);
    CHECK(r.state().options().cooldowns.cooldown == 60s);
    CHECK(r.state().options().cooldowns.allowed_fails == 1);
    CHECK(r.connection("primary")->config().num_retries == 0);
    CHECK(r.connection("secondary")->provider_name() == "anthropic");

    r.connection("primary")->transport().respond(503, fixture("openai/error-server.json"));
    r.connection("secondary")->transport().respond(200, fixture("anthropic/response-text.json"));
    auto answer = r.complete_routed("smart", hello());
    REQUIRE(answer);
    CHECK(answer.value().deployment == "secondary");
    CHECK(answer.value().group == "backup");

    auto plain = make_router_from_toml<scripted_transport>("[llm]\nmodel = \"gpt-4o\"\n", "plain.toml", env);
    REQUIRE(plain);
    CHECK_FALSE(plain.value());  // no [router]: not a router

    auto refused = [&](const std::string& toml, const std::string& says) {
        auto bad = make_router_from_toml<scripted_transport>(toml, "bad.toml", env);
        REQUIRE_FALSE(bad);
        CHECK(bad.error() == errc::invalid_config);
        CHECK_THAT(bad.error().message, Catch::Contains(says));
    };
    refused(text + "[router.deployments.primary]\nrpms = 5\n", "unknown key \"rpms\"");
    refused("[llm.a]\nmodel = \"gpt-4o\"\n[router]\nhedge_budget = 2\n[router.groups]\ng = [\"a\"]\n",
            "bad.toml:4: hedge_budget must be a share between 0 and 1");
    auto hedged = make_router_from_toml<scripted_transport>(
        "[llm.a]\nmodel = \"gpt-4o\"\n[router]\nhedge_after_seconds = 1.5\nhedge_budget = 0.1\n"
        "[router.groups]\ng = [\"a\"]\n[router.deployments.a]\nweight = 2\nrpm = 10\n",
        "hedged.toml", env);
    REQUIRE(hedged);
    REQUIRE(hedged.value());
    CHECK(hedged.value()->state().options().hedging.after == std::chrono::milliseconds(1500));
    CHECK(hedged.value()->state().options().hedging.budget == Approx(0.1));
    auto at_p95 = make_router_from_toml<scripted_transport>(
        "[llm.a]\nmodel = \"gpt-4o\"\n[router]\nhedge_after_seconds = 1\nhedge_at_p95 = true\n"
        "hedge_min_samples = 50\nhedge_floor_seconds = 0.25\nhedge_cap_seconds = 3\n[router.groups]\ng = [\"a\"]\n",
        "p95.toml", env);
    REQUIRE(at_p95);
    REQUIRE(at_p95.value());
    const auto& p95 = at_p95.value()->state().options().hedging;
    CHECK(p95.at_p95);
    CHECK(p95.min_samples == 50);
    CHECK(p95.floor == std::chrono::milliseconds(250));
    CHECK(p95.cap == std::chrono::seconds(3));
    refused("[llm.a]\nmodel = \"gpt-4o\"\n[router]\nhedge_at_p95 = 1\n[router.groups]\ng = [\"a\"]\n",
            "bad.toml:4: hedge_at_p95 must be true or false");
    // A Redis to share cooldowns with: read, not connected to until the first call.
    auto fleet = make_router_from_toml<scripted_transport>(
        "[llm.a]\nmodel = \"gpt-4o\"\n[router]\nredis_url = \"redis://127.0.0.1:1/3\"\n[router.groups]\ng = [\"a\"]\n",
        "fleet.toml", env);
    REQUIRE(fleet);
    REQUIRE(fleet.value());
    CHECK(fleet.value()->state().options().shared != nullptr);
    CHECK(hedged.value()->state().options().shared == nullptr);
    refused("[llm.a]\nmodel = \"gpt-4o\"\n[router]\nredis_url = \"rediss://cache:6380\"\n[router.groups]\ng = [\"a\"]\n",
            "bad.toml:4: redis_url \"rediss://cache:6380\": must start with redis://");
    CHECK(hedged.value()->state().spec(0).weight == 2);
    CHECK(hedged.value()->state().spec(0).rpm == 10);
    refused("[llm.a]\nmodel = \"gpt-4o\"\n[router]\nstrategy = \"fastest\"\n[router.groups]\ng = [\"a\"]\n",
            "bad.toml:4: unknown routing strategy \"fastest\"");
    refused("[router.groups]\ng = [\"missing\"]\n", "no [llm.missing] section");
    refused("[llm.a]\nmodel = \"gpt-4o\"\n[router.groups]\ng = [\"a\"]\n[router.fallbacks]\ng = [\"h\"]\n",
            "\"h\", which is not a model group");
}

TEST_CASE("router: a slow first deployment gets a hedge; the first answer wins and the loser is cancelled",
          "[router][hedge]") {
    router_options options;
    options.hedging = {200ms, 1.0};
    routed_setup s(options);
    s.add("slow");
    deployment fast;  // weight 0: never the first choice, so the race is always slow's
    fast.name = "fast";
    fast.config.model = "gpt-4o";
    fast.config.api_key = secret("sk-router-test");
    fast.weight = 0;
    s.add(fast);
    s.group("g", {"slow", "fast"});

    s.wire("slow").hang();  // never answers: only the hedge can
    s.wire("fast").respond(200, fixture("openai/response-text.json"));
    auto r = s.router->complete_routed("g", hello());
    REQUIRE(r);
    CHECK(r.value().deployment == "fast");
    // The hedge went out after the delay, on the virtual clock of the first deployment's transport.
    CHECK(s.wire("slow").waits() == std::vector<std::chrono::milliseconds>{200ms});
    CHECK(s.sent("slow") == 1);
    CHECK(s.sent("fast") == 1);
    CHECK(s.group_counters("g").hedges == 1);
    CHECK(s.group_counters("g").hedges_won == 1);
    CHECK(s.counters("slow").in_flight == 0);  // cancelled, and recorded
    CHECK(s.counters("slow").failures == 0);   // a lost race is no failure
    CHECK(s.counters("slow").cooling == cooldown_reason::none);

    // A first deployment that answers before the delay is not hedged.
    s.wire("slow").respond(200, fixture("openai/response-text.json"));
    s.wire("slow").hold_waits(true);
    auto quick = s.router->complete_routed("g", hello());
    REQUIRE(quick);
    CHECK(quick.value().deployment == "slow");
    CHECK(s.sent("fast") == 1);
    CHECK(s.group_counters("g").hedges == 1);
}

TEST_CASE("router: a request marked non-idempotent is never hedged", "[router][hedge]") {
    router_options options;
    options.hedging = {200ms, 1.0};
    routed_setup s(options);
    s.add("slow");
    deployment standby;  // weight 0: never the first choice
    standby.name = "fast";
    standby.config.model = "gpt-4o";
    standby.config.api_key = secret("sk-router-test");
    standby.config.num_retries = 0;
    standby.weight = 0;
    s.add(standby);
    s.group("g", {"slow", "fast"});
    auto once = hello();
    once.idempotent = false;
    // The first deployment answers only with a timeout: a hedge would have been armed, but none may be.
    s.wire("slow").fail(error{errc::timeout, "read timed out"});
    s.wire("fast").respond(200, fixture("openai/response-text.json"));
    auto r = s.router->complete_routed("g", once);
    REQUIRE(r);
    CHECK(r.value().attempts == 2);  // the failure still moved on to the other deployment: that is no duplicate
    CHECK(s.wire("slow").waits().empty());
    CHECK(s.wire("fast").waits().empty());
    CHECK(s.group_counters("g").hedges == 0);

    // The same request, idempotent, arms the hedge.
    s.wire("slow").hold_waits(true);
    s.wire("slow").respond(200, fixture("openai/response-text.json"));
    auto again = s.router->complete_routed("g", hello());
    REQUIRE(again);
    CHECK(s.wire("slow").waits() == std::vector<std::chrono::milliseconds>{200ms});
}

TEST_CASE("router: with hedge_at_p95 the hedge waits for the group's measured p95", "[router][hedge]") {
    router_options options;
    options.hedging = {200ms, 1.0};
    options.hedging.at_p95 = true;
    options.hedging.min_samples = 3;
    routed_setup s(options);
    s.step = 30ms;  // every reading of the clock moves it: each answer is measured taking a known time
    s.add("a");
    s.group("g", {"a"});
    auto& wire = s.wire("a");
    wire.hold_waits(true);  // the answers come first; the armed waits are cancelled
    for (int n = 0; n < 4; ++n) {
        wire.respond(200, fixture("openai/response-text.json"));
        REQUIRE(s.router->complete("g", hello()));
    }
    const auto measured = s.counters("a").latency;
    REQUIRE(measured);
    REQUIRE(*measured > 0us);
    // Three calls on the set delay, then the fourth at the p95 of three equal answer times.
    CHECK(wire.waits() == std::vector<std::chrono::milliseconds>{200ms, 200ms, 200ms,
                                                                  std::chrono::ceil<std::chrono::milliseconds>(*measured)});
}
