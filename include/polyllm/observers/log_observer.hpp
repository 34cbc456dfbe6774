#pragma once
/// @file
/// @brief The observer that logs a call: each request and response in full at `log_level::debug` (credentials and
/// the key removed), each retry at `log_level::info`, and what the other observers report as warnings.

#include <polyllm/detail/annotate.hpp>
#include <polyllm/detail/redact.hpp>
#include <polyllm/http.hpp>
#include <polyllm/log.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/version.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

class log_observer {
public:
    /// @brief Where lines go, and the least severe level worth building (a line below it is never made).
    void set_logger(logger sink, log_level threshold) {
        sink_ = std::move(sink);
        threshold_ = threshold;
    }

    [[nodiscard]] bool logs(log_level level) const noexcept { return sink_ && level >= threshold_; }
    void log(log_level level, std::string_view text) const {
        if (logs(level)) sink_(level, text);
    }

    void on_request(const call_info& info, const http_request& http, int attempt) const {
        if (!logs(log_level::debug)) return;
        log(log_level::debug, "request (attempt " + std::to_string(attempt) +
                                  "): " + detail::shown(http, info.config.api_key.reveal()));
    }
    void on_response(const call_info& info, const result<http_response>& response) const {
        if (!logs(log_level::debug)) return;
        const auto secret = info.config.api_key.reveal();
        if (response) log(log_level::debug, "response: " + detail::shown(response.value(), secret));
        else log(log_level::debug, "no response: " + detail::annotated(response.error(), info.provider, secret).to_string());
    }
    void on_retry(const call_info&, const retry_event& event) const {
        if (!logs(log_level::info)) return;
        char delay[32];
        std::snprintf(delay, sizeof delay, "%.1f", double(event.delay.count()) / 1000.0);
        log(log_level::info, std::string("retrying in ") + delay + " s (attempt " + std::to_string(event.attempt) +
                                 " of " + std::to_string(event.max_attempts) + "): " + event.cause.to_string());
    }

private:
    logger sink_ = stderr_logger;
    log_level threshold_ = log_level::warning;
};

POLYLLM_NAMESPACE_END
