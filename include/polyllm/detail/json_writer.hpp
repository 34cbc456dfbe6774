#pragma once
/// @file
/// @brief `json_writer`: writes JSON text straight into a string, without building a tree first. Request bodies
/// are written with it: building an `nlohmann::json` of an 8 KB conversation only to dump it copies every
/// message twice. The text is what `nlohmann::json::dump(-1, ' ', false, error_handler_t::replace)` writes for
/// the same value: UTF-8 kept as it is, control characters escaped, invalid UTF-8 replaced by U+FFFD.

#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief How a byte is written inside a JSON string: copied, escaped, or the start of a UTF-8 sequence to check.
enum class json_byte : std::uint8_t { copy, escape, non_ascii };

inline constexpr std::array<json_byte, 256> json_byte_classes = [] {
    std::array<json_byte, 256> classes{};
    for (std::size_t c = 0; c < 256; ++c)
        classes[c] = c < 0x20 || c == '"' || c == '\\' ? json_byte::escape
                     : c >= 0x80                        ? json_byte::non_ascii
                                                        : json_byte::copy;
    return classes;
}();

/// @brief The length of the well-formed UTF-8 sequence at the start of `s` (Unicode Table 3-7: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
[[nodiscard]] POLYLLM_DECL std::size_t utf8_sequence_length(const unsigned char* s, std::size_t n) noexcept;

/// @brief Appends `s` escaped, without quotes. Returns false, having appended part of it, when `s` is not valid
/// UTF-8.
[[nodiscard]] POLYLLM_DECL bool append_json_escaped(std::string& out, std::string_view s);

class json_writer {
public:
    explicit json_writer(std::string& out) noexcept : out_(out) {}

    POLYLLM_DECL json_writer& begin_object();
    POLYLLM_DECL json_writer& end_object();
    POLYLLM_DECL json_writer& begin_array();
    POLYLLM_DECL json_writer& end_array();

    /// @brief An object key; the next call writes its value.
    POLYLLM_DECL json_writer& key(std::string_view k);

    json_writer& string(std::string_view s) { return string({s}); }

    /// @brief One string made of `pieces` joined, without joining them first.
    POLYLLM_DECL json_writer& string(std::initializer_list<std::string_view> pieces);

    json_writer& boolean(bool b) { return literal(b ? "true" : "false"); }
    json_writer& null() { return literal("null"); }

    template <class Integer>
        requires std::is_integral_v<Integer>
    json_writer& integer(Integer n) {
        char buffer[24];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
        return literal(std::string_view(buffer, std::size_t(end - buffer)));
    }

    /// @brief The shortest text that reads back as `d`, with ".0" when it would otherwise read as an integer;
    /// NaN and infinities, which JSON lacks, are null (as nlohmann::json writes them).
    POLYLLM_DECL json_writer& number(double d);

    /// @brief A value already written as JSON text (by another json_writer), copied as it is.
    json_writer& raw(std::string_view json_text) { return literal(json_text); }

    /// @brief Any nlohmann::json value (tool schemas, extra parameters), in its own key order.
    template <class BasicJson>
        requires requires(const BasicJson& j) { j.type(); j.items(); }
    json_writer& value(const BasicJson& j) {
        using type = typename BasicJson::value_t;
        switch (j.type()) {
            case type::object:
                begin_object();
                for (auto it = j.cbegin(); it != j.cend(); ++it) {
                    key(it.key());
                    value(*it);
                }
                return end_object();
            case type::array:
                begin_array();
                for (const auto& element : j) value(element);
                return end_array();
            case type::string: return string(j.template get_ref<const typename BasicJson::string_t&>());
            case type::boolean: return boolean(j.template get<bool>());
            case type::number_integer: return integer(j.template get<std::int64_t>());
            case type::number_unsigned: return integer(j.template get<std::uint64_t>());
            case type::number_float: return number(j.template get<double>());
            case type::null: return null();
            default:  // binary and discarded values never come from JSON text; nlohmann::json knows their form
                return literal(j.dump(-1, ' ', false, BasicJson::error_handler_t::replace));
        }
    }

private:
    POLYLLM_DECL void separate();
    POLYLLM_DECL json_writer& literal(std::string_view text);
    POLYLLM_DECL void append_string(std::initializer_list<std::string_view> pieces);

    std::string& out_;
    bool first_ = true;  // no value yet at this level: no comma before the next one
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
