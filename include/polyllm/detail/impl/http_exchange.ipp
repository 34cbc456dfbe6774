#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/http_exchange.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/http_exchange.hpp>

#include <asio/error.hpp>
#include <asio/ssl/error.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL http_exchange::http_exchange(exchange_request request, data_handler* on_data, headers_handler on_headers)
    : request_(std::move(request)),
      on_data_(on_data && *on_data ? on_data : nullptr),
      on_headers_(std::move(on_headers)),
      parser_(request_.limits) {
    parser_.set_request_method(request_.method);
}

POLYLLM_DECL void http_exchange::write_started() noexcept {
    writing_ = true;
    write_started_ = true;
}

POLYLLM_DECL void http_exchange::written(std::error_code ec, std::size_t n) {
    write_ended_ = true;
    written_ = n;
    writing_ = false;
    if (finished()) return;
    if (read_error_) return on_read_error(*read_error_);  // the read ended first: now both outcomes are known
    // A failed write leaves the read going: what the server said before it closed is still to come.
    if (ec) write_error_ = ec;
}

POLYLLM_DECL bool http_exchange::received(std::string_view bytes) {
    received_ += bytes.size();
    while (!bytes.empty()) {
        auto used = parser_.put(bytes, [this](std::string_view piece) { return on_body(piece); });
        if (!used) {
            fail(used.error().code, used.error().message + " (from " + std::string(request_.peer) + ")");
            return false;
        }
        if (used.value() == 0 && !parser_.done() && !stopped_) {
            fail(errc::protocol_error, "the HTTP parser made no progress");  // a bug, never a hang
            return false;
        }
        bytes.remove_prefix(used.value());
        if (!headers_seen_ && parser_.header_done()) on_headers();
        if (stopped_) {  // unread bytes make the connection unusable: it is not reused
            finish();
            return false;
        }
        if (parser_.done()) {
            reusable_ = parser_.keep_alive() && bytes.empty() && !writing_ && !write_error_;
            finish();
            return false;
        }
    }
    return true;
}

POLYLLM_DECL bool http_exchange::read_failed(std::error_code ec) {
    on_read_error(ec);
    return false;
}

POLYLLM_DECL bool http_exchange::on_body(std::string_view piece) {
    if (!streaming_) {
        response_.body.append(piece);
        return true;
    }
    if ((*on_data_)(piece) && !interrupted_) return true;  // a consumer that cancelled the request stops it here
    stopped_ = true;
    return false;
}

POLYLLM_DECL void http_exchange::on_headers() {
    headers_seen_ = true;
    response_.status = parser_.status();
    response_.reason = parser_.reason();
    response_.headers = parser_.release_headers();
    streaming_ = on_data_ && streams_body(response_.status, response_.headers);
    if (streaming_) parser_.set_body_limit(std::nullopt);  // the consumer keeps what it needs
    else if (const auto length = parser_.content_length();
             length && (!request_.limits.body_bytes || *length <= *request_.limits.body_bytes))
        response_.body.reserve(static_cast<std::size_t>(*length));
    if (on_headers_) on_headers_();
}

POLYLLM_DECL void http_exchange::on_read_error(std::error_code ec) {
    if (writing_) {
        // How much of the request left decides between a resend and an error: the caller stops the write (the
        // stream is not reusable), and its completion, which says how many bytes went, finishes the exchange.
        read_error_ = ec;
        return;
    }
    lost_before_response_ = received_ == 0;
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        auto ended = parser_.put_eof();
        if (!ended) {
            auto e = std::move(ended).error();
            return fail(e.code, e.message + " (from " + std::string(request_.peer) + ")");
        }
        if (!headers_seen_ && parser_.header_done()) on_headers();
        return finish();
    }
    if (!headers_seen_) {
        if (write_error_)
            return fail(errc::connection,
                        "sending the request to " + std::string(request_.peer) + " failed: " + write_error_.message());
        return fail(errc::connection, "the connection to " + std::string(request_.peer) +
                                          " failed before the response headers arrived: " + ec.message());
    }
    fail(errc::connection, "the connection to " + std::string(request_.peer) + " failed after " +
                               std::to_string(parser_.body_size()) + " body bytes: " + ec.message());
}

POLYLLM_DECL void http_exchange::fail(errc code, std::string message) {
    finish(error{code, std::move(message)});
}

POLYLLM_DECL void http_exchange::fail(std::error_code code, std::string message) {
    finish(error{code, std::move(message)});
}

POLYLLM_DECL void http_exchange::finish() {
    if (finished_) return;
    finished_ = true;
    pending_at_end_ = writing_;
}

POLYLLM_DECL void http_exchange::finish(error failure) {
    if (finished_) return;
    finish();
    failure_.emplace(std::move(failure));
}

POLYLLM_DECL void http_exchange::note_delivery(error& e) const {
    if (parser_.status() != 0) {
        // The server began to answer, so it has taken (and may bill) the request: sending it again could do
        // the work twice. The error keeps the status that arrived.
        if (e.http_status == 0) e.http_status = parser_.status();
        if (e.verdict == retry_verdict::unspecified) e.verdict = retry_verdict::no;
    }
    if (may_have_arrived()) {
        // The retry policy decides whether to send it again, knowing that this one may have been done and billed.
        e.request_sent = true;
        if (e.kind() == errc::connection && parser_.status() == 0)
            e.message += " (the request had been sent: the server may have received it)";
    }
}

}  // namespace detail
POLYLLM_NAMESPACE_END
