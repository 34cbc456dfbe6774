#pragma once
/// @file
/// @brief The definitions of <polyllm/http.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/http.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL http_headers::http_headers(std::initializer_list<http_header> fields) : fields_(fields) {}

POLYLLM_DECL void http_headers::add(std::string name, std::string value) {
    fields_.push_back({std::move(name), std::move(value), false});
}

POLYLLM_DECL void http_headers::add_sensitive(std::string name, std::string value) {
    fields_.push_back({std::move(name), std::move(value), true});
}

POLYLLM_DECL void http_headers::set(std::string name, std::string value, bool sensitive) {
    erase(name);
    fields_.push_back({std::move(name), std::move(value), sensitive});
}

POLYLLM_DECL void http_headers::erase(std::string_view name) {
    std::erase_if(fields_, [&](const http_header& h) { return detail::iequals(h.name, name); });
}

POLYLLM_DECL std::optional<std::string_view> http_headers::find(std::string_view name) const noexcept {
    for (const auto& h : fields_)
        if (detail::iequals(h.name, name)) return std::string_view{h.value};
    return std::nullopt;
}

POLYLLM_DECL void http_headers::reserve(std::size_t n) { fields_.reserve(n); }

POLYLLM_DECL bool streams_body(int status, const http_headers& headers) {
    if (status < 200 || status >= 300) return false;
    const auto type = detail::to_lower(headers.value_or_empty("content-type"));
    const auto media = std::string_view(type).substr(0, type.find(';'));
    return !(media.find("application/json") != std::string_view::npos || media.ends_with("+json"));
}

POLYLLM_NAMESPACE_END
