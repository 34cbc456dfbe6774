#pragma once
/// @file
/// @brief The message head for `basic_http_parser` (http_parser.hpp): the start line (status line or request line,
/// judged as its first bytes arrive), the header fields (obs-fold, token and value checks), and the framing that the
/// complete header section announces for the body (RFC 9112 §6.3: Content-Length, chunked, until close, none).
/// http_parser.hpp declares these members and includes this header at its end; the body framing stays there.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/http_grammar.hpp>
#include <polyllm/detail/http_parser.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

template <http_message_kind Kind>
bool basic_http_parser<Kind>::on_start_line(std::string_view line) {
    start_checked_ = false;
    if (line.empty()) return true;  // RFC 9112 §2.2: empty lines before the start line are ignored
    bool ok = false;
    if constexpr (is_request) ok = parse_request_line(line);
    else ok = parse_status_line(line);
    if (ok) state_ = state::fields;
    return ok;
}

// Whether a start line still arriving can become a valid one: refuses a server that speaks something else
// (HTML, TLS) at once instead of waiting for a line end that may never come. `arrived` is what follows the
// part of the line already held in line_; the check ends at the line's first CR or LF, at the first space of
// a request line, or after "HTTP/" of a status line.
template <http_message_kind Kind>
bool basic_http_parser<Kind>::plausible_start(std::string_view arrived) {
    if (start_checked_) return true;
    // Only bytes within the header limit are judged; what lies beyond is refused for its length, split or not.
    arrived = arrived.substr(0, limits_.header_bytes - std::min(header_bytes_, limits_.header_bytes));
    std::size_t at = line_.size();
    for (char c : arrived) {
        if (c == '\r' || c == '\n') return start_checked_ = true;  // the rest is the whole line's to judge
        if constexpr (is_request) {
            if (c == ' ') return start_checked_ = true;
            if (!http_grammar::is_tchar(c)) return set_failure("the request does not start with a method");
        } else {
            constexpr std::string_view prefix = "HTTP/";
            if (at == prefix.size()) return start_checked_ = true;
            if (c != prefix[at]) return set_failure("the response does not start with an HTTP version");
        }
        ++at;
    }
    return true;
}

template <http_message_kind Kind>
bool basic_http_parser<Kind>::parse_version(std::string_view v) {
    if (v.size() != 8 || !v.starts_with("HTTP/") || v[6] != '.' || v[5] < '0' || v[5] > '9' || v[7] < '0' ||
        v[7] > '9')
        return set_failure("the " + std::string(message_word()) + " does not start with an HTTP version");
    if (v[5] != '1') return set_failure("unsupported HTTP version " + std::string(v) + " (only HTTP/1.x is spoken)");
    version_minor_ = v[7] - '0';
    return true;
}

template <http_message_kind Kind>
bool basic_http_parser<Kind>::parse_status_line(std::string_view line) {
    const auto sp = line.find(' ');
    if (!parse_version(line.substr(0, sp))) return false;
    if (sp == std::string_view::npos) return set_failure("the status line has no status code");
    auto rest = line.substr(sp + 1);
    if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2]) ||
        (rest.size() > 3 && rest[3] != ' ') || rest[0] == '0')
        return set_failure("the status line has no valid three-digit status code");
    status_ = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    rest.remove_prefix(std::min<std::size_t>(rest.size(), 4));
    if (!http_grammar::is_field_value(rest)) return set_failure("the reason phrase has a control character");
    reason_.assign(rest);
    return true;
}

template <http_message_kind Kind>
bool basic_http_parser<Kind>::parse_request_line(std::string_view line) {
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos) return set_failure("the request line is not \"method target version\"");
    const auto method = line.substr(0, sp1);
    const auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (!http_grammar::is_token(method)) return set_failure("the request method is not a token");
    if (target.empty()) return set_failure("the request target is empty");
    for (char c : target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return set_failure("the request target has a space or a control character");
    if (!parse_version(line.substr(sp2 + 1))) return false;
    method_.assign(method);
    target_.assign(target);
    return true;
}

