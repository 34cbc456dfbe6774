#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/proxy.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/proxy.hpp>

#include <asio/ip/network_v4.hpp>
#include <asio/ip/network_v6.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL proxy_settings resolve_proxy(const proxy_options& options, const environment& env) {
    auto first_set = [&](std::string_view a, std::string_view b) -> std::string {
        for (auto name : {a, b})
            if (auto v = env.get(name); v && !v->empty()) return *v;
        return {};
    };
    proxy_settings out;
    std::string text = options.url;
    if (text.empty() && options.use_environment) text = first_set("https_proxy", "HTTPS_PROXY");
    out.no_proxy = options.no_proxy;
    if (out.no_proxy.empty() && options.use_environment) out.no_proxy = first_set("no_proxy", "NO_PROXY");
    if (text.empty()) return out;
    if (text.find("://") == std::string::npos) text = "http://" + text;  // "proxy:3128", as curl reads it
    auto parsed = parse_url(text);
    if (!parsed) {
        out.problem = error{errc::invalid_config, "the HTTPS proxy setting is unusable: " + parsed.error().message};
    } else if (parsed.value().is_https()) {
        out.problem = error{errc::invalid_config, "the HTTPS proxy \"" + displayable_url(text) +
                                                      "\" is https://: only http:// proxies (TLS inside CONNECT) are "
                                                      "supported"};
    } else {
        out.proxy = std::move(parsed).value();
    }
    return out;
}

POLYLLM_DECL bool in_network(const asio::ip::address& ip, std::string_view cidr) {
    std::error_code ec;
    if (ip.is_v4()) {
        const auto net = asio::ip::make_network_v4(cidr, ec);
        return !ec && (ip.to_v4().to_uint() & net.netmask().to_uint()) == net.network().to_uint();
    }
    const auto net = asio::ip::make_network_v6(cidr, ec);
    if (ec) return false;
    const auto a = ip.to_v6().to_bytes();
    const auto n = net.network().to_bytes();
    for (unsigned bit = 0; bit < net.prefix_length(); ++bit) {
        const unsigned mask = 0x80u >> (bit % 8);
        if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) return false;
    }
    return true;
}

POLYLLM_DECL bool bypasses_proxy(std::string_view no_proxy, const url& target) {
    std::error_code ec;
    const auto target_ip = asio::ip::make_address(target.host, ec);
    const bool target_is_ip = !ec;
    bool bypass = false;
    http_grammar::for_each_list_element(no_proxy, [&](std::string_view entry) {
        if (bypass) return;
        if (entry == "*") {
            bypass = true;
            return;
        }
        std::string_view host = entry;
        std::string_view port;
        if (host.starts_with('[')) {
            const auto close = host.find(']');
            if (close == std::string_view::npos) return;
            if (host.substr(close + 1).starts_with(':')) port = host.substr(close + 2);
            host = host.substr(1, close - 1);
        } else if (const auto colon = host.find(':'); colon != std::string_view::npos && host.rfind(':') == colon) {
            port = host.substr(colon + 1);
            host = host.substr(0, colon);
        }
        if (!port.empty()) {
            unsigned value = 0;
            auto [end, pec] = std::from_chars(port.data(), port.data() + port.size(), value);
            if (pec != std::errc{} || end != port.data() + port.size() || value != target.port) return;
        }
        if (host.find('/') != std::string_view::npos) {
            if (!target_is_ip) return;
            bypass = in_network(target_ip, host);
            return;
        }
        if (target_is_ip) {
            const auto ip = asio::ip::make_address(host, ec);
            bypass = !ec && ip == target_ip;
            return;
        }
        while (host.starts_with('*')) host.remove_prefix(1);
        while (host.starts_with('.')) host.remove_prefix(1);
        if (host.empty()) return;
        const std::string_view name = target.host;
        bypass = iequals(name, host) ||
                 (name.size() > host.size() && name[name.size() - host.size() - 1] == '.' &&
                  iequals(name.substr(name.size() - host.size()), host));
    });
    return bypass;
}

POLYLLM_DECL std::string percent_decode(std::string_view in) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
            out += char(hex(in[i + 1]) * 16 + hex(in[i + 2]));
            i += 2;
        } else {
            out += in[i];
        }
    }
    return out;
}

POLYLLM_DECL std::string authority(const url& u) {
    return (u.ipv6 ? "[" + u.host + "]" : u.host) + ":" + std::to_string(u.port);
}

POLYLLM_DECL std::string connect_request(const url& target, const url& proxy) {
    const auto where = authority(target);
    std::string out = "CONNECT " + where + " HTTP/1.1\r\nHost: " + where + "\r\nUser-Agent: polyllm/" +
                      version_string + "\r\n";
    if (!proxy.userinfo.empty()) {
        const auto colon = proxy.userinfo.find(':');
        std::string credentials = percent_decode(std::string_view(proxy.userinfo).substr(0, colon));
        if (colon != std::string::npos)
            credentials += ":" + percent_decode(std::string_view(proxy.userinfo).substr(colon + 1));
        out += "Proxy-Authorization: Basic " + base64_encode(credentials) + "\r\n";
    }
    out += "\r\n";
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
