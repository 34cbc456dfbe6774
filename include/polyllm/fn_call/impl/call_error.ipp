#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/call_error.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/call_error.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

POLYLLM_DECL error make_call_error(call_error_kind kind, std::string message) {
    error e{errc::malformed_response, std::move(message)};
    e.type = std::string(to_string(kind));
    return e;
}

POLYLLM_DECL std::optional<call_error_kind> call_error_kind_of(const error& e) noexcept {
    if (e.kind() != errc::malformed_response) return std::nullopt;
    for (auto k : {call_error_kind::malformed_call, call_error_kind::unknown_function,
                   call_error_kind::unknown_parameter, call_error_kind::duplicate_parameter,
                   call_error_kind::invalid_integer, call_error_kind::invalid_number,
                   call_error_kind::invalid_boolean, call_error_kind::invalid_array, call_error_kind::invalid_object,
                   call_error_kind::value_not_allowed, call_error_kind::missing_parameter})
        if (e.type == to_string(k)) return k;
    return std::nullopt;
}

namespace detail {

POLYLLM_DECL std::string quote_value(std::string_view value, std::size_t limit) {
    std::string out = "`";
    if (value.size() <= limit) {
        out += value;
    } else {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 char
        out += value.substr(0, cut);
        out += "...";
    }
    return out + "`";
}

}  // namespace detail
}  // namespace fn_call
POLYLLM_NAMESPACE_END
