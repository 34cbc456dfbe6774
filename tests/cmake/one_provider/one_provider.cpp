// A program that uses one provider: its entry header only, basic_llm<openai> over the real transport. The call goes
// to a port nobody listens on, so it fails at once without a network, after running the compiled call path.
#include <polyllm/openai.hpp>

#include <cstdio>

int main() {
    polyllm::llm_config config;
    config.model = "gpt-4o";
    config.api_key = "sk-consumer";
    config.base_url = "http://127.0.0.1:1/v1";
    config.num_retries = 0;
    polyllm::openai_llm llm{config};
    polyllm::request request;
    request.messages.push_back(polyllm::message::user("ping"));
    auto completion = llm.complete(request);
    if (completion || completion.error().code != polyllm::errc::connection) {
        std::puts("consumer: expected a connection error");
        return 1;
    }
    std::printf("consumer: polyllm %s works\n", polyllm::version_string);
    return 0;
}
