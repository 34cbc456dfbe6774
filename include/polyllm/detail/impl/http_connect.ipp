#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/http_connect.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/http_connect.hpp>

#include <asio/connect.hpp>
#include <asio/error.hpp>
#include <asio/write.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL http_connect::http_connect(transport_state& state, connect_route route, request_deadline& deadline,
                                        completion done)
    : state_(state), route_(route), deadline_(deadline), done_(std::move(done)), resolver_(state.executor) {}

POLYLLM_DECL std::string hop_name(const connect_route& route) {
    return route.proxy ? "the proxy " + authority(*route.proxy) : authority(*route.target);
}

POLYLLM_DECL void http_connect::start() {
    connection_ = std::make_unique<http_connection>(state_.executor);
    deadline_.enter(request_phase::connect);
    std::error_code not_an_address;
    const auto address = asio::ip::make_address(hop().host, not_an_address);
    if (!not_an_address) {  // an IP literal needs no resolver
        endpoints_.assign(1, asio::ip::tcp::endpoint(address, hop().port));
        return connect_to_endpoints();
    }
    resolver_.async_resolve(hop().host, std::to_string(hop().port), asio::ip::resolver_base::numeric_service,
                            [self = shared_from_this()](std::error_code ec, asio::ip::tcp::resolver::results_type r) {
                                self->on_resolved(ec, std::move(r));
                            });
}

POLYLLM_DECL void http_connect::stop() noexcept {
    resolver_.cancel();
    if (connection_) connection_->close();
}

POLYLLM_DECL void http_connect::on_resolved(std::error_code ec,
                                            const asio::ip::tcp::resolver::results_type& results) {
    if (interrupted()) return;
    if (ec) return fail(errc::connection, "cannot resolve " + hop().host + ": " + ec.message());
    endpoints_.clear();
    for (const auto& entry : results) endpoints_.push_back(entry.endpoint());
    connect_to_endpoints();
}

POLYLLM_DECL void http_connect::connect_to_endpoints() {
    auto self = shared_from_this();
    asio::async_connect(
        connection_->socket(), endpoints_,
        // Checked before each address: once interrupted, no further address is tried.
        [self](const std::error_code&, const asio::ip::tcp::endpoint&) { return !self->deadline_.interrupted(); },
        [self](std::error_code ec, const asio::ip::tcp::endpoint&) { self->on_connected(ec); });
}

POLYLLM_DECL void http_connect::on_connected(std::error_code ec) {
    if (interrupted()) return;
    if (ec) return fail(errc::connection, "cannot connect to " + hop_name() + ": " + ec.message());
    connection_->socket().set_option(asio::ip::tcp::no_delay(true), ec);
    if (route_.proxy) return open_tunnel();
    if (route_.tls) return handshake();
    complete(std::move(connection_));
}

POLYLLM_DECL void http_connect::open_tunnel() {
    connect_wire_ = connect_request(*route_.target, *route_.proxy);
    tunnel_parser_.emplace(http_parser_limits{state_.options.limits.header_bytes, std::uint64_t{64} * 1024});
    tunnel_parser_->set_request_method("CONNECT");
    asio::async_write(connection_->socket(), asio::buffer(connect_wire_),
                      [self = shared_from_this()](std::error_code ec, std::size_t) {
                          if (self->interrupted()) return;
                          if (ec)
                              return self->fail(errc::connection, "sending CONNECT to " + self->hop_name() +
                                                                      " failed: " + ec.message());
                          self->read_tunnel_reply();
                      });
}

POLYLLM_DECL void http_connect::read_tunnel_reply() {
    const auto buffer = connection_->read_buffer();
    connection_->socket().async_read_some(asio::buffer(buffer.data(), buffer.size()),
                                          [self = shared_from_this()](std::error_code ec, std::size_t n) {
                                              self->on_tunnel_reply(ec, n);
                                          });
}

POLYLLM_DECL void http_connect::on_tunnel_reply(std::error_code ec, std::size_t n) {
    if (interrupted()) return;
    if (ec)
        return fail(errc::connection, hop_name() + " closed the connection before answering CONNECT: " + ec.message());
    auto bytes = connection_->buffer(n);
    while (!bytes.empty() && !tunnel_parser_->done()) {
        auto used = tunnel_parser_->put(bytes, [](std::string_view) {});  // a refusal's body is not needed
        if (!used) return fail(used.error().code, used.error().message + " (from " + hop_name() + ")");
        bytes.remove_prefix(used.value());
        if (tunnel_parser_->header_done() && tunnel_parser_->status() / 100 == 2) break;
    }
    if (!tunnel_parser_->header_done()) return read_tunnel_reply();
    const int status = tunnel_parser_->status();
    if (status / 100 != 2) {
        const auto answer = std::to_string(status) + " " + tunnel_parser_->reason();
        if (status == 407)
            return fail(errc::invalid_config, hop_name() + " requires credentials or rejected them (" + answer +
                                                   "): set them in the proxy URL, http://user:password@host:port");
        return fail(errc::connection,
                    hop_name() + " refused the tunnel to " + authority(*route_.target) + ": " + answer);
    }
    if (!bytes.empty())
        return fail(errc::protocol_error, hop_name() + " sent bytes after its CONNECT answer, before TLS began");
    tunnel_parser_.reset();
    handshake();
}

POLYLLM_DECL void http_connect::handshake() {
    deadline_.enter(request_phase::tls_handshake);
    const auto& target = *route_.target;
    const bool verify = !state_.options.tls.insecure_skip_verification;
    if (!verify)
        state_.log(log_level::warning, "TLS certificate and host name verification is OFF for " + authority(target) +
                                           " (tls_options::insecure_skip_verification): this connection is not "
                                           "authenticated, and anyone on the path can read and change it");
    if (auto ok = connection_->start_tls(*route_.tls, target, verify); !ok) return complete(std::move(ok).error());
    connection_->async_handshake([self = shared_from_this()](std::error_code ec) {
        if (self->interrupted()) return;
        if (ec) {
            error e{errc::connection, "TLS handshake with " + authority(*self->route_.target) +
                                          " failed: " + describe_tls_failure(ec, self->connection_->ssl())};
            if (tls_failure_is_permanent(ec, self->connection_->ssl())) e.verdict = retry_verdict::no;
            return self->complete(std::move(e));
        }
        self->complete(std::move(self->connection_));
    });
}

POLYLLM_DECL bool http_connect::interrupted() {
    if (finished_) return true;
    if (!deadline_.interrupted()) return false;
    complete(error{errc::cancelled, "connecting to " + hop_name() + " was interrupted"});
    return true;
}

POLYLLM_DECL void http_connect::fail(errc code, std::string message) {
    complete(error{code, std::move(message)});
}

POLYLLM_DECL void http_connect::fail(std::error_code code, std::string message) {
    complete(error{code, std::move(message)});
}

POLYLLM_DECL void http_connect::complete(result<std::unique_ptr<http_connection>> outcome) {
    if (finished_) return;
    finished_ = true;
    if (!outcome && connection_) connection_->close();
    auto done = std::move(done_);
    done(std::move(outcome));
}

}  // namespace detail
POLYLLM_NAMESPACE_END
