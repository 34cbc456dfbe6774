#pragma once
/// @file
/// @brief polyllm's own code, compiled once. In a program built with POLYLLM_SEPARATE_COMPILATION defined (in
/// every translation unit), exactly one source file includes this header, before any other polyllm header:
///
///     // polyllm.cpp
///     #include <polyllm/src.hpp>
///
/// It defines what the headers only declare in that mode, and `basic_llm` over each built-in provider with the
/// default transport and retry policy (see built_in_providers.hpp).

#if defined(POLYLLM_VERSION_MAJOR)
#error "<polyllm/src.hpp> must be included before any other polyllm header in its source file"
#endif
#if !defined(POLYLLM_SEPARATE_COMPILATION)
#error "<polyllm/src.hpp> is for programs built with POLYLLM_SEPARATE_COMPILATION defined in every source file"
#endif

#define POLYLLM_SOURCE
#include <polyllm/polyllm.hpp>

POLYLLM_NAMESPACE_BEGIN
#define POLYLLM_DETAIL_INSTANTIATE_LLM(P) template class basic_llm<P, asio_transport, exponential_backoff>;
POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_INSTANTIATE_LLM)
#undef POLYLLM_DETAIL_INSTANTIATE_LLM
POLYLLM_NAMESPACE_END
