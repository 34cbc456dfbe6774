#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/deadline.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/deadline.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL request_deadline::request_deadline(const asio::any_io_executor& executor,
                                                const transport_timeouts& timeouts,
                                                std::optional<std::chrono::milliseconds> total)
    : timeouts_(timeouts), timer_(executor) {
    if (const auto limit = total ? total : timeouts.total) total_ = *limit;
    if (total || timeouts.total) total_due_ = clock::now() + total_;
}

POLYLLM_DECL void request_deadline::start(std::weak_ptr<void> owner, unique_function<void()> on_expired) {
    owner_ = std::move(owner);
    on_expired_ = std::move(on_expired);
}

POLYLLM_DECL void request_deadline::enter(request_phase p) {
    phase_ = p;
    phase_started_ = last_activity_ = clock::now();
    ++generation_;
    const auto due = current_deadline();
    if (!due) {
        timer_.cancel();
        return;
    }
    wait_until(*due);
}

POLYLLM_DECL void request_deadline::stop() noexcept {
    stopped_ = true;
    timer_.cancel();
}

POLYLLM_DECL void request_deadline::wait_until(clock::time_point due) {
    timer_.expires_at(due);
    // A wait that completes after its owner (and this timer) is gone touches nothing.
    timer_.async_wait([this, owner = owner_, generation = generation_](std::error_code ec) {
        if (auto alive = owner.lock()) on_timer(ec, generation);
    });
}

POLYLLM_DECL void request_deadline::on_timer(std::error_code ec, unsigned generation) {
    if (ec || stopped_ || expired_ || generation != generation_) return;
    const auto now = clock::now();
    const auto due = current_deadline();
    if (due && now < *due) return wait_until(*due);  // the body phase moved its deadline with each read
    expired_ = true;
    expired_total_ = total_due_ && now >= *total_due_;
    timer_.cancel();
    if (on_expired_) on_expired_();
}

POLYLLM_DECL error request_deadline::timeout_error(const timeout_context& at) const {
    const auto ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; };
    const auto limit = phase_limit().value_or(std::chrono::milliseconds::zero());
    std::string where;
    std::string message;
    switch (phase_) {
        case request_phase::connect:
            where = "while connecting to " + at.hop;
            message = "connect timeout: no connection to " + at.hop + " within " + ms(limit);
            break;
        case request_phase::tls_handshake:
            where = "during the TLS handshake with " + at.target;
            message = "TLS handshake timeout: the handshake with " + at.target + " took longer than " + ms(limit);
            break;
        case request_phase::response_headers:
            where = at.writing ? "while sending the request to " + at.target
                               : "while waiting for the response headers from " + at.target;
            message = "response headers timeout: " + at.target +
                      (at.writing ? " did not take the request" : " sent no complete response headers") + " within " +
                      ms(limit) + " of the request";
            break;
        case request_phase::body:
            where = "while reading the response body from " + at.target;
            message = "body idle timeout: " + at.target + " sent no body bytes for " + ms(limit) + " (after " +
                      std::to_string(at.body_bytes) + " body bytes)";
            break;
    }
    if (expired_total_) message = "total timeout: the request took longer than " + ms(total_) + " (" + where + ")";
    return error{errc::timeout, std::move(message)};
}

}  // namespace detail
POLYLLM_NAMESPACE_END
