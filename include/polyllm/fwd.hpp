#pragma once
/// @file
/// @brief Forward declarations of the policy types `basic_llm` defaults to, and the short aliases, for headers
/// that only name them.

#include <polyllm/version.hpp>

POLYLLM_NAMESPACE_BEGIN

class asio_transport;        // transport/asio_transport.hpp
struct exponential_backoff;  // retry/exponential_backoff.hpp
struct no_retry;             // retry/no_retry.hpp

template <class P, class T, class R>
class basic_llm;

POLYLLM_NAMESPACE_END
