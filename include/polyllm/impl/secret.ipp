#pragma once
/// @file
/// @brief The definitions of <polyllm/secret.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/secret.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL secret::secret(const char* value) : value_(value ? value : "") {}

POLYLLM_NAMESPACE_END
