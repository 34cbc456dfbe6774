// testing_with_cassettes: a Catch2 test of code that talks to a model, run against a recording (docs/testing.md).
// The first run with POLYLLM_RECORD_MODE=all (and a key) records cassettes/greetings.json; every later run replays
// it: no network, no key, the same answers every time. A request the recording does not hold fails the test and
// names the closest recorded one.

#define CATCH_CONFIG_MAIN
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#ifndef POLYLLM_EXAMPLE_CASSETTES
#define POLYLLM_EXAMPLE_CASSETTES "cassettes"
#endif

namespace {

// The code under test: any connection will do, so the test can give it one over a cassette.
template <class LLM>
polyllm::result<std::string> greet(LLM& llm, const std::string& greeting, bool stream = false) {
    polyllm::request req;
    req.messages = {polyllm::message::user(greeting)};
    std::string streamed;
    auto reply = stream ? llm.stream(req,
                                     [&](const polyllm::stream_event& e) {
                                         if (auto* t = std::get_if<polyllm::text_delta>(&e)) streamed += t->text;
                                     })
                        : llm.complete(req);
    if (!reply) return reply.error();
    if (stream && streamed != reply.value().message.text())
        return polyllm::error{polyllm::errc::malformed_response, "the streamed text is not the completion's"};
    return reply.value().message.text();
}

using cassette_llm = polyllm::basic_llm<polyllm::openai, polyllm::cassette_transport<>>;

cassette_llm connection() {
    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    // Recording needs the real key; replaying needs none, but the provider wants one to build its request.
    const char* key = std::getenv("OPENAI_API_KEY");
    cfg.api_key = polyllm::secret(key ? key : "sk-not-needed-to-replay");
    cassette_llm llm{cfg};
    llm.transport().redact(cfg.api_key);  // the key never reaches the file, wherever the server echoes it
    return llm;
}

}  // namespace

TEST_CASE("greet answers from the recorded session") {
    auto llm = connection();
    // The mode is POLYLLM_RECORD_MODE's (once, none, new_episodes, all), else once: replay when the file exists.
    REQUIRE(llm.transport().open(POLYLLM_EXAMPLE_CASSETTES "/greetings.json"));

    auto plain = greet(llm, "Hello from a cassette");
    REQUIRE(plain);
    CHECK(plain.value() == "Hello from a cassette");  // the local server that recorded it echoes

    auto streamed = greet(llm, "Stream me", true);
    REQUIRE(streamed);
    CHECK(streamed.value() == "Stream me");

    if (llm.transport().replaying() && !llm.transport().recording()) {
        // A request the recording does not hold is an error, not a network call.
        auto unknown = greet(llm, "Something the recording never saw");
        REQUIRE_FALSE(unknown);
        CHECK(unknown.error() == polyllm::errc::invalid_config);
    }
}
