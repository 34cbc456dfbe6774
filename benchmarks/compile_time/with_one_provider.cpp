// What a user's translation unit costs to compile when it includes only the provider it uses: OpenAI's entry header,
// and basic_llm<openai> over the real transport instantiated by a synchronous, a streaming and an asynchronous call.
#include <polyllm/openai.hpp>

int main() {
    polyllm::llm_config config;
    config.model = "gpt-4o";
    polyllm::openai_llm llm(config);
    polyllm::request req;
    req.messages.push_back(polyllm::message::user("Hello"));
    auto answer = llm.complete(req);
    auto streamed = llm.stream(req, [](const polyllm::stream_event&) {});
    llm.async_complete(req, [](polyllm::result<polyllm::completion>) {});
    return answer && streamed ? 0 : 1;
}
