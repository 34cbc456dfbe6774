#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/event_stream_error.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/event_stream_error.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL void unwrap_event_stream_error(http_response& res) {
    if (res.status >= 200 && res.status < 300) return;
    if (to_lower(res.headers.value_or_empty("content-type")).find("text/event-stream") == std::string::npos) return;
    std::string found;
    sse_parser parser;
    // A body that ends without the blank line after its last event is complete here: the response is whole.
    const std::string body = res.body + "\n\n";
    parser.feed(body, [&](const sse_event& event) {
        auto json = nlohmann::json::parse(event.data, nullptr, false);
        if (!json.is_object()) return true;
        found = std::string(event.data);
        return false;
    });
    if (!found.empty()) res.body = std::move(found);
}

}  // namespace detail
POLYLLM_NAMESPACE_END
