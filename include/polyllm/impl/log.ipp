#pragma once
/// @file
/// @brief The definitions of <polyllm/log.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/log.hpp>

#include <cstdio>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL void stderr_logger(log_level level, std::string_view message) {
    if (level < log_level::warning) return;
    std::fprintf(stderr, "polyllm: %.*s: %.*s\n", int(to_string(level).size()), to_string(level).data(),
                 int(message.size()), message.data());
}

POLYLLM_NAMESPACE_END
