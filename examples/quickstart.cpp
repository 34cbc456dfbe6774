// quickstart: one chat completion, with a retried rate limit, against a scripted transport.
//
// The scripted transport answers like OpenAI would, so this runs anywhere without a key or a network; swap it for
// the default transport (basic_llm<polyllm::openai>) to talk to the real API.

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <cstdio>

int main() {
    polyllm::llm_config config;
    config.model = "gpt-4o";
    config.api_key = "sk-demo";

    polyllm::basic_llm<polyllm::openai, polyllm::scripted_transport> llm{config};
    llm.transport()
        .respond(429, R"({"error": {"message": "Rate limit reached for gpt-4o", "type": "tokens",
                                    "code": "rate_limit_exceeded"}})",
                 {{"retry-after-ms", "1500"}})
        .respond(200, R"({"id": "chatcmpl-demo", "model": "gpt-4o-2024-08-06",
                          "choices": [{"index": 0, "finish_reason": "stop",
                                       "message": {"role": "assistant", "content": "Hello from polyllm!"}}],
                          "usage": {"prompt_tokens": 12, "completion_tokens": 5,
                                    "prompt_tokens_details": {"cached_tokens": 0}}})",
                 {{"x-request-id", "req_demo"}});

    llm.on_retry([](const polyllm::retry_event& e) {
        std::printf("retrying in %.1f s (attempt %d of %d): %s\n", double(e.delay.count()) / 1000.0, e.attempt,
                    e.max_attempts, e.cause.to_string().c_str());
    });

    polyllm::request request;
    request.messages = {polyllm::message::system("You are terse."), polyllm::message::user("Say hello.")};

    auto completion = llm.complete(request);
    if (!completion) {
        std::fprintf(stderr, "error: %s\n", completion.error().to_string().c_str());
        return 1;
    }
    const auto& c = completion.value();
    std::printf("%s\n", c.message.text().c_str());
    std::printf("model %s, finish %s, %lld prompt + %lld completion tokens, request %s\n", c.model.c_str(),
                std::string(polyllm::to_string(c.finish_reason)).c_str(), (long long)c.usage.prompt_tokens.value_or(-1),
                (long long)c.usage.completion_tokens.value_or(-1), c.request_id.c_str());
    std::printf("sent %zu requests, waited %.1f s of virtual time\n", llm.transport().requests().size(),
                double(llm.transport().elapsed().count()) / 1000.0);
    return 0;
}
