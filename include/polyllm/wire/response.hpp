#pragma once
/// @file
/// @brief `parse_response`: the frame of every provider's response parser. A non-2xx response is the provider's error
/// (wire/error_body.hpp); a 2xx body that is not a JSON object, or that has a field of the wrong type, is
/// `errc::malformed_response` naming the problem; the provider reads only a well-formed body. Never throws.

#include <polyllm/detail/json_diagnosis.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/status.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief The completion `read(const nlohmann::json& body) -> result<completion>` makes of a 2xx JSON body, or the
/// error: `dialect`'s for a non-2xx response (`request_id_header` names the request id's header), malformed_response
/// for a body that is not a JSON object or a field of the wrong type (the json exception `read` lets through). An
/// error `read` returns keeps its classification and gets the response's status. A 2xx body that is an error
/// (some servers answer errors with 200) is for `read` to spot: `return wire::error_from_json(200, body, dialect);`.
template <class Read>
[[nodiscard]] result<completion> parse_response(const http_response& res, const error_dialect& dialect,
                                                std::string_view request_id_header, Read&& read) {
    if (!is_success(res.status)) return error_from(res, dialect, request_id_header);
    auto failed = [&](error e) {
        if (e.http_status == 0) e.http_status = res.status;
        if (e.request_id.empty() && !request_id_header.empty())
            e.request_id = polyllm::detail::shown_server_text(res.headers.value_or_empty(request_id_header));
        return e;
    };
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return failed(error{errc::malformed_response,
                            "the response body " + polyllm::detail::json_object_problem(res.body) + ": " + excerpt(res.body)});
    try {
        result<completion> c = std::forward<Read>(read)(std::as_const(body));
        if (!c) return failed(std::move(c).error());
        return c;
    } catch (const nlohmann::json::exception& ex) {
        return failed(error{errc::malformed_response, std::string("unexpected field type in the response: ") + ex.what()});
    }
}

}  // namespace wire
POLYLLM_NAMESPACE_END
