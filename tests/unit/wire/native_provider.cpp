// examples/native_provider.hpp: Quill, a provider with its own wire format written on the public API and wire/ alone,
// end to end through basic_llm<quill, scripted_transport>: complete, stream, errors with and without retry.

#include "native_provider.hpp"

#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/pieces.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;
using polyllm_test::pieces;
using quill_example::quill;

namespace {

using quill_llm = basic_llm<quill, scripted_transport>;
constexpr const char* key = "qk-DO-NOT-LEAK-0123456789";

quill_llm make_llm() {
    llm_config cfg;
    cfg.model = "quill/quill-2";
    cfg.api_key = key;
    quill_llm llm{cfg, quill::options{.warmth = 0.5}};
    llm.retry_policy().jitter = 0;
    return llm;
}

request hello() {
    request r;
    r.messages = {message::system("Write tersely."), message::user("Hello!")};
    r.max_tokens = 64;
    r.stop = {"END"};
    r.extra = {{"budget", 32}, {"ink", "blue"}};
    return r;
}

}  // namespace

TEST_CASE("native provider: complete sends Quill's own body and reads its own response", "[wire][native_provider]") {
    auto llm = make_llm();
    llm.transport().respond(200, fixture("quill/response.json"), {{"quill-ticket", "t-1"}});
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().id == "q-7");
    CHECK(c.value().model == "quill-2-0611");
    CHECK(c.value().message.text() == "Ink and paper.");
    CHECK(c.value().finish_reason == finish_reason::stop);
    CHECK(c.value().finish_reason_raw == "done");
    CHECK(c.value().usage == usage{12, 4});
    CHECK(c.value().request_id == "t-1");

    REQUIRE(llm.transport().requests().size() == 1);
    const auto& sent = llm.transport().requests()[0];
    CHECK(sent.url == "https://api.quill.example/v2/compose");
    CHECK(sent.headers.find("Quill-Key") == key);
    CHECK_FALSE(sent.stream);
    const auto body = nlohmann::ordered_json::parse(sent.body);
    CHECK(body.dump() ==
          R"({"engine":"quill-2","script":[{"voice":"guide","words":"Write tersely."},{"voice":"reader","words":"Hello!"}],)"
          R"("budget":32,"warmth":0.5,"halt_on":["END"],"ink":"blue"})");  // extra's budget in its place
}

TEST_CASE("native provider: a stream at every piece size gives the events and what complete would",
          "[wire][native_provider]") {
    const auto sse = fixture("quill/stream.sse");
    for (std::size_t size : {1u, 2u, 7u, 64u, 4096u}) {
        INFO(size);
        auto llm = make_llm();
        llm.transport().respond_stream(pieces(sse, size), {{"quill-ticket", "t-2"}});
        std::string text;
        int finishes = 0;
        auto c = llm.stream(hello(), [&](const stream_event& e) {
            if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
            if (std::holds_alternative<polyllm::finish>(e)) ++finishes;
        });
        REQUIRE(c);
        CHECK(text == "Ink and paper.");
        CHECK(finishes == 1);
        CHECK(c.value().message.text() == "Ink and paper.");
        CHECK(c.value().id == "q-8");
        CHECK(c.value().usage == usage{12, 4});
        CHECK(c.value().finish_reason == finish_reason::stop);
        CHECK(nlohmann::json::parse(llm.transport().requests()[0].body)["live"] == true);
    }
}

TEST_CASE("native provider: a busy answer is retried, classified once by the error dialect", "[wire][native_provider]") {
    auto llm = make_llm();
    llm.transport()
        .respond(503, fixture("quill/error-busy.json"))
        .respond(200, fixture("quill/response.json"));
    std::vector<error> causes;
    llm.on_retry([&](const retry_event& e) { causes.push_back(e.cause); });
    auto c = llm.complete(hello());
    REQUIRE(c);
    CHECK(c.value().message.text() == "Ink and paper.");
    CHECK(llm.transport().requests().size() == 2);
    REQUIRE(causes.size() == 1);
    CHECK(causes[0].kind() == errc::service_unavailable);
    CHECK(causes[0].type == "busy");
    CHECK(causes[0].message == "the quill is overloaded");
    CHECK(causes[0].verdict == retry_verdict::yes);
}

TEST_CASE("native provider: a spent credit is not retried", "[wire][native_provider]") {
    auto llm = make_llm();
    llm.transport().respond(429, fixture("quill/error-no-credit.json"), {{"quill-ticket", "t-3"}});
    auto c = llm.complete(hello());
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::quota_exceeded);
    CHECK(c.error().http_status == 429);
    CHECK(c.error().message == "top up your account");
    CHECK(c.error().request_id == "t-3");
    CHECK(c.error().verdict == retry_verdict::no);
    CHECK(llm.transport().requests().size() == 1);
    CHECK_FALSE(quill{}.should_retry(c.error()));
}

TEST_CASE("native provider: a trouble event in a stream fails it with what arrived", "[wire][native_provider]") {
    auto llm = make_llm();
    llm.transport().respond_stream(pieces(fixture("quill/stream-trouble.sse"), 5));
    auto c = llm.stream(hello(), [](const stream_event&) {});
    REQUIRE_FALSE(c);
    CHECK(c.error() == errc::service_unavailable);
    CHECK(c.error().message == "the quill is overloaded");
    REQUIRE(c.error().partial);
    CHECK(c.error().partial->message.text() == "Ink ");
}

TEST_CASE("native provider: no key, nothing sent; a body that is not Quill's is malformed", "[wire][native_provider]") {
    llm_config cfg;
    cfg.model = "quill-2";
    const llm_config& config = cfg;
    const quill::options options;
    CHECK(quill{}.prepare(hello(), {config, options}).error() == errc::invalid_config);
    auto bad = quill{}.parse({200, {}, {}, "<html>oops</html>"}, {config, options});
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == errc::malformed_response);
    auto wrong = quill{}.parse({200, {}, {}, R"({"draft": {"words": 7}})"}, {config, options});
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error() == errc::malformed_response);
    auto in_200 = quill{}.parse({200, {}, {}, fixture("quill/error-busy.json")}, {config, options});
    REQUIRE_FALSE(in_200);
    CHECK(in_200.error() == errc::service_unavailable);
}
