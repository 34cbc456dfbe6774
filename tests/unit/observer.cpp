// CallObserver: a user's observer sees every hook of a call, in order, after the built-in observers (which have
// priced the completion by then); an observer may refuse a call before anything is sent.
#include <polyllm/observer.hpp>
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

// A tracing observer: one line per hook, as a tracer would open and close spans.
struct tracer {
    std::vector<std::string> trace;
    bool priced = false;

    result<void> before_call(const call_info& info) {
        trace.push_back(std::string("before ") + kind(info) + " " + info.config.model);
        return success();
    }
    void on_request(const call_info&, const http_request& http, int attempt) {
        trace.push_back("request " + std::to_string(attempt) + (http.body.empty() ? " empty" : ""));
    }
    void on_response(const call_info&, const result<http_response>& r) {
        trace.push_back("response " + (r ? std::to_string(r.value().status) : std::string("none")));
    }
    void on_retry(const call_info&, const retry_event& e) {
        trace.push_back("retry " + std::to_string(e.attempt) + " of " + std::to_string(e.max_attempts));
    }
    void on_completion(const call_info& info, const completion& c, std::chrono::milliseconds) {
        priced = c.cost.has_value();
        trace.push_back(std::string("completion ") + kind(info) + " " + c.message.text());
    }
    void on_completion(const call_info&, const embeddings& e, std::chrono::milliseconds) {
        trace.push_back("embeddings " + std::to_string(e.vectors.size()));
    }
    void on_failure(const call_info&, const error& e) { trace.push_back("failure " + std::string(to_string(e.kind()))); }

    static const char* kind(const call_info& info) {
        switch (info.kind) {
            case call_kind::complete: return info.req ? "complete" : "complete-without-request";
            case call_kind::stream: return info.req ? "stream" : "stream-without-request";
            case call_kind::embed: return info.texts ? "embed" : "embed-without-texts";
            case call_kind::count_tokens: return info.req ? "count_tokens" : "count_tokens-without-request";
        }
        return "?";
    }
};

// An observer with one hook is an observer; a type with none is not.
struct counts_retries {
    int retries = 0;
    void on_retry(const call_info&, const retry_event&) { ++retries; }
};
struct no_hooks {
    void on_something(int) {}
};
static_assert(CallObserver<tracer>);
static_assert(CallObserver<counts_retries>);
static_assert(!CallObserver<no_hooks>);
static_assert(!CallObserver<int>);

struct refuses {
    int asked = 0;
    result<void> before_call(const call_info&) {
        ++asked;
        return error{errc::bad_request, "refused by the observer"};
    }
};

using test_llm = basic_llm<openai, scripted_transport>;

llm_config test_config() {
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = "sk-observer-test";
    return cfg;
}

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

}  // namespace

TEST_CASE("An observer sees every hook of a retried call, in order", "[observer][basic_llm]") {
    test_llm llm{test_config()};
    llm.retry_policy().jitter = 0;
    auto& t = llm.add_observer(tracer{});
    auto& r = llm.add_observer(counts_retries{});
    llm.transport()
        .respond(429, fixture("openai/error-rate-limit.json"), {{"retry-after-ms", "10"}})
        .respond(200, fixture("openai/response-text.json"));
    auto c = llm.complete(hello());
    REQUIRE(c);
    const auto text = c.value().message.text();
    CHECK(t.trace == std::vector<std::string>{"before complete gpt-4o", "request 1", "response 429",
                                              "retry 2 of " + std::to_string(llm.retry_policy().max_attempts()),
                                              "request 2", "response 200", "completion complete " + text});
    CHECK(t.priced);  // the metrics observer, first, priced the completion the others see
    CHECK(r.retries == 1);
    CHECK(llm.metrics().size() == 1);
}

TEST_CASE("An observer sees a stream, and a failure", "[observer][basic_llm][stream]") {
    test_llm llm{test_config()};
    auto& t = llm.add_observer(tracer{});
    llm.transport().respond_stream({fixture("openai/stream-text.sse")}).respond(400, fixture("openai/error-invalid-request.json"));
    std::string streamed;
    auto c = llm.stream(hello(), [&](const stream_event& e) {
        if (const auto* d = std::get_if<text_delta>(&e)) streamed += d->text;
    });
    REQUIRE(c);
    CHECK_FALSE(streamed.empty());
    CHECK(t.trace == std::vector<std::string>{"before stream gpt-4o", "request 1", "response 200",
                                              "completion stream " + streamed});
    t.trace.clear();
    auto failed = llm.complete(hello());
    REQUIRE_FALSE(failed);
    CHECK(t.trace == std::vector<std::string>{"before complete gpt-4o", "request 1", "response 400",
                                              "failure " + std::string(to_string(failed.error().kind()))});
}

TEST_CASE("An observer sees embeddings", "[observer][basic_llm]") {
    auto cfg = test_config();
    cfg.embedding_model = "text-embedding-3-small";
    test_llm llm{cfg};
    auto& t = llm.add_observer(tracer{});
    llm.transport().respond(200, fixture("openai/response-embeddings.json"));
    auto e = llm.embed({"one", "two"});
    REQUIRE(e);
    REQUIRE(t.trace.size() == 4);
    CHECK(t.trace[0] == "before embed gpt-4o");
    CHECK(t.trace[3] == "embeddings " + std::to_string(e.value().vectors.size()));
}

TEST_CASE("An observer's refusal is the call's result, and nothing is sent", "[observer][basic_llm]") {
    test_llm llm{test_config()};
    auto& t = llm.add_observer(tracer{});
    auto& no = llm.add_observer(refuses{});
    llm.transport().respond(200, fixture("openai/response-text.json"));
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error().message == "refused by the observer");
    CHECK(c.error().provider == "openai");
    CHECK(no.asked == 1);
    CHECK(llm.transport().requests().empty());
    CHECK(t.trace == std::vector<std::string>{"before complete gpt-4o", "failure " + std::string(to_string(c.error().kind()))});
}

TEST_CASE("The budget refuses before any observer is asked, and sends nothing", "[observer][budget][basic_llm]") {
    auto cfg = test_config();
    cfg.max_budget = 0.000001;  // less than one response costs
    test_llm llm{cfg};
    auto& t = llm.add_observer(tracer{});
    llm.transport().respond(200, fixture("openai/response-text.json")).respond(200, fixture("openai/response-text.json"));
    REQUIRE(llm.complete(hello()));
    t.trace.clear();
    auto refused = llm.complete(hello());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind() == errc::budget_exceeded);
    CHECK(llm.transport().requests().size() == 1);
    CHECK(t.trace == std::vector<std::string>{"failure " + std::string(to_string(errc::budget_exceeded))});
    t.trace.clear();
    auto streamed = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(streamed);
    CHECK(streamed.error().kind() == errc::budget_exceeded);
    CHECK(llm.transport().requests().size() == 1);
    CHECK(t.trace == std::vector<std::string>{"failure " + std::string(to_string(errc::budget_exceeded))});
}
