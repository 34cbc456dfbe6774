#pragma once
/// @file
/// @brief An HTTP status as an `errc`: the reading every provider starts from, before its own error types and codes
/// refine it (a 400 whose message says the prompt is too long is `context_window_exceeded`, a 429 whose code says the
/// credit is spent is `quota_exceeded`).

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief 400 and 422 `bad_request`, 401 `authentication`, 403 `permission_denied`, 404 `not_found`, 408 and 504
/// `timeout`, 409 `conflict`, 413 `context_window_exceeded`, 429 `rate_limited`, 503 and 529 (Anthropic's
/// "overloaded") `service_unavailable`, any other 5xx `server_error`, any other 4xx `bad_request`. A 2xx or 1xx is
/// `server_error`: it is asked only for a response that carries an error anyway (an error body on a 200, an error
/// event in a stream), where the server failed whatever its status said.
[[nodiscard]] constexpr errc errc_for_status(int status) noexcept {
    switch (status) {
        case 400: case 422: return errc::bad_request;
        case 401: return errc::authentication;
        case 403: return errc::permission_denied;
        case 404: return errc::not_found;
        case 408: case 504: return errc::timeout;
        case 409: return errc::conflict;
        case 413: return errc::context_window_exceeded;
        case 429: return errc::rate_limited;
        case 503: case 529: return errc::service_unavailable;
        default: break;
    }
    if (status >= 500) return errc::server_error;
    if (status >= 400) return errc::bad_request;
    return errc::server_error;
}

/// @brief True for a 2xx status.
[[nodiscard]] constexpr bool is_success(int status) noexcept { return status >= 200 && status < 300; }

}  // namespace wire
POLYLLM_NAMESPACE_END
