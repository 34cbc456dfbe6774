#pragma once
/// @file
/// @brief Version macros and the versioned inline namespace that keeps two polyllm versions apart in one program.

#define POLYLLM_VERSION_MAJOR 0
#define POLYLLM_VERSION_MINOR 1
#define POLYLLM_VERSION_PATCH 0
#define POLYLLM_VERSION_STRING "0.1.0"

// Every declaration lives in polyllm::v0_1; users write polyllm::x, the linker sees the version.
#define POLYLLM_NAMESPACE_BEGIN \
    namespace polyllm {         \
    inline namespace v0_1 {
#define POLYLLM_NAMESPACE_END \
    }                         \
    }

POLYLLM_NAMESPACE_BEGIN
/// @brief The library version as "MAJOR.MINOR.PATCH"; also sent in User-Agent.
inline constexpr const char* version_string = POLYLLM_VERSION_STRING;
POLYLLM_NAMESPACE_END
