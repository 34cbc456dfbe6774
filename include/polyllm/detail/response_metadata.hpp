#pragma once
/// @file
/// @brief What a completion carries of the HTTP response it came in, whichever way it arrived and whichever
/// provider parsed it: the request id, the rate limits, the headers with the key removed; and the key removed
/// from an error body before a provider reads it.

#include <polyllm/detail/redact.hpp>
#include <polyllm/http.hpp>
#include <polyllm/rate_limits.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief Sets `c`'s headers, rate limits and (when the provider names its header, and the parser found none)
/// request id from `res`. A server that echoes the key in a header does not get it into the completion.
inline void attach_response(completion& c, const http_response& res, std::string_view request_id_header,
                            std::string_view secret) {
    if (!request_id_header.empty() && c.request_id.empty())
        c.request_id = std::string(res.headers.value_or_empty(request_id_header));
    auto now = std::chrono::system_clock::now();
    if (auto date = res.headers.find("date"))
        if (auto server_now = parse_http_date(*date)) now = *server_now;
    c.rate_limits = rate_limits_from(res.headers, now);
    if (secret.empty()) {
        c.headers = res.headers;
        return;
    }
    c.headers = {};
    for (const auto& h : res.headers) {
        std::string value = h.value;
        redact(value, secret);
        c.headers.add(h.name, std::move(value));
    }
}

/// @brief An error body loses the key before the provider cuts an excerpt from it: a key that straddles the cut
/// would not be recognised afterwards. A 2xx body is the completion, left as it came.
inline void scrub_error_body(http_response& response, std::string_view secret) {
    if (response.status < 200 || response.status >= 300) redact(response.body, secret);
}

}  // namespace detail
POLYLLM_NAMESPACE_END
