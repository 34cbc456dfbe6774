#pragma once
/// @file
/// @brief The error a server sent as events: a 4xx/5xx answer to a streamed request whose body is
/// `text/event-stream` (`event: error` / `data: {"error": ...}`). Every provider's error reader takes a JSON body, so
/// the first event whose data is a JSON object becomes the body it reads. Bytes in, bytes out, no I/O.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/sse_parser.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <string>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief For a non-2xx `text/event-stream` response, replaces the body by the data of its first event that is a
/// JSON object; any other response, or an event stream without such an event, is left as it is.
POLYLLM_DECL void unwrap_event_stream_error(http_response& res);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/event_stream_error.ipp>
#endif
