#pragma once
/// @file
/// @brief polyllm's own code, compiled once. In a program built with POLYLLM_SEPARATE_COMPILATION defined (in
/// every translation unit), exactly one source file includes this header, before any other polyllm header:
///
///     // polyllm.cpp
///     #include <polyllm/src.hpp>
///
/// It defines what the headers only declare in that mode, `basic_llm` over each built-in provider with the
/// default transport and retry policy (see built_in_providers.hpp), and, unless POLYLLM_PROVIDERS names some,
/// `client` with every built-in provider behind its `any_provider`. A program that uses some providers only names
/// them, and only their `basic_llm` is compiled:
///
///     // polyllm.cpp
///     #define POLYLLM_PROVIDERS(X) X(openai) X(anthropic)
///     #include <polyllm/src.hpp>
///
/// Its other files then include those providers' entry headers (<polyllm/openai.hpp>, ...); `make_client`, which
/// can choose any built-in provider at run time, needs them all (the default).
///
/// The test doubles (<polyllm/testing.hpp>) are opt-in here as everywhere: a program that uses them includes that
/// header after this one, in the same file (polyllm::compiled does).

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
#if defined(POLYLLM_PROVIDERS)
POLYLLM_PROVIDERS(POLYLLM_DETAIL_INSTANTIATE_LLM)
#else
POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_INSTANTIATE_LLM)
#endif
#undef POLYLLM_DETAIL_INSTANTIATE_LLM
#if !defined(POLYLLM_PROVIDERS)
// `client` (basic_llm over any_provider) and the built-in providers behind it, any of which make_client can choose.
template class basic_llm<any_provider, asio_transport, exponential_backoff>;
#define POLYLLM_DETAIL_INSTANTIATE_ERASED(P) template class detail::erased_provider_for<P>;
POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_INSTANTIATE_ERASED)
#undef POLYLLM_DETAIL_INSTANTIATE_ERASED
#endif
POLYLLM_NAMESPACE_END
