// A transport without async_send: the diagnostic says what a Transport needs.
// expect: this type is not a Transport: it needs `executor_type`
#include <polyllm/polyllm.hpp>

struct no_send {
    using executor_type = asio::any_io_executor;
    executor_type get_executor() const { return {}; }
};

int main() {
    polyllm::basic_llm<polyllm::openai, no_send> llm{no_send{}, polyllm::llm_config{}};
}
