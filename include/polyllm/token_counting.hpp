#pragma once
/// @file
/// @brief The optional provider members `prepare_count_tokens` and `parse_count_tokens`: a provider whose API counts
/// a request's tokens itself (Anthropic's `POST /v1/messages/count_tokens`, Gemini's `:countTokens`) says how to ask
/// and how to read the answer, without I/O. `basic_llm::count_tokens(request)` sends that request through the call
/// path (observers, retries, the transport); for a provider without them it counts locally
/// (tokenize/chat.hpp), exact or estimated as that count says. See docs/tokenizer.md.

#include <polyllm/concepts.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <concepts>

POLYLLM_NAMESPACE_BEGIN

/// @brief A provider with the optional members
/// `result<http_request> prepare_count_tokens(const request&, const call_context<options>&) const` and
/// `result<token_count> parse_count_tokens(const http_response&, const call_context<options>&) const`.
/// A count read from the provider's answer is the provider's own, so it is exact.
template <class P>
concept TokenCountingProvider =
    Provider<P> && requires(const P& p, const request& req, const http_response& res,
                            const call_context<typename P::options>& ctx) {
        { p.prepare_count_tokens(req, ctx) } -> std::same_as<result<http_request>>;
        { p.parse_count_tokens(res, ctx) } -> std::same_as<result<token_count>>;
    };

POLYLLM_NAMESPACE_END
