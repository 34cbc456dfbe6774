#pragma once
/// @file
/// @brief The entry header for Google Gemini: `basic_llm` over `polyllm::gemini` with the Asio transport and the
/// default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `gemini_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/gemini.hpp>
///     polyllm::gemini_llm llm({.model = "gemini-2.5-flash"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/gemini.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Google Gemini with the default transport and retry policy.
using gemini_llm = basic_llm<gemini, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<gemini, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
