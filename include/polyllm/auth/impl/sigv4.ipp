#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/sigv4.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/sigv4.hpp>

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/url.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

POLYLLM_NAMESPACE_BEGIN
namespace auth {
namespace sigv4_detail {

inline std::string hex(const unsigned char* bytes, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    return out;
}

inline int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A '%' not followed by two hex digits is taken as itself, as AWS's own decoders do.
inline std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out.push_back(char(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

inline bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims and makes every inner run of white space (a folded line too) one space.
inline std::string trim_all(std::string_view value) {
    std::string out;
    bool pending_space = false;
    for (char c : value) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace sigv4_detail

POLYLLM_DECL std::string sha256_hex(std::string_view bytes) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr);
    return sigv4_detail::hex(md, n);
}

POLYLLM_DECL std::array<unsigned char, 32> hmac_sha256(std::string_view key, std::string_view data) {
    std::array<unsigned char, 32> out{};
    unsigned int n = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         out.data(), &n);
    return out;
}

// With <chrono>'s calendar rather than gmtime_r, which Windows does not have.
POLYLLM_DECL std::string amz_date(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss time{floor<seconds>(t - day)};
    char buf[48];  // room for any int, so that g++ sees no truncation; a real date takes 17
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(time.hours().count()), int(time.minutes().count()),
                  int(time.seconds().count()));
    return buf;
}

POLYLLM_DECL std::string aws_uri_encode(std::string_view bytes, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 3 / 2);
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (detail::url_chars::is_alpha(c) || detail::url_chars::is_digit(c) || c == '-' || c == '.' || c == '_' ||
            c == '~' || (keep_slash && c == '/')) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(digits[u >> 4]);
            out.push_back(digits[u & 0xf]);
        }
    }
    return out;
}

POLYLLM_DECL std::string sigv4_canonical_uri(std::string_view path, bool normalize) {
    if (path.empty()) return "/";
    if (!normalize) return aws_uri_encode(path, true);
    // RFC 3986 dot-segment removal, with empty segments dropped too ("//a//" -> "/a/"), as AWS normalizes.
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string_view::npos ? path.size() : slash;
        const auto segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    const auto last = path.substr(path.rfind('/') + 1);
    const bool trailing_slash = !segments.empty() && (last.empty() || last == "." || last == "..");
    std::string out;
    for (auto segment : segments) out += "/" + aws_uri_encode(segment, false);
    if (out.empty() || trailing_slash) out += "/";
    return out;
}

POLYLLM_DECL std::string sigv4_canonical_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto param = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (param.empty()) continue;
        const auto eq = param.find('=');
        const auto name = param.substr(0, eq);
        const auto value = eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1);
        params.emplace_back(aws_uri_encode(sigv4_detail::percent_decode(name), false),
                            aws_uri_encode(sigv4_detail::percent_decode(value), false));
    }
    std::sort(params.begin(), params.end());
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out.push_back('&');
        out += name + "=" + value;
    }
    return out;
}

POLYLLM_DECL sigv4_canonical_headers
sigv4_canonicalize_headers(const std::vector<std::pair<std::string, std::string>>& headers) {
    std::vector<std::pair<std::string, std::string>> merged;  // lower-case name, joined values
    for (const auto& [name, value] : headers) {
        auto lower = detail::to_lower(name);
        auto trimmed = sigv4_detail::trim_all(value);
        auto found = std::find_if(merged.begin(), merged.end(), [&](const auto& h) { return h.first == lower; });
        if (found == merged.end()) merged.emplace_back(std::move(lower), std::move(trimmed));
        else found->second += "," + trimmed;
    }
    std::stable_sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    sigv4_canonical_headers out;
    for (const auto& [name, value] : merged) {
        out.block += name + ":" + value + "\n";
        if (!out.signed_names.empty()) out.signed_names.push_back(';');
        out.signed_names += name;
    }
    return out;
}

