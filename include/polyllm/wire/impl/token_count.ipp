#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/token_count.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/json_diagnosis.hpp>
#include <polyllm/wire/status.hpp>
#include <polyllm/wire/token_count.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

POLYLLM_DECL result<token_count> read_token_count(const http_response& res, const error_dialect& dialect,
                                                  std::string_view request_id_header, token_count_field field) {
    if (!is_success(res.status)) return error_from(res, dialect, request_id_header);
    auto malformed = [&](std::string what) {
        error e{errc::malformed_response, std::move(what)};
        e.http_status = res.status;
        return e;
    };
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return malformed("the response body " + polyllm::detail::json_object_problem(res.body) + ": " +
                         excerpt(res.body));
    const auto count = body.find(field.name);
    if (count == body.end() || count->is_null()) {
        if (body.contains("error")) return error_from(res, dialect, request_id_header);  // an error answered with 2xx
        if (field.absent_is_zero) return token_count{0, true};
        return malformed("the response has no \"" + std::string(field.name) + "\": " + excerpt(res.body));
    }
    // An integer, or (proto3 JSON's int64) its decimal text.
    std::int64_t n = -1;
    if (count->is_number_integer()) {
        n = count->get<std::int64_t>();
    } else if (count->is_string()) {
        const auto& text = count->get_ref<const std::string&>();
        if (!text.empty() && text.size() < 19 && text.find_first_not_of("0123456789") == std::string::npos)
            n = std::stoll(text);
    }
    if (n < 0)
        return malformed("\"" + std::string(field.name) + "\" is not a count of tokens: " + excerpt(count->dump()));
    return token_count{static_cast<std::size_t>(n), true};
}

}  // namespace wire
POLYLLM_NAMESPACE_END
