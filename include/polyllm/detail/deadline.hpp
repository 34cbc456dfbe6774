#pragma once
/// @file
/// @brief The timeouts of one request as one object: a limit per phase (connect, TLS handshake, response headers,
/// body idle) and the total, on one timer, and the stop switch the other layers read. When a deadline passes it calls
/// its `on_expired` (which closes the connection); a cancellation stops it the same way. The connect and exchange
/// layers know nothing of time: they check `interrupted()`, or run over a `timed_stream` that does.

#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/transport/transport_options.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief The phases a request passes through, each with its own limit in `transport_timeouts`.
enum class request_phase { connect, tls_handshake, response_headers, body };

/// @brief What a timeout message names: where the request was when its time ran out.
struct timeout_context {
    std::string hop;                  ///< "host:port", or "the proxy host:port"
    std::string target;               ///< the origin's "host:port"
    bool writing = false;             ///< the request was still being sent
    std::uint64_t body_bytes = 0;     ///< response body bytes read
};

class request_deadline {
public:
    using clock = std::chrono::steady_clock;

    /// @brief `total`: the request's own total timeout, which overrides `timeouts.total`.
    POLYLLM_DECL request_deadline(const asio::any_io_executor& executor, const transport_timeouts& timeouts,
                                  std::optional<std::chrono::milliseconds> total);

    /// @brief `on_expired` is called (once, on the executor) when a deadline passes, unless `owner` (the object
    /// this deadline belongs to, and so the timer) is gone by then.
    POLYLLM_DECL void start(std::weak_ptr<void> owner, unique_function<void()> on_expired);

    /// @brief The phase `p` begins, and its limit with it.
    POLYLLM_DECL void enter(request_phase p);

    /// @brief Bytes arrived: the body's idle limit counts from now.
    void saw_activity() noexcept { last_activity_ = clock::now(); }

    /// @brief The request ended, or was cancelled: no deadline fires after this, and `interrupted()` is true.
    POLYLLM_DECL void stop() noexcept;

    /// @brief A deadline passed, or the request was stopped: an operation that completes now must do nothing more.
    [[nodiscard]] bool interrupted() const noexcept { return expired_ || stopped_; }
    [[nodiscard]] bool expired() const noexcept { return expired_; }
    [[nodiscard]] request_phase phase() const noexcept { return phase_; }

    /// @brief The `errc::timeout` error of the deadline that passed, naming its phase (or the total).
    [[nodiscard]] POLYLLM_DECL error timeout_error(const timeout_context& where) const;

private:
    [[nodiscard]] std::optional<std::chrono::milliseconds> phase_limit() const noexcept {
        switch (phase_) {
            case request_phase::connect: return timeouts_.connect;
            case request_phase::tls_handshake: return timeouts_.tls_handshake;
            case request_phase::response_headers: return timeouts_.response_headers;
            case request_phase::body: return timeouts_.body_idle;
        }
        return std::nullopt;
    }

    // The phase's deadline (the body's moves with each read) or the total, whichever comes first.
    [[nodiscard]] std::optional<clock::time_point> current_deadline() const noexcept {
        std::optional<clock::time_point> due = total_due_;
        if (const auto limit = phase_limit()) {
            const auto phase_due = (phase_ == request_phase::body ? last_activity_ : phase_started_) + *limit;
            if (!due || phase_due < *due) due = phase_due;
        }
        return due;
    }

    POLYLLM_DECL void wait_until(clock::time_point due);
    POLYLLM_DECL void on_timer(std::error_code ec, unsigned generation);

    const transport_timeouts& timeouts_;
    asio::steady_timer timer_;
    std::weak_ptr<void> owner_;
    unique_function<void()> on_expired_;
    unsigned generation_ = 0;  // a wait armed for an earlier phase is ignored
    request_phase phase_ = request_phase::connect;
    clock::time_point phase_started_{};
    clock::time_point last_activity_{};
    std::optional<clock::time_point> total_due_;
    std::chrono::milliseconds total_{0};
    bool expired_ = false;
    bool expired_total_ = false;
    bool stopped_ = false;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/deadline.ipp>
#endif
