#pragma once
/// @file
/// @brief The server's retry hints, read from response headers: `retry-after-ms`, `retry-after` (seconds or an
/// HTTP date) and `x-should-retry`. Pure functions of the headers and a clock reading.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/charconv.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief The longest wait a hint is read as (a century). A server that asks for longer, however absurdly
/// (`retry-after: 99999999999999999999999`, `retry-after-ms: 1e308`), gets this: a wait far beyond any retry cap, so
/// the call gives up with the hint in the error instead of ignoring it and retrying after the usual backoff.
inline constexpr std::chrono::milliseconds retry_hint_ceiling = std::chrono::hours(24) * 36525;

/// @brief An HTTP date in any of the three forms RFC 9110 requires recipients to accept:
/// "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994".
[[nodiscard]] POLYLLM_DECL std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s);

/// @brief The server's requested wait: `retry-after-ms` first (OpenAI's, more precise), then `retry-after` as
/// seconds or as an HTTP date measured from `now`. Negative when the date has passed; the retry policy decides
/// what to do with it. At most `retry_hint_ceiling`. Empty when there is no usable hint.
[[nodiscard]] POLYLLM_DECL std::optional<std::chrono::milliseconds> retry_after_from(
    const http_headers& headers, std::chrono::system_clock::time_point now);

/// @brief The server's `x-should-retry: true|false`, which overrides the provider's classification.
[[nodiscard]] POLYLLM_DECL std::optional<bool> should_retry_from(const http_headers& headers);

/// @brief Adds the server's header hints to an error. Hints merge, never erase: a wait the provider read from the
/// body (Gemini's `RetryInfo`) stays unless a header asks for longer, and an absent `x-should-retry` leaves the
/// error's as it was. Dates are measured from the response's own `Date` header when it has one, so a skewed local
/// clock does not stretch or shrink the wait.
POLYLLM_DECL void apply_retry_hints(error& e, const http_headers& headers,
                                    std::chrono::system_clock::time_point local_now);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/retry/impl/hints.ipp>
#endif
