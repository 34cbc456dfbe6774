#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/redact.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/redact.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL void redact(std::string& text, std::string_view secret) {
    if (secret.size() < min_redacted_secret) return;
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, at)) {
        out.append(text, at, pos - at).append(redacted_marker);
        at = pos + secret.size();
    }
    out.append(text, at, std::string::npos);

    // A cut start of the key: the longest prefix of `secret` that ends at each cut, found in one pass by the
    // Knuth-Morris-Pratt automaton (matched = the longest prefix of the key ending here), so a body full of cut
    // markers costs linear time.
    std::vector<std::size_t> fallback(secret.size(), 0);
    for (std::size_t i = 1, k = 0; i < secret.size(); ++i) {
        while (k > 0 && secret[i] != secret[k]) k = fallback[k - 1];
        if (secret[i] == secret[k]) ++k;
        fallback[i] = k;
    }
    std::vector<std::pair<std::size_t, std::size_t>> fragments;  // (start, length), in text order
    auto at_cut = [&](std::size_t end, std::size_t matched) {
        if (matched < min_redacted_secret) return;
        if (!fragments.empty() && fragments.back().first + fragments.back().second > end - matched) return;
        fragments.emplace_back(end - matched, matched);
    };
    std::size_t matched = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out.compare(i, cut_marker.size(), cut_marker) == 0) at_cut(i, matched);
        if (matched == secret.size()) matched = fallback[matched - 1];  // no whole key is left; kept for safety
        while (matched > 0 && out[i] != secret[matched]) matched = fallback[matched - 1];
        if (out[i] == secret[matched]) ++matched;
    }
    at_cut(out.size(), matched == secret.size() ? 0 : matched);
    for (auto it = fragments.rbegin(); it != fragments.rend(); ++it)
        out.replace(it->first, it->second, redacted_marker);
    text = std::move(out);
}

inline void append_shown_headers(std::string& out, const http_headers& headers, std::string_view secret) {
    for (const auto& h : headers) {
        std::string value = is_credential(h) ? std::string(redacted_marker) : h.value;
        redact(value, secret);
        out.append(shown_server_text(h.name, server_text_limit))
            .append(": ")
            .append(shown_server_text(value, server_text_limit))
            .append("\n");
    }
}

inline void append_shown_body(std::string& out, std::string body, std::string_view secret) {
    redact(body, secret);  // before the cut, so that no part of the key survives it
    out.append("\n").append(shown_server_text(body, shown_body_limit));
}

POLYLLM_DECL std::string shown(const http_request& r, std::string_view secret) {
    std::string url = displayable_url(r.url);
    redact(url, secret);
    std::string out = shown_server_text(r.method, server_text_limit) + " " + url + "\n";
    append_shown_headers(out, r.headers, secret);
    append_shown_body(out, r.body, secret);
    return out;
}

POLYLLM_DECL std::string shown(const http_response& r, std::string_view secret) {
    std::string out = "HTTP " + std::to_string(r.status) + " " + shown_server_text(r.reason, server_text_limit) + "\n";
    append_shown_headers(out, r.headers, secret);
    append_shown_body(out, r.body, secret);
    return out;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
