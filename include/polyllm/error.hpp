#pragma once
/// @file
/// @brief Error codes (`errc`), the rich `error` value, `result<T>` on Boost.Outcome, and `llm_error` for
/// callers who prefer exceptions.

#include <polyllm/version.hpp>

#include <boost/outcome/basic_result.hpp>
#include <boost/outcome/policy/base.hpp>
#include <boost/outcome/success_failure.hpp>
#include <boost/outcome/try.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief What went wrong, independent of the provider. 0 means success, as `std::error_code` requires.
enum class errc {
    success = 0,
    authentication,           ///< key missing, malformed or rejected (HTTP 401)
    permission_denied,        ///< key valid but not allowed (HTTP 403)
    not_found,                ///< model or endpoint unknown (HTTP 404)
    bad_request,              ///< the provider rejected the request (HTTP 400, 422)
    context_window_exceeded,  ///< prompt plus output do not fit the model's context
    content_policy,           ///< blocked by the provider's content filter
    rate_limited,             ///< too many requests or tokens per minute (HTTP 429); worth retrying
    quota_exceeded,           ///< out of credit or quota; retrying will not help
    timeout,                  ///< a phase of the request took too long (HTTP 408 too)
    connection,               ///< DNS, connect, TLS or a connection reset
    service_unavailable,      ///< provider overloaded or down (HTTP 503, Anthropic 529)
    server_error,             ///< other 5xx
    conflict,                 ///< HTTP 409; the official SDKs retry it
    malformed_response,       ///< the response is not what the provider documents
    no_response,              ///< a well-formed response without any choice or candidate
    protocol_error,           ///< the HTTP or SSE framing itself is broken, or a size limit was passed
    budget_exceeded,          ///< max_budget is spent; nothing was sent
    unsupported,              ///< the model or provider does not take this parameter or feature
    invalid_config,           ///< configuration rejected before anything was sent
    cancelled,                ///< the caller cancelled the operation
};

POLYLLM_NAMESPACE_END

// Registered before any conversion to std::error_code is instantiated.
template <>
struct std::is_error_code_enum<polyllm::errc> : std::true_type {};

POLYLLM_NAMESPACE_BEGIN

/// @brief The enumerator's name, e.g. "rate_limited"; the CLI and logs print it.
[[nodiscard]] constexpr std::string_view to_string(errc e) noexcept {
    switch (e) {
        case errc::success: return "success";
        case errc::authentication: return "authentication";
        case errc::permission_denied: return "permission_denied";
        case errc::not_found: return "not_found";
        case errc::bad_request: return "bad_request";
        case errc::context_window_exceeded: return "context_window_exceeded";
        case errc::content_policy: return "content_policy";
        case errc::rate_limited: return "rate_limited";
        case errc::quota_exceeded: return "quota_exceeded";
        case errc::timeout: return "timeout";
        case errc::connection: return "connection";
        case errc::service_unavailable: return "service_unavailable";
        case errc::server_error: return "server_error";
        case errc::conflict: return "conflict";
        case errc::malformed_response: return "malformed_response";
        case errc::no_response: return "no_response";
        case errc::protocol_error: return "protocol_error";
        case errc::budget_exceeded: return "budget_exceeded";
        case errc::unsupported: return "unsupported";
        case errc::invalid_config: return "invalid_config";
        case errc::cancelled: return "cancelled";
    }
    return "unknown";
}

namespace detail {

class error_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "polyllm"; }

    POLYLLM_DECL std::string message(int value) const override;

    POLYLLM_DECL std::error_condition default_error_condition(int value) const noexcept override;
};

}  // namespace detail

/// @brief The "polyllm" error category.
[[nodiscard]] POLYLLM_DECL const std::error_category& error_category() noexcept;

/// @brief ADL hook that makes `std::error_code ec = errc::timeout;` work.
[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

struct completion;

/// @brief Whether the same request can succeed when sent again, as the code that classified the error decided
/// (the provider reading a status and body, the transport, a check of polyllm's). `unspecified` leaves it to the
/// provider's `should_retry`; the retry policy alone turns the verdict and the server's hints into a wait
/// (see `retryable` in retry/verdict.hpp).
enum class retry_verdict : unsigned char { unspecified, yes, no };

/// @brief A failed call, classified. Holds what the provider said, never the API key.
struct error {
    std::error_code code;                                  ///< an `errc`, or a system error code
    int http_status = 0;                                   ///< 0 when no HTTP response arrived
    std::string provider;                                  ///< e.g. "openai"
    std::string message;                                   ///< the provider's message, or polyllm's
    std::string type;                                      ///< the provider's error type or code, e.g. "insufficient_quota"
    /// The server's requested wait, when it asked for one: the longest of its hints (`retry-after-ms`,
    /// `retry-after`, a body's retry delay). Hints merge; a later one never erases an earlier one.
    std::optional<std::chrono::milliseconds> retry_after;
    std::optional<bool> should_retry;                      ///< the server's `x-should-retry` verdict, when sent
    retry_verdict verdict = retry_verdict::unspecified;    ///< the classifier's verdict (see retry_verdict)
    std::string request_id;                                ///< the provider's request id, for support tickets
    std::shared_ptr<const completion> partial;             ///< a failed stream: what arrived before the failure
    /// The request, or part of it, had been written when the failure came: the server may have received, done and
    /// billed it. A retry policy that must not risk doing the work twice refuses such an error.
    bool request_sent = false;

    error() = default;
    error(std::error_code c, std::string msg) : code(c), message(std::move(msg)) {}
    error(errc c, std::string msg) : code(make_error_code(c)), message(std::move(msg)) {}

    /// @brief The `errc`; a system error code from the network counts as `errc::connection`.
    [[nodiscard]] errc kind() const noexcept {
        if (code.category() == error_category()) return static_cast<errc>(code.value());
        return code ? errc::connection : errc::success;
    }

    /// @brief One line: `rate_limited (HTTP 429) from openai: Rate limit reached [request req_1]`.
    [[nodiscard]] POLYLLM_DECL std::string to_string() const;

    friend bool operator==(const error& e, errc c) noexcept { return e.kind() == c; }
};

/// @brief The exception thrown by `result<T>::value()` on failure, for callers who prefer exceptions.
class llm_error : public std::system_error {
public:
    POLYLLM_DECL explicit llm_error(polyllm::error e);
    [[nodiscard]] const polyllm::error& error() const noexcept { return error_; }
    [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }

private:
    polyllm::error error_;
    std::string what_;
};

namespace detail {

// Outcome's no-value policy: `.value()` on a failed result throws llm_error with the whole error,
// so the throwing style loses nothing the value style has.
struct throw_llm_error : boost::outcome_v2::policy::base {
    template <class Impl>
    static constexpr void wide_value_check(Impl&& self) {
        if (!base::_has_value(self)) throw llm_error(base::_error(std::forward<Impl>(self)));
    }
    template <class Impl>
    static constexpr void wide_error_check(Impl&& self) {
        if (!base::_has_error(self)) throw std::logic_error("polyllm: error() called on a successful result");
    }
};

}  // namespace detail

/// @brief A value or an `error`. Works with `BOOST_OUTCOME_TRY`; `.value()` throws `llm_error` on failure.
template <class T>
using result = boost::outcome_v2::basic_result<T, error, detail::throw_llm_error>;

using boost::outcome_v2::failure;
using boost::outcome_v2::success;

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/error.ipp>
#endif
