#pragma once
/// @file
/// @brief An incremental HTTP/1.1 message parser without I/O, for responses (the transport) and requests (a local
/// server): it is fed bytes and reports how many it consumed, as Beast's `basic_parser` does. Being free of I/O it is
/// tested by feeding every message split at every byte offset.
///
///     detail::http_response_parser p;
///     while (!p.done()) {
///         auto used = p.put(bytes, [&](std::string_view piece) { body += piece; });
///         if (!used) return used.error();          // errc::protocol_error, or errc::connection from put_eof
///         bytes.remove_prefix(used.value());       // when done, what is left belongs to the next message
///         if (p.header_done()) { /* status and headers are known before any body byte is delivered */ }
///     }

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/http_grammar.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

enum class http_message_kind { request, response };

/// @brief Size limits; passing one is `errc::protocol_error`.
struct http_parser_limits {
    /// The start line and header fields; also each chunk-size line and the trailer section, each on its own.
    std::size_t header_bytes = 64 * 1024;
    /// The body after chunked decoding; empty for no limit (a stream handed on as it arrives).
    std::optional<std::uint64_t> body_bytes = std::uint64_t{64} * 1024 * 1024;
};

/// @brief Parses one HTTP/1.1 message at a time; `reset()` prepares it for the next one on the same connection.
///
/// `put(bytes, on_body)` consumes bytes until they run out, the header section ends (so the caller sees status and
/// headers before any body byte), the message ends, `on_body` returns false, or an error. Body pieces (chunked
/// framing removed) are views into `bytes`, passed to `on_body(std::string_view)`, which returns void or bool.
/// Line ends must be CRLF; whitespace before a field's colon, bare CR, NUL and other control characters are errors.
template <http_message_kind Kind>
class basic_http_parser {
public:
    static constexpr bool is_request = Kind == http_message_kind::request;

    explicit basic_http_parser(http_parser_limits limits = {}) : limits_(limits) {}

    /// @brief Response parsers: the method of the request being answered. After HEAD there is no body whatever the
    /// headers say; after a successful CONNECT the connection becomes a tunnel.
    void set_request_method(std::string_view method) noexcept
        requires(!is_request)
    {
        answers_head_ = method == "HEAD";
        answers_connect_ = method == "CONNECT";
    }

    /// @brief Changes the body limit, e.g. once the headers show that the body will be streamed.
    void set_body_limit(std::optional<std::uint64_t> limit) noexcept { limits_.body_bytes = limit; }

    /// @brief Feeds bytes; returns how many were consumed. See the class comment for where it stops.
    template <class OnBody>
    [[nodiscard]] result<std::size_t> put(std::string_view in, OnBody&& on_body) {
        if (failure_) return *failure_;
        std::size_t pos = 0;
        while (pos < in.size()) {
            switch (state_) {
                case state::start_line:
                case state::fields:
                case state::trailers: {
                    // The start line's first bytes are checked as they arrive, before its length or its end, so
                    // that the verdict is the same however the bytes are split.
                    if (state_ == state::start_line && !plausible_start(in.substr(pos))) return *failure_;
                    std::string_view line;
                    auto& counter = state_ == state::trailers ? trailer_bytes_ : header_bytes_;
                    const auto got = take_line(in, pos, counter, line);
                    if (got == line_status::partial) return pos;
                    if (got != line_status::complete) return fail_line(got);
                    const bool ok = state_ == state::start_line ? on_start_line(line) : on_field_line(line);
                    line_.clear();
                    if (!ok) return *failure_;
                    if (state_ == state::done) return pos;
                    if (header_done_ && !paused_at_header_) {
                        paused_at_header_ = true;  // once per message: let the caller look before the body
                        return pos;
                    }
                    break;
                }
                case state::chunk_size: {
                    std::string_view line;
                    if (line_.empty()) chunk_line_bytes_ = 0;  // a new line; one arriving in pieces keeps its count
                    const auto got = take_line(in, pos, chunk_line_bytes_, line);
                    if (got == line_status::partial) return pos;
                    if (got != line_status::complete) return fail_line(got);
                    const bool ok = on_chunk_size_line(line);
                    line_.clear();
                    if (!ok) return *failure_;
                    break;
                }
                case state::chunk_data_end: {
                    std::string_view line;
                    if (line_.empty()) chunk_line_bytes_ = 0;
                    const auto got = take_line(in, pos, chunk_line_bytes_, line);
                    if (got == line_status::partial) return pos;
                    if (got != line_status::complete || !line.empty())
                        return fail("a chunk's data is not followed by CRLF");
                    line_.clear();
                    state_ = state::chunk_size;
                    break;
                }
                case state::body_length:
                case state::chunk_data:
                case state::body_until_close: {
                    if (limits_.body_bytes && state_ != state::body_until_close &&
                        remaining_ > *limits_.body_bytes - std::min(body_size_, *limits_.body_bytes))
                        return fail_body_limit();
                    std::size_t n = in.size() - pos;
                    if (state_ != state::body_until_close && remaining_ < n) n = static_cast<std::size_t>(remaining_);
                    // Over the limit: what fits is delivered first, so that the outcome does not depend on the reads.
                    const bool over = limits_.body_bytes && body_size_ + n > *limits_.body_bytes;
                    if (over) n = static_cast<std::size_t>(*limits_.body_bytes - body_size_);
                    const auto piece = in.substr(pos, n);
                    pos += n;
                    body_size_ += n;
                    if (state_ != state::body_until_close) {
                        remaining_ -= n;
                        if (remaining_ == 0) state_ = state_ == state::chunk_data ? state::chunk_data_end : state::done;
                    }
                    if (!deliver(on_body, piece)) return pos;
                    if (over) return fail_body_limit();
                    if (state_ == state::done) return pos;
                    break;
                }
                case state::done: return pos;
            }
        }
        return pos;
    }

