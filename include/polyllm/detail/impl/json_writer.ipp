#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/json_writer.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/json_writer.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::size_t utf8_sequence_length(const unsigned char* s, std::size_t n) noexcept {
    const unsigned c = s[0];
    auto in = [&](std::size_t i, unsigned lo, unsigned hi) { return i < n && s[i] >= lo && s[i] <= hi; };
    if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

POLYLLM_DECL bool append_json_escaped(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t copied = 0;  // bytes of s already in out
    for (std::size_t i = 0; i < n;) {
        switch (json_byte_classes[p[i]]) {
            case json_byte::copy: ++i; break;
            case json_byte::non_ascii: {
                const std::size_t length = utf8_sequence_length(p + i, n - i);
                if (length == 0) return false;
                i += length;
                break;
            }
            case json_byte::escape: {
                out.append(s.data() + copied, i - copied);
                const char c = s[i];
                switch (c) {
                    case '"': out += "\\\""; break;
                    case '\\': out += "\\\\"; break;
                    case '\b': out += "\\b"; break;
                    case '\f': out += "\\f"; break;
                    case '\n': out += "\\n"; break;
                    case '\r': out += "\\r"; break;
                    case '\t': out += "\\t"; break;
                    default: {
                        const char u[] = {'\\', 'u', '0', '0', hex[(p[i] >> 4) & 0xF], hex[p[i] & 0xF]};
                        out.append(u, sizeof u);
                    }
                }
                copied = ++i;
                break;
            }
        }
    }
    out.append(s.data() + copied, n - copied);
    return true;
}

POLYLLM_DECL json_writer& json_writer::begin_object() {
    separate();
    out_ += '{';
    first_ = true;
    return *this;
}

POLYLLM_DECL json_writer& json_writer::end_object() {
    out_ += '}';
    first_ = false;
    return *this;
}

POLYLLM_DECL json_writer& json_writer::begin_array() {
    separate();
    out_ += '[';
    first_ = true;
    return *this;
}

POLYLLM_DECL json_writer& json_writer::end_array() {
    out_ += ']';
    first_ = false;
    return *this;
}

POLYLLM_DECL json_writer& json_writer::key(std::string_view k) {
    separate();
    append_string({k});
    out_ += ':';
    first_ = true;
    return *this;
}

POLYLLM_DECL json_writer& json_writer::string(std::initializer_list<std::string_view> pieces) {
    separate();
    append_string(pieces);
    return *this;
}

POLYLLM_DECL json_writer& json_writer::number(double d) {
    if (!std::isfinite(d)) return null();
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, d).ptr;
    const std::string_view text(buffer, std::size_t(end - buffer));
    literal(text);
    if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";
    return *this;
}

POLYLLM_DECL void json_writer::separate() {
    if (!first_) out_ += ',';
    first_ = false;
}

POLYLLM_DECL json_writer& json_writer::literal(std::string_view text) {
    separate();
    out_ += text;
    return *this;
}

POLYLLM_DECL void json_writer::append_string(std::initializer_list<std::string_view> pieces) {
    const std::size_t start = out_.size();
    out_ += '"';
    bool valid = true;
    for (auto piece : pieces) valid = valid && append_json_escaped(out_, piece);
    if (valid) {
        out_ += '"';
        return;
    }
    // Invalid UTF-8 is rare: let nlohmann::json replace it, so the text is exactly what it would write.
    out_.resize(start);
    std::string joined;
    for (auto piece : pieces) joined += piece;
    out_ += nlohmann::json(std::move(joined)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace detail
POLYLLM_NAMESPACE_END
