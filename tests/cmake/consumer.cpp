// The program every consumer project builds: a completion through the scripted transport.
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

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