    /// @brief The peer closed the connection: ends a body read until close, and is an error (`errc::connection`)
    /// anywhere else but between messages.
    [[nodiscard]] result<void> put_eof() {
        if (failure_) return *failure_;
        switch (state_) {
            case state::done: return success();
            case state::body_until_close: state_ = state::done; return success();
            case state::start_line:
                if (header_bytes_ == 0) return closed("before " + std::string(message_word()));
                return closed("in the middle of the " + std::string(message_word()) + "'s start line");
            case state::fields: return closed("in the middle of the " + std::string(message_word()) + " headers");
            case state::body_length:
                return closed("after " + std::to_string(body_size_) + " of " + std::to_string(*content_length_) +
                              " body bytes");
            case state::chunk_size:
            case state::chunk_data:
            case state::chunk_data_end:
            case state::trailers:
                return closed("in the middle of a chunked body, after " + std::to_string(body_size_) + " body bytes");
        }
        return success();
    }

    /// @brief Ready for the next message (keeping the limits; a response parser forgets the request method).
    void reset() noexcept {
        *this = basic_http_parser(limits_);
    }

    // --- What was parsed. ---

    [[nodiscard]] bool header_done() const noexcept { return header_done_; }
    [[nodiscard]] bool done() const noexcept { return state_ == state::done; }
    [[nodiscard]] bool failed() const noexcept { return failure_.has_value(); }

    [[nodiscard]] int status() const noexcept
        requires(!is_request)
    {
        return status_;
    }
    [[nodiscard]] const std::string& reason() const noexcept
        requires(!is_request)
    {
        return reason_;
    }
    [[nodiscard]] const std::string& method() const noexcept
        requires is_request
    {
        return method_;
    }
    [[nodiscard]] const std::string& target() const noexcept
        requires is_request
    {
        return target_;
    }
    /// @brief 1 for HTTP/1.1, 0 for HTTP/1.0.
    [[nodiscard]] int version_minor() const noexcept { return version_minor_; }

    [[nodiscard]] const http_headers& headers() const noexcept { return headers_; }
    [[nodiscard]] http_headers release_headers() noexcept { return std::move(headers_); }
    /// @brief Fields after a chunked body; kept apart from the headers, as RFC 9110 §6.5.1 asks.
    [[nodiscard]] const http_headers& trailers() const noexcept { return trailers_; }

    [[nodiscard]] bool chunked() const noexcept { return chunked_; }
    [[nodiscard]] std::optional<std::uint64_t> content_length() const noexcept { return content_length_; }
    /// @brief Body bytes delivered so far.
    [[nodiscard]] std::uint64_t body_size() const noexcept { return body_size_; }
    /// @brief Whether the connection may carry another message after this one (HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`, never after a body delimited by the end of the connection).
    [[nodiscard]] bool keep_alive() const noexcept { return keep_alive_; }

private:
    enum class state {
        start_line,
        fields,
        body_length,
        body_until_close,
        chunk_size,
        chunk_data,
        chunk_data_end,
        trailers,
        done,
    };
    enum class line_status { complete, partial, too_long, bare_lf };

    static constexpr std::string_view message_word() noexcept { return is_request ? "request" : "response"; }

    // The next line without its CRLF, as a view into `in` or into line_ when it arrived in pieces. `counter` adds
    // the bytes taken and must stay within the header limit.
    line_status take_line(std::string_view in, std::size_t& pos, std::size_t& counter, std::string_view& line) {
        const auto rest = in.substr(pos);
        const auto lf = rest.find('\n');
        const std::size_t take = lf == std::string_view::npos ? rest.size() : lf + 1;
        if (take > limits_.header_bytes - std::min(counter, limits_.header_bytes)) return line_status::too_long;
        counter += take;
        pos += take;
        if (lf == std::string_view::npos) {
            line_.append(rest);
            return line_status::partial;
        }
        if (line_.empty()) {
            line = rest.substr(0, lf);
        } else {
            line_.append(rest.substr(0, lf));
            line = line_;
        }
        if (line.empty() || line.back() != '\r') return line_status::bare_lf;
        line.remove_suffix(1);
        return line_status::complete;
    }

