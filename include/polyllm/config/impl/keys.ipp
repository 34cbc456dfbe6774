#pragma once
/// @file
/// @brief The definitions of <polyllm/config/keys.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/config/keys.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL result<void> parse_config_value(std::string_view text, polyllm::reasoning_effort& out) {
    if (auto parsed = parse_reasoning_effort(text)) {
        out = *parsed;
        return success();
    }
    return error{errc::invalid_config, "must be one of none, minimal, low, medium, high"};
}

POLYLLM_NAMESPACE_END