POLYLLM_DECL std::string sigv4_canonical_request(const sigv4_message& message, bool normalize) {
    const auto headers = sigv4_canonicalize_headers(message.headers);
    std::string out;
    out.reserve(256 + headers.block.size());
    out.append(message.method).push_back('\n');
    out.append(sigv4_canonical_uri(message.path, normalize)).push_back('\n');
    out.append(sigv4_canonical_query(message.query)).push_back('\n');
    out.append(headers.block).push_back('\n');
    out.append(headers.signed_names).push_back('\n');
    out.append(message.payload_hash);
    return out;
}

POLYLLM_DECL std::string sigv4_credential_scope(const sigv4_scope& scope) {
    return amz_date(scope.time).substr(0, 8) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

POLYLLM_DECL std::string sigv4_string_to_sign(const sigv4_scope& scope, std::string_view canonical_request) {
    return "AWS4-HMAC-SHA256\n" + amz_date(scope.time) + "\n" + sigv4_credential_scope(scope) + "\n" +
           sha256_hex(canonical_request);
}

POLYLLM_DECL std::array<unsigned char, 32> sigv4_signing_key(const secret& secret_access_key,
                                                            const sigv4_scope& scope) {
    const auto as_view = [](const std::array<unsigned char, 32>& k) {
        return std::string_view(reinterpret_cast<const char*>(k.data()), k.size());
    };
    std::string first = "AWS4";
    first += secret_access_key.reveal();
    const auto date_key = hmac_sha256(first, amz_date(scope.time).substr(0, 8));
    std::fill(first.begin(), first.end(), '\0');  // the secret does not outlive its use in a freed buffer
    const auto region_key = hmac_sha256(as_view(date_key), scope.region);
    const auto service_key = hmac_sha256(as_view(region_key), scope.service);
    return hmac_sha256(as_view(service_key), "aws4_request");
}

POLYLLM_DECL std::string sigv4_signature(const secret& secret_access_key, const sigv4_scope& scope,
                                        std::string_view string_to_sign) {
    const auto key = sigv4_signing_key(secret_access_key, scope);
    const auto mac =
        hmac_sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), string_to_sign);
    return sigv4_detail::hex(mac.data(), mac.size());
}

POLYLLM_DECL std::string sigv4_authorization(const sigv4_message& message, const aws_credentials& credentials,
                                            const sigv4_scope& scope, bool normalize) {
    const auto canonical = sigv4_canonical_request(message, normalize);
    const auto signature = sigv4_signature(credentials.secret_access_key, scope, sigv4_string_to_sign(scope, canonical));
    return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + sigv4_credential_scope(scope) +
           ", SignedHeaders=" + sigv4_canonicalize_headers(message.headers).signed_names + ", Signature=" + signature;
}

POLYLLM_DECL result<void> sigv4_sign(http_request& request, const aws_credentials& credentials,
                                     const sigv4_scope& scope) {
    auto url = detail::parse_url(request.url);
    if (!url) return url.error();
    for (auto name : {"x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization"})
        request.headers.erase(name);
    request.headers.add("x-amz-date", amz_date(scope.time));
    request.headers.add("x-amz-content-sha256", sha256_hex(request.body));
    if (!credentials.session_token.empty())
        request.headers.add_sensitive("x-amz-security-token", std::string(credentials.session_token.reveal()));

    const std::string_view target = url.value().target;
    const auto question = target.find('?');
    sigv4_message message{request.method, target.substr(0, question),
                          question == std::string_view::npos ? std::string_view{} : target.substr(question + 1),
                          {{"host", url.value().host_header()}}, sha256_hex(request.body)};
    // Every header the request carries is signed: a proxy or middlebox cannot change one unnoticed.
    for (const auto& h : request.headers) message.headers.emplace_back(h.name, h.value);
    request.headers.add_sensitive("Authorization", sigv4_authorization(message, credentials, scope));
    return success();
}

}  // namespace auth
POLYLLM_NAMESPACE_END