    result<std::size_t> fail_line(line_status got) {
        if (got == line_status::bare_lf) return fail("a line ends in a bare LF instead of CRLF");
        switch (state_) {
            case state::chunk_size:
            case state::chunk_data_end:
                return fail("a chunk-size line is longer than the header limit of " +
                            std::to_string(limits_.header_bytes) + " bytes");
            case state::trailers:
                return fail("the trailer section is larger than the header limit of " +
                            std::to_string(limits_.header_bytes) + " bytes");
            default:
                return fail("the header section is larger than the limit of " + std::to_string(limits_.header_bytes) +
                            " bytes");
        }
    }

    // The message head (start line, header fields, and the body framing they announce); defined in
    // http_parser_head.hpp.
    bool on_start_line(std::string_view line);
    bool plausible_start(std::string_view arrived);
    bool parse_version(std::string_view v);
    bool parse_status_line(std::string_view line);
    bool parse_request_line(std::string_view line);
    bool on_field_line(std::string_view line);
    void flush_field(http_headers& fields);
    bool end_of_header();

    bool on_chunk_size_line(std::string_view line) {
        std::uint64_t size = 0;
        std::size_t i = 0;
        for (; i < line.size() && is_hex(line[i]); ++i) {
            if (size > (std::numeric_limits<std::uint64_t>::max() >> 4)) return set_failure("a chunk size overflows 64 bits");
            size = size * 16 + hex_value(line[i]);
        }
        if (i == 0) return set_failure("a chunk-size line does not start with a hexadecimal size");
        auto extensions = line.substr(i);
        while (!extensions.empty() && http_grammar::is_ows(extensions.front())) extensions.remove_prefix(1);
        if (!extensions.empty() && extensions.front() != ';')
            return set_failure("a chunk size is followed by something other than an extension");
        if (!http_grammar::is_field_value(extensions)) return set_failure("a chunk extension has a control character");
        if (size == 0) {
            state_ = state::trailers;
        } else {
            remaining_ = size;
            state_ = state::chunk_data;
        }
        return true;
    }

    template <class OnBody>
    static bool deliver(OnBody& on_body, std::string_view piece) {
        if (piece.empty()) return true;
        if constexpr (std::is_same_v<std::invoke_result_t<OnBody&, std::string_view>, void>) {
            on_body(piece);
            return true;
        } else {
            return static_cast<bool>(on_body(piece));
        }
    }

    static constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
    static constexpr bool is_hex(char c) noexcept {
        return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    static constexpr unsigned hex_value(char c) noexcept {
        return is_digit(c) ? unsigned(c - '0') : unsigned(to_lower(c) - 'a' + 10);
    }

    bool set_failure(std::string why) {
        failure_ = error{errc::protocol_error, "malformed HTTP " + std::string(message_word()) + ": " + why};
        return false;
    }
    result<std::size_t> fail(std::string why) {
        set_failure(std::move(why));
        return *failure_;
    }
    result<std::size_t> fail_body_limit() {
        failure_ = error{errc::protocol_error, "the " + std::string(message_word()) + " body is larger than the limit of " +
                                                   std::to_string(*limits_.body_bytes) + " bytes"};
        return *failure_;
    }
    result<void> closed(std::string when) {
        failure_ = error{errc::connection, "the connection closed " + when};
        return *failure_;
    }

    http_parser_limits limits_;
    state state_ = state::start_line;
    std::string line_;  // a line that arrived in pieces
    std::size_t header_bytes_ = 0;
    std::size_t trailer_bytes_ = 0;
    std::size_t chunk_line_bytes_ = 0;
    std::uint64_t remaining_ = 0;  // of the Content-Length body or of the current chunk
    std::uint64_t body_size_ = 0;
    std::optional<std::uint64_t> content_length_;
    std::optional<error> failure_;
    std::optional<http_header> pending_;

    int status_ = 0;
    std::string reason_;
    std::string method_;
    std::string target_;
    int version_minor_ = 1;
    http_headers headers_;
    http_headers trailers_;
    bool answers_head_ = false;
    bool answers_connect_ = false;
    bool header_done_ = false;
    bool paused_at_header_ = false;
    bool start_checked_ = false;  // the start line's beginning passed plausible_start
    bool chunked_ = false;
    bool conflicting_length_ = false;
    bool keep_alive_ = false;
};

using http_response_parser = basic_http_parser<http_message_kind::response>;
using http_request_parser = basic_http_parser<http_message_kind::request>;

}  // namespace detail
POLYLLM_NAMESPACE_END

// The parser's member functions that read the message head.
#include <polyllm/detail/http_parser_head.hpp>
