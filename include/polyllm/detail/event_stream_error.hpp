#pragma once
/// @file
/// @brief The error a server sent as events: a 4xx/5xx answer to a streamed request whose body is
/// `text/event-stream` (`event: error` / `data: {"error": ...}`). Every provider's error reader takes a JSON body, so
/// the first event whose data is a JSON object becomes the body it reads. Bytes in, bytes out, no I/O.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/sse_parser.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <string>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief For a non-2xx `text/event-stream` response, replaces the body by the data of its first event that is a
/// JSON object; any other response, or an event stream without such an event, is left as it is.
POLYLLM_DECL void unwrap_event_stream_error(http_response& res);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
