#pragma once
/// @file
/// @brief The definitions of <polyllm/error.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/error.hpp>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

POLYLLM_DECL std::string error_category::message(int value) const {
    switch (static_cast<errc>(value)) {
        case errc::success: return "success";
        case errc::authentication: return "authentication failed";
        case errc::permission_denied: return "permission denied";
        case errc::not_found: return "model or endpoint not found";
        case errc::bad_request: return "bad request";
        case errc::context_window_exceeded: return "context window exceeded";
        case errc::content_policy: return "blocked by content policy";
        case errc::rate_limited: return "rate limited";
        case errc::quota_exceeded: return "quota exceeded";
        case errc::timeout: return "timed out";
        case errc::connection: return "connection failed";
        case errc::service_unavailable: return "service unavailable";
        case errc::server_error: return "server error";
        case errc::conflict: return "conflict";
        case errc::malformed_response: return "malformed response";
        case errc::no_response: return "no response";
        case errc::protocol_error: return "protocol error";
        case errc::budget_exceeded: return "budget exceeded";
        case errc::unsupported: return "unsupported";
        case errc::invalid_config: return "invalid configuration";
        case errc::cancelled: return "cancelled";
    }
    return "unknown polyllm error";
}

POLYLLM_DECL std::error_condition error_category::default_error_condition(int value) const noexcept {
    switch (static_cast<errc>(value)) {
        case errc::timeout: return std::errc::timed_out;
        case errc::cancelled: return std::errc::operation_canceled;
        case errc::permission_denied: return std::errc::permission_denied;
        case errc::unsupported: return std::errc::not_supported;
        case errc::invalid_config: return std::errc::invalid_argument;
        default: return {value, *this};
    }
}

}  // namespace detail

POLYLLM_DECL const std::error_category& error_category() noexcept {
    static const detail::error_category category;
    return category;
}

POLYLLM_DECL std::string error::to_string() const {
    std::string out{polyllm::to_string(kind())};
    if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
    if (!provider.empty()) out += " from " + provider;
    out += ": ";
    out += message.empty() ? code.message() : message;
    if (!request_id.empty()) out += " [request " + request_id + "]";
    return out;
}

POLYLLM_DECL llm_error::llm_error(polyllm::error e)
    : std::system_error(e.code), error_(std::move(e)), what_(error_.to_string()) {}

POLYLLM_NAMESPACE_END
