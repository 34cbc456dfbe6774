#pragma once
/// @file
/// @brief The entry header for DeepSeek: `basic_llm` over `polyllm::deepseek` with the Asio transport and the default
/// retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `deepseek_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/deepseek.hpp>
///     polyllm::deepseek_llm llm({.model = "deepseek/deepseek-chat"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/deepseek.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over DeepSeek with the default transport and retry policy.
using deepseek_llm = basic_llm<deepseek, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<deepseek, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
