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

// Header-only by default. A program that defines POLYLLM_SEPARATE_COMPILATION in every translation unit compiles
// polyllm's own code once, in the one translation unit that includes <polyllm/src.hpp>: the others see
// declarations where the headers would define, and `extern template` declarations of basic_llm over the built-in
// providers, so that they compile only what they use themselves.
//
// POLYLLM_DEFINITIONS is 1 where a header includes its definitions (impl/<name>.ipp next to it, Asio's layout);
// POLYLLM_DECL marks the functions defined there (inline when they are compiled in every translation unit).
#if defined(POLYLLM_SEPARATE_COMPILATION)
#define POLYLLM_DECL
#if defined(POLYLLM_SOURCE)
#define POLYLLM_DEFINITIONS 1
#else
#define POLYLLM_DEFINITIONS 0
#endif
#else
#define POLYLLM_DECL inline
#define POLYLLM_DEFINITIONS 1
#endif

POLYLLM_NAMESPACE_BEGIN
/// @brief The library version as "MAJOR.MINOR.PATCH"; also sent in User-Agent.
inline constexpr const char* version_string = POLYLLM_VERSION_STRING;
POLYLLM_NAMESPACE_END
