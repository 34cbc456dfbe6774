#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/transport_request.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/transport_request.hpp>

#include <polyllm/detail/http_serializer.hpp>
#include <polyllm/detail/proxy.hpp>
#include <polyllm/detail/timed_stream.hpp>
#include <polyllm/log.hpp>

#include <asio/post.hpp>

#include <chrono>
#include <type_traits>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::shared_ptr<transport_request> transport_request::create(std::shared_ptr<transport_state> state,
                                                                          http_request request, data_handler on_data,
                                                                          completion done) {
    return std::make_shared<transport_request>(std::move(state), std::move(request), std::move(on_data),
                                               std::move(done));
}

POLYLLM_DECL transport_request::transport_request(std::shared_ptr<transport_state> state, http_request request,
                                                  data_handler on_data, completion done)
    : state_(std::move(state)),
      request_(std::move(request)),
      on_data_(std::move(on_data)),
      done_(std::move(done)),
      deadline_(state_->executor, state_->options.timeouts, request_.timeout) {}

POLYLLM_DECL void transport_request::start() {
    deadline_.start(weak_from_this(), [this] { on_expired(); });
    auto parsed = parse_url(request_.url);
    if (!parsed) return fail_soon(std::move(parsed).error());
    target_ = std::move(parsed).value();
    if (cancelled_) return fail_soon(cancelled_error());  // while the start waited its turn on the executor
    if (target_.is_https()) {
        const auto& settings = state_->proxy;
        if (settings.problem) return fail_soon(*settings.problem);
        if (settings.proxy && !bypasses_proxy(settings.no_proxy, target_)) proxy_ = &*settings.proxy;
        auto context = state_->tls_context();
        if (!context) return fail_soon(std::move(context).error());
        tls_context_ = std::move(context).value();
    }
    auto wire = serialize_request(request_, target_);
    if (!wire) return fail_soon(std::move(wire).error());
    wire_ = std::move(wire).value();
    std::string().swap(request_.body);  // the wire copy is the one sent, and sent again on a retry
    authority_ = authority(target_);
    key_ = target_.scheme + "://" + authority_ + (proxy_ ? " via " + authority(*proxy_) : "");
    if (auto pooled = state_->pool.take(key_, std::chrono::steady_clock::now())) {
        connection_ = std::move(pooled);
        reused_ = true;
        return send();
    }
    connect();
}

POLYLLM_DECL void transport_request::cancel() {
    if (finished_) return;
    cancelled_ = true;
    stop_io();
}

POLYLLM_DECL void transport_request::connect() {
    reused_ = false;
    connecting_ = std::make_shared<http_connect>(
        *state_, route(), deadline_,
        [self = shared_from_this()](result<std::unique_ptr<http_connection>> connected) {
            self->on_connected(std::move(connected));
        });
    connecting_->start();
}

POLYLLM_DECL void transport_request::on_connected(result<std::unique_ptr<http_connection>> connected) {
    connecting_.reset();
    if (connected) connection_ = std::move(connected).value();
    if (interrupted()) return;
    if (!connected) return complete(std::move(connected).error());
    send();
}

POLYLLM_DECL void transport_request::send() {
    deadline_.enter(request_phase::response_headers);
    exchange_.emplace(
        exchange_request{wire_, request_.method, authority_,
                         http_parser_limits{state_->options.limits.header_bytes, state_->options.limits.body_bytes}},
        &on_data_, [this] { deadline_.enter(request_phase::body); });
    connection_->with_stream([this](auto& stream) {
        using stream_type = std::remove_reference_t<decltype(stream)>;
        async_exchange(timed_stream<stream_type>(stream, deadline_), connection_->read_buffer(), *exchange_,
                       [self = shared_from_this()] { self->on_exchanged(); });
    });
}

POLYLLM_DECL void transport_request::on_exchanged() {
    if (interrupted()) return;
    if (can_retry()) return retry();
    auto outcome = exchange_->take_result();
    if (outcome && exchange_->reusable()) {
        state_->pool.give_back(key_, std::move(connection_), std::chrono::steady_clock::now(),
                               announced_keep_alive(outcome.value().headers));
    }
    complete(std::move(outcome));
}

POLYLLM_DECL void transport_request::retry() {
    retried_ = true;
    state_->log(log_level::debug, "the idle connection to " + authority(target_) + " was closed by the server " +
                                      (exchange_->may_have_arrived() ? "after the (idempotent) request was written"
                                                                     : "before any of the request was written") +
                                      "; sending it again on a new connection");
    exchange_.reset();
    connection_->close();
    connection_.reset();
    connect();
}

POLYLLM_DECL void transport_request::on_expired() {
    timeout_ = deadline_.timeout_error(timeout_context{hop_name(route()), authority(target_),
                                                       exchange_ && exchange_->writing(),
                                                       exchange_ ? exchange_->body_bytes() : 0});
    stop_io();
}

POLYLLM_DECL error transport_request::cancelled_error() const {
    return error{errc::cancelled, "the request to " + authority(target_) + " was cancelled"};
}

POLYLLM_DECL bool transport_request::interrupted() {
    if (finished_) return true;
    if (cancelled_) {
        complete(cancelled_error());
        return true;
    }
    if (deadline_.expired()) {
        complete(*timeout_);
        return true;
    }
    return false;
}

POLYLLM_DECL void transport_request::stop_io() {
    deadline_.stop();
    if (exchange_) exchange_->interrupted();
    if (connecting_) connecting_->stop();
    if (connection_) connection_->close();
}

POLYLLM_DECL void transport_request::fail_soon(error e) {
    asio::post(state_->executor, [self = shared_from_this(), e = std::move(e)]() mutable { self->complete(std::move(e)); });
}

POLYLLM_DECL void transport_request::complete(result<http_response> outcome) {
    if (finished_) return;
    finished_ = true;
    deadline_.stop();
    if (connection_) connection_->close();  // a reusable one went back to the pool already
    if (!outcome && outcome.error().kind() != errc::cancelled && exchange_) exchange_->note_delivery(outcome.error());
    auto done = std::move(done_);
    done(std::move(outcome));
}

}  // namespace detail
POLYLLM_NAMESPACE_END
