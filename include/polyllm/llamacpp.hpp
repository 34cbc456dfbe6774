#pragma once
/// @file
/// @brief The entry header for llama.cpp's llama-server: `basic_llm` over `polyllm::llamacpp` with the Asio transport
/// and the default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `llamacpp_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/llamacpp.hpp>
///     polyllm::llamacpp_llm llm({.model = "llamacpp/MODEL"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/llamacpp.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over llama.cpp's llama-server with the default transport and retry policy.
using llamacpp_llm = basic_llm<llamacpp, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<llamacpp, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
