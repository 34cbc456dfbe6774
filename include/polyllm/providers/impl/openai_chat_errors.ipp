#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/openai_chat_errors.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/openai_chat_errors.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

POLYLLM_DECL errc classify(int status, std::string_view type, std::string_view code, std::string_view message) {
    auto is = [&](std::string_view v) { return type == v || code == v; };
    if (is("context_length_exceeded") || (status >= 400 && status < 500 && mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (is("insufficient_quota")) return errc::quota_exceeded;
    if (is("rate_limit_exceeded")) return errc::rate_limited;  // also when a proxy sends it with 200
    if (is("content_filter") || is("content_policy_violation")) return errc::content_policy;
    if (is("invalid_api_key")) return errc::authentication;
    if (status == 504 || status == 529) return errc::server_error;  // OpenAI's SDKs name no gateway timeout apart
    return wire::errc_for_status(status);  // on a 2xx, an error body: the server failed, whatever the status says
}

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
