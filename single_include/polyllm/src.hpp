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
#if defined(POLYLLM_PROVIDERS)
// polyllm without providers, then the entry header of each built-in provider the list names, so that the others'
// parsers are not compiled either. Whether the list names a provider is a preprocessor test: with
// POLYLLM_DETAIL_WANTED set to the provider's number, `0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)` reads
// `0 || (1 == 1) || (2 == 1)` for `X(openai) X(anthropic)`. A name that is not built in counts as 0: it is the
// program's own provider, whose header this file's includer provides.
#include <polyllm/polyllm.hpp>
#define POLYLLM_DETAIL_ID_openai 1
#define POLYLLM_DETAIL_ID_anthropic 2
#define POLYLLM_DETAIL_ID_azure 3
#define POLYLLM_DETAIL_ID_gemini 4
#define POLYLLM_DETAIL_ID_groq 5
#define POLYLLM_DETAIL_ID_deepseek 6
#define POLYLLM_DETAIL_ID_openrouter 7
#define POLYLLM_DETAIL_ID_ollama 8
#define POLYLLM_DETAIL_ID_litellm_proxy 9
#define POLYLLM_DETAIL_ID_hosted_vllm 10
#define POLYLLM_DETAIL_ID_lm_studio 11
#define POLYLLM_DETAIL_ID_mistral 12
#define POLYLLM_DETAIL_ID_fireworks_ai 13
#define POLYLLM_DETAIL_ID_together_ai 14
#define POLYLLM_DETAIL_ID_xai 15
#define POLYLLM_DETAIL_ID_vertex_ai 16
#define POLYLLM_DETAIL_ID_bedrock 17
#define POLYLLM_DETAIL_ID_openai_compatible_server 18
#define POLYLLM_DETAIL_ID_openai_responses 19
#define POLYLLM_DETAIL_ID_azure_responses 20
#define POLYLLM_DETAIL_ID_ollama_chat 21
#define POLYLLM_DETAIL_ID_llamacpp 22
#define POLYLLM_DETAIL_NAMED(P) || (POLYLLM_DETAIL_ID_##P + 0 == POLYLLM_DETAIL_WANTED)
#define POLYLLM_DETAIL_WANTED 1
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 2
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 3
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 4
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 5
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 6
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 7
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 8
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 9
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 10
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 11
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 12
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 13
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 14
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 15
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 16
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 17
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 18
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 19
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 20
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 21
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#define POLYLLM_DETAIL_WANTED 22
#if 0 POLYLLM_PROVIDERS(POLYLLM_DETAIL_NAMED)
#include <polyllm/polyllm.hpp>
#endif
#undef POLYLLM_DETAIL_WANTED
#undef POLYLLM_DETAIL_NAMED
#else
#include <polyllm/polyllm.hpp>
#endif

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
