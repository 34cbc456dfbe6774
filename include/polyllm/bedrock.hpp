#pragma once
/// @file
/// @brief The entry header for Amazon Bedrock (Converse): `basic_llm` over `polyllm::bedrock` with the Asio transport
/// and the default retry policy, and nothing else, so that a program that uses one provider compiles that provider only
/// (<polyllm/polyllm.hpp> has them all). With POLYLLM_SEPARATE_COMPILATION, `bedrock_llm` is compiled once, by
/// <polyllm/src.hpp>.
///
///     #include <polyllm/bedrock.hpp>
///     polyllm::bedrock_llm llm({.model = "bedrock/amazon.nova-pro-v1:0"});

#include <polyllm/basic_llm.hpp>
#include <polyllm/providers/bedrock.hpp>
#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

/// @brief `basic_llm` over Amazon Bedrock (Converse) with the default transport and retry policy.
using bedrock_llm = basic_llm<bedrock, asio_transport, exponential_backoff>;

#if defined(POLYLLM_SEPARATE_COMPILATION)
extern template class basic_llm<bedrock, asio_transport, exponential_backoff>;
#endif

POLYLLM_NAMESPACE_END
