#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/retry_rules.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/retry_rules.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

POLYLLM_DECL bool retryable(const error& e, const retry_rules& rules) noexcept {
    const auto kind = e.kind();
    for (auto k : rules.never)
        if (k != errc::success && k == kind) return false;
    for (auto k : rules.always)
        if (k != errc::success && k == kind) return true;
    if (e.http_status == 0) return rules.before_response && (kind == errc::connection || kind == errc::timeout);
    for (auto s : rules.statuses)
        if (s != 0 && s == e.http_status) return true;
    return rules.every_5xx && e.http_status >= 500 && e.http_status < 600;
}

}  // namespace wire
POLYLLM_NAMESPACE_END