template <http_message_kind Kind>
bool basic_http_parser<Kind>::on_field_line(std::string_view line) {
    auto& fields = state_ == state::trailers ? trailers_ : headers_;
    if (line.empty()) {
        flush_field(fields);
        if (state_ != state::trailers) return end_of_header();
        state_ = state::done;
        return true;
    }
    if (http_grammar::is_ows(line.front())) {
        // obs-fold (RFC 9112 §5.2): a user agent joins it with a space; a server must refuse it.
        if (is_request || !pending_) return set_failure("a header line starts with whitespace");
        const auto more = http_grammar::trim_ows(line);
        if (!http_grammar::is_field_value(more)) return set_failure("a folded header value has a control character");
        if (!more.empty()) pending_->value.append(" ").append(more);
        return true;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return set_failure("a header line has no colon");
    const auto name = line.substr(0, colon);
    if (!http_grammar::is_token(name))
        return set_failure("a header name is empty or has a character a token cannot have (whitespace before "
                           "the colon, a control character)");
    const auto value = http_grammar::trim_ows(line.substr(colon + 1));
    if (!http_grammar::is_field_value(value))
        return set_failure("the value of header \"" + std::string(name) + "\" has a control character");
    flush_field(fields);
    pending_.emplace(http_header{std::string(name), std::string(value), false});
    return true;
}

// A field is added once the next line shows that it is not continued by an obs-fold.
template <http_message_kind Kind>
void basic_http_parser<Kind>::flush_field(http_headers& fields) {
    if (!pending_) return;
    fields.add(std::move(pending_->name), std::move(pending_->value));
    pending_.reset();
}

// The header section is complete: work out how the body is delimited (RFC 9112 §6.3).
template <http_message_kind Kind>
bool basic_http_parser<Kind>::end_of_header() {
    if constexpr (!is_request) {
        if (status_ >= 100 && status_ < 200 && status_ != 101) {
            // An interim response (100 Continue, 103 Early Hints): the final one follows on the same connection.
            headers_ = {};
            header_bytes_ = 0;
            state_ = state::start_line;
            return true;
        }
    }
    bool has_te = false;
    bool close = false;
    bool keep_alive_token = false;
    for (const auto& h : headers_) {
        if (iequals(h.name, "content-length")) {
            bool valid = true;
            http_grammar::for_each_list_element(h.value, [&](std::string_view v) {
                std::uint64_t n = 0;
                const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
                if (ec != std::errc{} || end != v.data() + v.size() || !is_digit(v.front())) valid = false;
                else if (content_length_ && *content_length_ != n) conflicting_length_ = true;
                else content_length_ = n;
            });
            if (!valid || http_grammar::trim_ows(h.value).empty())
                return set_failure("invalid Content-Length (not a number, or too large)");
            if (conflicting_length_) return set_failure("conflicting Content-Length values");
        } else if (iequals(h.name, "transfer-encoding")) {
            has_te = true;
            std::string_view unsupported;
            http_grammar::for_each_list_element(h.value, [&](std::string_view coding) {
                if (!chunked_ && iequals(coding, "chunked")) chunked_ = true;
                else if (unsupported.empty()) unsupported = coding;
            });
            if (!unsupported.empty())
                return set_failure(http_grammar::is_token(unsupported)
                                       ? "unsupported transfer coding \"" + std::string(unsupported) +
                                             "\" (only chunked is spoken)"
                                       : std::string("invalid Transfer-Encoding"));
        } else if (iequals(h.name, "connection")) {
            http_grammar::for_each_list_element(h.value, [&](std::string_view option) {
                if (iequals(option, "close")) close = true;
                else if (iequals(option, "keep-alive")) keep_alive_token = true;
            });
        }
    }
    if (has_te && !chunked_) return set_failure("Transfer-Encoding without chunked");
    if (has_te && content_length_)
        return set_failure("both Content-Length and Transfer-Encoding, an ambiguity used to smuggle requests");
    if (has_te && version_minor_ == 0) return set_failure("Transfer-Encoding in an HTTP/1.0 message");
    keep_alive_ = !close && (version_minor_ >= 1 || keep_alive_token);
    header_done_ = true;

    bool no_body = false;
    if constexpr (!is_request) {
        no_body = answers_head_ || status_ == 204 || status_ == 304 ||
                  (answers_connect_ && status_ >= 200 && status_ < 300);
    }
    if (no_body) state_ = state::done;
    else if (chunked_) state_ = state::chunk_size;
    else if (content_length_) {
        remaining_ = *content_length_;
        state_ = remaining_ == 0 ? state::done : state::body_length;
    } else if constexpr (is_request) {
        state_ = state::done;  // a request without framing has no body
    } else {
        state_ = state::body_until_close;
        keep_alive_ = false;
    }
    return true;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
