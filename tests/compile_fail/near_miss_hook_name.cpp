// A provider whose optional member has a near-miss name (`request_id_headers` for `request_id_header`) would have it
// silently ignored: the diagnostic names the member polyllm reads instead.
// expect: the member is `static constexpr std::string_view request_id_header`
#include <polyllm/polyllm.hpp>

struct misspelled {
    static constexpr std::string_view name = "misspelled";
    static constexpr std::string_view request_id_headers = "x-request-id";
    struct options {};
    polyllm::result<polyllm::http_request> prepare(const polyllm::request&,
                                                   const polyllm::call_context<options>&) const {
        return polyllm::http_request{};
    }
    polyllm::result<polyllm::completion> parse(const polyllm::http_response&,
                                               const polyllm::call_context<options>&) const {
        return polyllm::completion{};
    }
    bool should_retry(const polyllm::error&) const { return false; }
    polyllm::token_count tokenize(std::string_view, const polyllm::call_context<options>&) const { return {}; }
};

int main() {
    polyllm::register_provider<misspelled>("misspelled");
}
