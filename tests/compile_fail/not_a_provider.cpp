// A type without parse() passed to basic_llm: the first error names the missing function.
// expect: this type is not a Provider: it needs `result<completion> parse\(const http_response&
#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

struct no_parse {
    static constexpr std::string_view name = "broken";
    struct options {};
    polyllm::result<polyllm::http_request> prepare(const polyllm::request&,
                                                   const polyllm::call_context<options>&) const {
        return polyllm::http_request{};
    }
    bool should_retry(const polyllm::error&) const { return false; }
    polyllm::token_count tokenize(std::string_view, const polyllm::call_context<options>&) const { return {}; }
};

int main() {
    polyllm::basic_llm<no_parse, polyllm::scripted_transport> llm{polyllm::llm_config{}};
}
