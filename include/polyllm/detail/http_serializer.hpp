#pragma once
/// @file
/// @brief Writing an `http_request` as HTTP/1.1 bytes, after checking every part that could end a line early: a CR,
/// LF or NUL in a header or the target would let one header inject another (or a whole request). No I/O.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/http_grammar.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <array>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief Header fields the transport writes itself: they frame the message or describe this hop, so a caller's
/// value would contradict the bytes that follow.
[[nodiscard]] constexpr bool is_transport_owned_header(std::string_view name) noexcept {
    constexpr std::array<std::string_view, 8> owned = {"host",    "content-length", "transfer-encoding", "connection",
                                                       "keep-alive", "te",           "upgrade",           "proxy-connection"};
    for (auto o : owned)
        if (iequals(name, o)) return true;
    return false;
}

/// @brief Refuses a header field that could break out of its line: a name that is not a token, a value with CR, LF,
/// NUL or another control character. The value is never quoted in the message (it may be a credential).
[[nodiscard]] POLYLLM_DECL result<void> check_header_field(const http_header& h);

/// @brief The request line, headers and body as they go on the wire to `target` (origin form). Adds Host,
/// User-Agent, Accept (`text/event-stream` for a stream, else `application/json`), Accept-Encoding: identity,
/// Content-Type (application/json) and Content-Length when there is a body, and Connection: keep-alive; the caller's
/// User-Agent, Accept, Accept-Encoding and Content-Type win, its framing headers are replaced.
[[nodiscard]] POLYLLM_DECL result<std::string> serialize_request(const http_request& req, const url& target);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/http_serializer.ipp>
#endif
