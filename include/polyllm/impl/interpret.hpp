#pragma once
/// @file
/// @brief How `basic_llm` makes an attempt's HTTP request and reads its response, whatever the kind of call.

#include <polyllm/basic_llm.hpp>
#include <polyllm/detail/event_stream_error.hpp>
#include <polyllm/detail/response_metadata.hpp>
#include <polyllm/retry/hints.hpp>

#include <chrono>
#include <string>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

// The provider's HTTP request (made by `make`), or why there is none; the configuration's timeout applies when the
// provider set none.
template <class P, class T, class R>
template <class Make>
result<http_request> basic_llm<P, T, R>::prepare_with(Make&& make) const {
    if (config_error_) return *config_error_;
    result<http_request> prepared = make();
    if (!prepared) return annotate(std::move(prepared).error());
    if (!prepared.value().timeout) prepared.value().timeout = config_.timeout;
    return prepared;
}

// One attempt's outcome: the transport's error, or the provider's reading of the response (of a reply to
// `in_reply_to`, when it is given: see call_context).
template <class P, class T, class R>
result<completion> basic_llm<P, T, R>::interpret(result<http_response> response, const request* in_reply_to) const {
    if (!response) return annotate(std::move(response).error());
    detail::scrub_error_body(response.value(), config_.api_key.reveal());
    detail::unwrap_event_stream_error(response.value());  // an error sent as events is read as its JSON
    auto parsed = provider_.parse(response.value(), context(false, in_reply_to));
    if (!parsed) return failed_response(std::move(parsed).error(), response.value());
    if (const auto calls = parsed.value().message.tool_calls.size(); calls > stream_limits().max_tool_calls) {
        error e{errc::protocol_error, "the response has " + std::to_string(calls) + " tool calls, more than " +
                                          std::to_string(stream_limits().max_tool_calls) +
                                          " (the limit is max_tool_calls)"};
        e.http_status = response.value().status;
        e.verdict = retry_verdict::no;
        return annotate(std::move(e));
    }
    attach_response(parsed.value(), response.value());
    return parsed;
}

// A response the provider read as an error: with its status and the server's retry hints.
template <class P, class T, class R>
error basic_llm<P, T, R>::failed_response(error e, const http_response& response) const {
    if (e.http_status == 0) e.http_status = response.status;
    apply_retry_hints(e, response.headers, std::chrono::system_clock::now());
    return annotate(std::move(e));
}

// The response metadata a completion carries (detail/response_metadata.hpp).
template <class P, class T, class R>
void basic_llm<P, T, R>::attach_response(completion& c, const http_response& res) const {
    detail::attach_response(c, res, traits().request_id_header, config_.api_key.reveal());
}

POLYLLM_NAMESPACE_END
