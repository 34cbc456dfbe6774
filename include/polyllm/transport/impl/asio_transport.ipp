#pragma once
/// @file
/// @brief The definitions of <polyllm/transport/asio_transport.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/transport/asio_transport.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL asio_transport::asio_transport(executor_type executor, transport_options options)
    : state_(std::make_shared<detail::transport_state>(std::move(executor), std::move(options))) {}

POLYLLM_NAMESPACE_END
