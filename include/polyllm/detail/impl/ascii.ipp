#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/ascii.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/ascii.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_lower(c);
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
