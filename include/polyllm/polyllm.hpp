#pragma once
/// @file
/// @brief The umbrella header: everything polyllm offers. `single_include/polyllm/polyllm.hpp` is this header
/// with every polyllm header inlined (tools/amalgamate).

#include <polyllm/version.hpp>

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/log.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/json.hpp>
#include <polyllm/config.hpp>
#include <polyllm/concepts.hpp>

#include <polyllm/retry/exponential_backoff.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/retry/no_retry.hpp>

#include <polyllm/tokenize/approximate.hpp>

#include <polyllm/transport/transport_options.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/transport/scripted_transport.hpp>

#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/providers/openai.hpp>

#include <polyllm/basic_llm.hpp>
