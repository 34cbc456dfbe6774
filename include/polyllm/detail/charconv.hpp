#pragma once
/// @file
/// @brief Floating-point text to `double` as `std::from_chars` reads it, on every standard library: polyllm's one
/// floating-point parser (config values, `retry-after-ms`, Go durations, prices). Where the standard library lacks
/// floating `std::from_chars`, fast_float does the work; never `strtod`, whose decimal point follows the C locale.

#include <polyllm/version.hpp>

#include <charconv>  // also defines __cpp_lib_to_chars where the library has it

// Which standard libraries have floating-point std::from_chars:
// - libstdc++ from GCC 11 where uselocale exists (GCC 12: everywhere), MSVC's STL from VS 2019 16.4: both define
//   __cpp_lib_to_chars;
// - libc++ from LLVM 20, which still does not define __cpp_lib_to_chars (no long double overload). On Apple
//   platforms the function lives in the system dylib, so it is usable only when the deployment target is new enough
//   (macOS/iOS 26): libc++ says so through _LIBCPP_AVAILABILITY_HAS_FROM_CHARS_FLOATING_POINT.
// Define POLYLLM_USE_FAST_FLOAT to 1 to use fast_float everywhere (the tests do, to compare both), or to 0 to insist
// on the standard library.
#if !defined(POLYLLM_USE_FAST_FLOAT)
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
#define POLYLLM_USE_FAST_FLOAT 0
#elif defined(_LIBCPP_VERSION) && _LIBCPP_VERSION >= 200000 &&     \
    (!defined(_LIBCPP_AVAILABILITY_HAS_FROM_CHARS_FLOATING_POINT) || \
     _LIBCPP_AVAILABILITY_HAS_FROM_CHARS_FLOATING_POINT)
#define POLYLLM_USE_FAST_FLOAT 0
#else
#define POLYLLM_USE_FAST_FLOAT 1
#endif
#endif

#if POLYLLM_USE_FAST_FLOAT
#include <fast_float/fast_float.h>  // [libfast-float-dev]; CMake finds or fetches it
#endif

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// `std::from_chars(first, last, value, format)` for a `double`, with the standard's results on every library:
/// no leading '+' or white space, `result_out_of_range` (and `value` untouched) when the number overflows or
/// underflows to zero, `invalid_argument` when nothing matches.
[[nodiscard]] POLYLLM_DECL std::from_chars_result floating_from_chars(
    const char* first, const char* last, double& value,
    std::chars_format format = std::chars_format::general) noexcept;

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/charconv.ipp>
#endif
