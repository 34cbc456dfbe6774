#pragma once
/// @file
/// @brief The entry header for a vLLM server: `basic_llm` over `polyllm::hosted_vllm` with the Asio transport and the
/// default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `hosted_vllm_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/hosted_vllm.hpp>
///     polyllm::hosted_vllm_llm llm({.model = "hosted_vllm/MODEL", .base_url = "http://localhost:8000"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/hosted_vllm.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over a vLLM server with the default transport and retry policy.
using hosted_vllm_llm = basic_llm<hosted_vllm, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<hosted_vllm, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
