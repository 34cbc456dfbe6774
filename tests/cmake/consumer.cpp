// The program every consumer project builds: a completion through the scripted transport. It includes what a program
// that uses one provider would: the provider's entry header and the test double, where the package has them (the
// include tree); the single header holds everything. The narrower includes halve what each consumer compiles.
#if __has_include(<polyllm/openai.hpp>)
#include <polyllm/openai.hpp>
#include <polyllm/transport/scripted_transport.hpp>
#else
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>
#endif

#include <cstdio>

int main() {
    polyllm::llm_config config;
    config.model = "gpt-4o";
    config.api_key = "sk-consumer";
    polyllm::basic_llm<polyllm::openai, polyllm::scripted_transport> llm{config};
    llm.transport().respond(200, R"({"id": "c1", "model": "gpt-4o", "choices": [{"index": 0,
        "message": {"role": "assistant", "content": "consumed"}, "finish_reason": "stop"}]})");
    polyllm::request request;
    request.messages.push_back(polyllm::message::user("ping"));
    auto completion = llm.complete(request);
    if (!completion || completion.value().message.text() != "consumed") {
        std::puts("consumer: unexpected result");
        return 1;
    }
    std::printf("consumer: polyllm %s works\n", polyllm::version_string);
    return 0;
}
