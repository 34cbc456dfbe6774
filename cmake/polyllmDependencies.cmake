# polyllm's dependencies: an installed package first (Debian package in brackets), else a pinned download
# when POLYLLM_FETCH_DEPENDENCIES is on. Defines POLYLLM_BOOST_TARGET, POLYLLM_TOMLPLUSPLUS_TARGET,
# POLYLLM_NEEDS_FAST_FLOAT and POLYLLM_FETCHED_DEPENDENCIES.

include(FetchContent)
set(POLYLLM_FETCHED_DEPENDENCIES "")

macro(polyllm_fetch name)
    if(NOT POLYLLM_FETCH_DEPENDENCIES)
        message(FATAL_ERROR "polyllm: ${name} not found, and POLYLLM_FETCH_DEPENDENCIES is OFF. "
                            "Install it (Debian: see README.md) or point CMAKE_PREFIX_PATH at it.")
    endif()
    message(STATUS "polyllm: ${name} not found; fetching the pinned version")
    list(APPEND POLYLLM_FETCHED_DEPENDENCIES ${name})
endmacro()

find_package(Threads REQUIRED)
find_package(OpenSSL 1.1.1 REQUIRED)  # [libssl-dev]; no download: TLS must come from the system

# nlohmann/json [nlohmann-json3-dev]
find_package(nlohmann_json 3.10 QUIET)
if(NOT nlohmann_json_FOUND)
    polyllm_fetch(nlohmann_json)
    FetchContent_Declare(nlohmann_json
        GIT_REPOSITORY https://github.com/nlohmann/json.git
        GIT_TAG v3.11.3
        GIT_SHALLOW TRUE)
    set(JSON_Install ON CACHE BOOL "" FORCE)
    FetchContent_MakeAvailable(nlohmann_json)
endif()

# Boost.Outcome, header-only [libboost-dev]
find_package(Boost 1.74 CONFIG QUIET)
if(Boost_FOUND)
    set(POLYLLM_BOOST_TARGET Boost::headers)
else()
    polyllm_fetch(Boost)
    # Boost's CMake build can limit itself to one library and what it needs.
    set(BOOST_INCLUDE_LIBRARIES outcome CACHE STRING "" FORCE)
    FetchContent_Declare(Boost
        URL https://github.com/boostorg/boost/releases/download/boost-1.84.0/boost-1.84.0.tar.xz
        DOWNLOAD_EXTRACT_TIMESTAMP TRUE)
    FetchContent_MakeAvailable(Boost)
    set(POLYLLM_BOOST_TARGET Boost::outcome)
endif()

# Standalone Asio [libasio-dev]; ships no CMake package, hence cmake/FindAsio.cmake
find_package(Asio 1.22 QUIET)
if(NOT Asio_FOUND)
    polyllm_fetch(Asio)
    FetchContent_Declare(asio
        GIT_REPOSITORY https://github.com/chriskohlhoff/asio.git
        GIT_TAG asio-1-30-2
        GIT_SHALLOW TRUE)
    FetchContent_GetProperties(asio)
    if(NOT asio_POPULATED)
        FetchContent_Populate(asio)  # no CMakeLists.txt in asio: only its headers are used
    endif()
    add_library(Asio::Asio INTERFACE IMPORTED GLOBAL)
    target_include_directories(Asio::Asio INTERFACE "${asio_SOURCE_DIR}/asio/include")
    target_link_libraries(Asio::Asio INTERFACE Threads::Threads
        $<$<PLATFORM_ID:Windows>:ws2_32> $<$<PLATFORM_ID:Windows>:mswsock>)
endif()

# toml++ [libtomlplusplus-dev]
find_package(tomlplusplus 3 QUIET)
if(NOT tomlplusplus_FOUND)
    polyllm_fetch(tomlplusplus)
    FetchContent_Declare(tomlplusplus
        GIT_REPOSITORY https://github.com/marzer/tomlplusplus.git
        GIT_TAG v3.4.0
        GIT_SHALLOW TRUE)
    FetchContent_MakeAvailable(tomlplusplus)
endif()
# Debian's toml++ package is a compiled library (TOML_HEADER_ONLY=0) built against libstdc++; a build on another
# standard library (clang -stdlib=libc++: the matrix-clang16-libcxx preset) cannot link it and uses its headers alone.
option(POLYLLM_TOMLPLUSPLUS_HEADER_ONLY
    "Use toml++ header-only even where its package is a compiled library (for a standard library it was not built with)"
    OFF)
set(POLYLLM_TOMLPLUSPLUS_TARGET tomlplusplus::tomlplusplus)
if(POLYLLM_TOMLPLUSPLUS_HEADER_ONLY)
    if(POLYLLM_INSTALL)
        message(FATAL_ERROR "polyllm: POLYLLM_TOMLPLUSPLUS_HEADER_ONLY is for builds of the tests, not for install")
    endif()
    get_target_property(toml_includes tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
    add_library(polyllm_tomlplusplus_headers INTERFACE)
    target_include_directories(polyllm_tomlplusplus_headers SYSTEM INTERFACE ${toml_includes})
    target_compile_definitions(polyllm_tomlplusplus_headers INTERFACE TOML_HEADER_ONLY=1)
    set(POLYLLM_TOMLPLUSPLUS_TARGET polyllm_tomlplusplus_headers)
endif()

# fast_float [libfast-float-dev], only where the standard library has no floating-point std::from_chars (libc++
# before LLVM 20, Apple deployment targets before macOS 26, libstdc++ without uselocale): the same test as
# include/polyllm/detail/charconv.hpp, which includes fast_float only then. POLYLLM_NEEDS_FAST_FLOAT is also what
# the installed package config requires.
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "${CMAKE_CXX20_STANDARD_COMPILE_OPTION}")
set(CMAKE_REQUIRED_INCLUDES "${CMAKE_CURRENT_LIST_DIR}/../include")
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_compiles([[
#include <polyllm/detail/charconv.hpp>
#if POLYLLM_USE_FAST_FLOAT
#error "no floating-point std::from_chars"
#endif
int main() {}
]] POLYLLM_HAVE_FLOATING_FROM_CHARS)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_QUIET)
if(POLYLLM_HAVE_FLOATING_FROM_CHARS)
    set(POLYLLM_NEEDS_FAST_FLOAT OFF)
    find_package(FastFloat 3 QUIET)  # optional here: the tests also check polyllm over fast_float when it is found
else()
    set(POLYLLM_NEEDS_FAST_FLOAT ON)
    message(STATUS "polyllm: no floating-point std::from_chars in this standard library; using fast_float")
    find_package(FastFloat 3 QUIET)
    if(NOT FastFloat_FOUND)
        polyllm_fetch(FastFloat)
        FetchContent_Declare(fast_float
            GIT_REPOSITORY https://github.com/fastfloat/fast_float.git
            GIT_TAG v6.1.6
            GIT_SHALLOW TRUE)
        FetchContent_MakeAvailable(fast_float)
    endif()
endif()
