#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/sse_parser.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/sse_parser.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL bool sse_parser::skip_bom(std::string_view& bytes) {
    static constexpr std::string_view bom = "\xEF\xBB\xBF";
    const std::size_t have = bom_prefix_.size();
    const std::size_t take = std::min(bom.size() - have, bytes.size());
    if (bom.substr(have, take) == bytes.substr(0, take)) {
        bom_prefix_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (bom_prefix_.size() < bom.size()) return false;
        bom_checked_ = true;  // a whole BOM: dropped
        return true;
    }
    bom_checked_ = true;
    // Not a BOM: the bytes held back were data; put them in front of the line being read.
    partial_.append(bom_prefix_);
    return true;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
