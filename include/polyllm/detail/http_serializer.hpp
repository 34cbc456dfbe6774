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
POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL result<void> check_header_field(const http_header& h) {
    if (!http_grammar::is_token(h.name))
        return error{errc::invalid_config,
                     "refused to send a header whose name is empty or not an HTTP token (a CR, LF, NUL, space or colon "
                     "in a name could inject another header)"};
    if (!http_grammar::is_field_value(h.value)) {
        std::string why = "refused to send header \"" + h.name +
                          "\": its value contains a CR, LF, NUL or other control character (header injection)";
        if (h.sensitive) why += " (is it a key read from a file with its line end?)";
        return error{errc::invalid_config, std::move(why)};
    }
    return success();
}

POLYLLM_DECL result<std::string> serialize_request(const http_request& req, const url& target) {
    if (!http_grammar::is_token(req.method))
        return error{errc::invalid_config, "refused to send a request whose method is not an HTTP token"};
    for (char c : target.target)
        if (url_chars::is_unsafe(c))
            return error{errc::invalid_config, "refused to send a request target with a space or control character"};
    std::size_t size = req.method.size() + target.target.size() + target.host.size() + req.body.size() + 200;
    for (const auto& h : req.headers) {
        if (auto ok = check_header_field(h); !ok) return std::move(ok).error();
        size += h.name.size() + h.value.size() + 4;
    }
    const bool has_content = !req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH";

    std::string out;
    out.reserve(size);
    auto field = [&out](std::string_view name, std::string_view value) {
        out.append(name).append(": ").append(value).append("\r\n");
    };
    out.append(req.method).append(" ").append(target.target).append(" HTTP/1.1\r\n");
    field("Host", target.host_header());
    if (!req.headers.contains("user-agent")) out.append("User-Agent: polyllm/").append(version_string).append("\r\n");
    if (!req.headers.contains("accept")) field("Accept", req.stream ? "text/event-stream" : "application/json");
    if (!req.headers.contains("accept-encoding")) field("Accept-Encoding", "identity");
    if (!req.body.empty() && !req.headers.contains("content-type")) field("Content-Type", "application/json");
    if (has_content) field("Content-Length", std::to_string(req.body.size()));
    field("Connection", "keep-alive");
    for (const auto& h : req.headers)
        if (!is_transport_owned_header(h.name)) field(h.name, h.value);
    out.append("\r\n").append(req.body);
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
