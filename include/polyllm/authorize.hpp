#pragma once
/// @file
/// @brief The optional provider member `async_authorize`: request signing (AWS SigV4) and access tokens (Google
/// service accounts) added to each attempt's request by `basic_llm`'s retry loop. Providers stay free of I/O:
/// a signature is a pure function of the request, the credentials and the time, and a token exchange goes through
/// the `http_sender` the loop hands over (the call's own transport: its proxy, TLS settings and timeouts).
///
/// The hook runs before every attempt, on that attempt's copy of the prepared request, so each retry is signed
/// afresh (a new date) and a token that expired during the backoff is refreshed.

#include <polyllm/concepts.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>

#include <functional>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// Completes an authorization with the request to send (signed, or carrying its token), or the error the attempt
/// fails with; the retry policy then decides by the error's verdict, as for any failed attempt.
using authorize_handler = detail::unique_function<void(result<http_request>)>;

/// @brief What an authorizer may send a request through: the call's transport, type-erased, and the executor its
/// completions run on. A hook that finishes synchronously posts its handler to `executor`: an attempt never
/// completes inside the call that started it.
struct http_sender {
    asio::any_io_executor executor;
    std::function<void(http_request, detail::unique_function<void(result<http_response>)>)> send;
};

/// @brief A provider with the optional member
/// `void async_authorize(http_request, const call_context<options>&, const http_sender&, authorize_handler) const`.
template <class P>
concept AuthorizingProvider =
    requires(const P& p, http_request http, const call_context<typename P::options>& ctx, const http_sender& sender,
             authorize_handler done) { p.async_authorize(std::move(http), ctx, sender, std::move(done)); };

POLYLLM_NAMESPACE_END
