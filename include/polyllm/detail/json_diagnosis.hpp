#pragma once
/// @file
/// @brief Why a body that should be a JSON object is not one, said precisely: "is not valid JSON (it ends at byte
/// 1024 of 1024, inside a value)" for a truncated body, "is JSON but an array, not an object" for the wrong shape. A
/// user who sees "not a JSON object" for a cut-off reply looks in the wrong place. Bytes in, text out, no I/O.

#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief What is wrong with `text` as a JSON object, to follow a subject: "the response body " + this. Empty when
/// it is a JSON object.
[[nodiscard]] POLYLLM_DECL std::string json_object_problem(std::string_view text);

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::string json_object_problem(std::string_view text) {
    // The SAX interface reports where parsing failed without building a value: the reported position is the byte
    // at which the text stopped making sense (for a truncated body, its end).
    struct where_it_failed : nlohmann::json_sax<nlohmann::json> {
        std::size_t position = 0;
        bool failed = false;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override { return true; }
        bool key(string_t&) override { return true; }
        bool end_object() override { return true; }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception&) override {
            position = at;
            failed = true;
            return false;
        }
    } sax;
    nlohmann::json::sax_parse(text, &sax, nlohmann::json::input_format_t::json, false);
    if (sax.failed) {
        if (text.empty()) return "is empty, not JSON";
        const std::size_t at = sax.position > 0 ? sax.position - 1 : 0;  // nlohmann counts from 1
        if (at >= text.size())
            return "is not valid JSON: it ends at byte " + std::to_string(text.size()) +
                   " before the value is complete (cut short?)";
        return "is not valid JSON: at byte " + std::to_string(at) + " of " + std::to_string(text.size());
    }
    const auto value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_object()) return {};
    return std::string("is JSON but ") + (value.is_array() ? "an array" : value.type_name()) + ", not an object";
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
