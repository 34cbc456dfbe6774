#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/charconv.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/charconv.hpp>

#if POLYLLM_USE_FAST_FLOAT
#include <cmath>
#endif

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::from_chars_result floating_from_chars(const char* first, const char* last, double& value,
                                                        std::chars_format format) noexcept {
#if POLYLLM_USE_FAST_FLOAT
    fast_float::chars_format ff_format = fast_float::chars_format::general;
    if (format == std::chars_format::fixed) ff_format = fast_float::chars_format::fixed;
    else if (format == std::chars_format::scientific) ff_format = fast_float::chars_format::scientific;
    double parsed = 0;
    const auto [end, ec] = fast_float::from_chars(first, last, parsed, ff_format);
    if (ec != std::errc{}) return {end, ec};
    // Older fast_float (Debian 12 has 3.9) rounds an out-of-range number to infinity or zero without saying so; the
    // standard reports it. A number has digits ("inf" has none); it was out of range when a nonzero digit of its
    // mantissa became infinity or zero.
    if (std::isinf(parsed) || parsed == 0) {
        for (const char* p = first; p != end && *p != 'e' && *p != 'E'; ++p)
            if (*p >= '1' && *p <= '9') return {end, std::errc::result_out_of_range};
    }
    value = parsed;
    return {end, ec};
#else
    return std::from_chars(first, last, value, format);
#endif
}

}  // namespace detail
POLYLLM_NAMESPACE_END
