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
#include <polyllm/detail/impl/json_writer.ipp>
#endif
