// One translation unit of the whole library under the strictest warnings users turn on (-Wshadow, -Wconversion,
// -Wsign-conversion with clang) and the designated-initializer style the docs use: it must compile without a warning
// (-Werror), with g++ and with clang, so that polyllm never adds warnings to a user's build.
#include <polyllm/polyllm.hpp>

polyllm::llm_config strict_warnings_config() {
    return polyllm::llm_config{.model = "gpt-4o", .base_url = "http://127.0.0.1:1/v1", .num_retries = 1};
}

polyllm::response_format strict_warnings_format() {
    return polyllm::response_format::json_schema("answer", polyllm::ordered_json::object());
}

// Instantiates basic_llm over every built-in provider (the client's registry), so their templates are checked too.
polyllm::result<polyllm::client> strict_warnings_client() { return polyllm::make_client(strict_warnings_config()); }
