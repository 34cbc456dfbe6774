#pragma once
/// @file
/// @brief The rate-limit state providers report in response headers, read into one shape: OpenAI's (and the
/// compatible servers') `x-ratelimit-*` and Anthropic's `anthropic-ratelimit-*`.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/charconv.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <iterator>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief One limited resource: the limit, what is left, and how long until it is replenished.
struct rate_limit {
    std::optional<std::int64_t> limit;
    std::optional<std::int64_t> remaining;
    std::optional<std::chrono::milliseconds> reset_after;  ///< measured from the response

    [[nodiscard]] bool known() const noexcept { return limit || remaining || reset_after; }
    friend bool operator==(const rate_limit&, const rate_limit&) = default;
};

/// @brief Requests and tokens per window; Anthropic also limits input and output tokens apart.
struct rate_limits {
    rate_limit requests;
    rate_limit tokens;
    rate_limit input_tokens;
    rate_limit output_tokens;

    [[nodiscard]] bool known() const noexcept {
        return requests.known() || tokens.known() || input_tokens.known() || output_tokens.known();
    }
    friend bool operator==(const rate_limits&, const rate_limits&) = default;
};

/// @brief Reads whichever rate-limit headers the response has. Anthropic's absolute reset times are turned into
/// waits measured from `now` (the caller passes the response's Date when it has one).
[[nodiscard]] POLYLLM_DECL rate_limits rate_limits_from(const http_headers& h,
                                                        std::chrono::system_clock::time_point now);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/rate_limits.ipp>
#endif
