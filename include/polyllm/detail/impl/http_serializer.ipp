#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/http_serializer.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/http_serializer.hpp>

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
