#pragma once
/// @file
/// @brief The definitions of <polyllm/router/resp.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/resp.hpp>

#include <charconv>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL void append_resp_command(std::string& out, std::initializer_list<std::string_view> args) {
    out += '*';
    out += std::to_string(args.size());
    out += "\r\n";
    for (const auto arg : args) {
        out += '$';
        out += std::to_string(arg.size());
        out += "\r\n";
        out += arg;
        out += "\r\n";
    }
}

namespace detail {

struct resp_reader {
    static constexpr std::int64_t max_bulk = std::int64_t(64) << 20;
    static constexpr int max_depth = 16;

    std::string_view bytes;
    std::size_t at = 0;

    static error malformed(const std::string& what) {
        return error{errc::protocol_error, "Redis reply: " + what};
    }

    // The line from `at` to its CRLF, or empty while the CRLF has not arrived.
    std::optional<std::string_view> line() {
        const auto end = bytes.find("\r\n", at);
        if (end == std::string_view::npos) return std::nullopt;
        auto out = bytes.substr(at, end - at);
        at = end + 2;
        return out;
    }

    static result<std::int64_t> number(std::string_view s) {
        std::int64_t v = 0;
        const auto* last = s.data() + s.size();
        auto [p, ec] = std::from_chars(s.data(), last, v);
        if (ec != std::errc() || p != last || s.empty()) return malformed("\"" + std::string(s) + "\" is not a number");
        return v;
    }

    // One value; empty when the bytes end inside it.
    result<std::optional<resp_value>> value(int depth) {
        if (at >= bytes.size()) return std::optional<resp_value>{};
        const char type = bytes[at++];
        auto header = line();
        if (!header) return std::optional<resp_value>{};
        resp_value v;
        switch (type) {
            case '+':
            case '-':
                v.type = type == '+' ? resp_value::kind::simple : resp_value::kind::error;
                v.text = std::string(*header);
                return std::optional<resp_value>(std::move(v));
            case ':': {
                auto n = number(*header);
                if (!n) return std::move(n).error();
                v.type = resp_value::kind::integer;
                v.integer = n.value();
                return std::optional<resp_value>(std::move(v));
            }
            case '$': {
                auto n = number(*header);
                if (!n) return std::move(n).error();
                if (n.value() == -1) return std::optional<resp_value>(std::move(v));  // nil
                if (n.value() < 0 || n.value() > max_bulk)
                    return malformed("a bulk string of " + std::to_string(n.value()) + " bytes");
                const auto size = std::size_t(n.value());
                if (bytes.size() - at < size + 2) return std::optional<resp_value>{};
                if (bytes.substr(at + size, 2) != "\r\n") return malformed("a bulk string without its CRLF");
                v.type = resp_value::kind::bulk;
                v.text = std::string(bytes.substr(at, size));
                at += size + 2;
                return std::optional<resp_value>(std::move(v));
            }
            case '*': {
                auto n = number(*header);
                if (!n) return std::move(n).error();
                if (n.value() == -1) return std::optional<resp_value>(std::move(v));  // nil
                if (n.value() < 0) return malformed("an array of " + std::to_string(n.value()) + " items");
                if (depth >= max_depth) return malformed("arrays nested too deep");
                v.type = resp_value::kind::array;
                // Each item takes three bytes at least: a count above what has arrived cannot be complete yet, and
                // must not reserve memory on a stranger's word.
                if (std::size_t(n.value()) > (bytes.size() - at) / 3) return std::optional<resp_value>{};
                v.items.reserve(std::size_t(n.value()));
                for (std::int64_t i = 0; i < n.value(); ++i) {
                    auto item = value(depth + 1);
                    if (!item) return std::move(item).error();
                    if (!item.value()) return std::optional<resp_value>{};
                    v.items.push_back(std::move(*item.value()));
                }
                return std::optional<resp_value>(std::move(v));
            }
            default:
                return malformed(std::string("unknown type byte 0x") + "0123456789abcdef"[(unsigned char)type >> 4] +
                                 "0123456789abcdef"[(unsigned char)type & 15]);
        }
    }
};

}  // namespace detail

POLYLLM_DECL result<std::optional<resp_parsed>> parse_resp(std::string_view bytes) {
    detail::resp_reader in{bytes};
    auto v = in.value(0);
    if (!v) return std::move(v).error();
    if (!v.value()) return std::optional<resp_parsed>{};
    return std::optional<resp_parsed>(resp_parsed{std::move(*v.value()), in.at});
}

POLYLLM_DECL result<redis_address> parse_redis_url(std::string_view url) {
    auto bad = [&](const std::string& why) {
        return error{errc::invalid_config, "redis_url \"" + std::string(url) + "\": " + why};
    };
    constexpr std::string_view scheme = "redis://";
    if (url.substr(0, scheme.size()) != scheme) return bad("must start with redis:// (TLS is not supported)");
    auto rest = url.substr(scheme.size());
    redis_address out;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        const auto credentials = rest.substr(0, at);
        rest = rest.substr(at + 1);
        const auto colon = credentials.find(':');
        if (colon == std::string_view::npos) out.password = std::string(credentials);  // redis://secret@host
        else {
            out.user = std::string(credentials.substr(0, colon));
            out.password = std::string(credentials.substr(colon + 1));
        }
    }
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        const auto db = rest.substr(slash + 1);
        rest = rest.substr(0, slash);
        if (!db.empty()) {
            auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
            if (ec != std::errc() || p != db.data() + db.size() || out.db < 0)
                return bad("the database must be a number");
        }
    }
    auto host = rest;
    if (!host.empty() && host.front() == '[') {  // [::1]:6379
        const auto close = host.find(']');
        if (close == std::string_view::npos) return bad("an IPv6 address without its ]");
        rest = host.substr(close + 1);
        host = host.substr(1, close - 1);
    } else {
        const auto colon = host.find(':');
        rest = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
        host = host.substr(0, colon);
    }
    if (!rest.empty()) {
        if (rest.front() != ':') return bad("unexpected \"" + std::string(rest) + "\"");
        const auto port = rest.substr(1);
        unsigned v = 0;
        auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
        if (ec != std::errc() || p != port.data() + port.size() || v == 0 || v > 65535)
            return bad("the port must be a number from 1 to 65535");
        out.port = std::uint16_t(v);
    }
    if (!host.empty()) out.host = std::string(host);
    return out;
}

POLYLLM_NAMESPACE_END
