#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/json_diagnosis.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/json_diagnosis.hpp>

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
