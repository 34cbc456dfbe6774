#pragma once
/// @file
/// @brief JSON forms of the vocabulary types (`to_json`/`from_json`, found by nlohmann's serializer through ADL).
///
/// The shapes follow OpenAI's chat format wherever it has the concept, so a request file written for OpenAI loads
/// as it is: content is a string or an array of parts, images are `image_url` parts (inline images as data URLs),
/// tools and tool calls are wrapped in `function`. polyllm's additions are named plainly: `cache` on a message,
/// `thinking` parts, and the completion's `finish_reason_raw`, `usage`, `request_id`, `headers`. This is the
/// library's data format, not a wire format: each provider writes its own wire body.
/// `from_json` throws `nlohmann::json::exception` on a wrong shape; `request_from_json` returns a `result` instead.

#include <polyllm/json/completion.hpp>
#include <polyllm/json/request.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <type_traits>

POLYLLM_NAMESPACE_BEGIN

/// @brief The same forms for `nlohmann::json`, through `ordered_json`. The forms are written on `ordered_json` because
/// a request holds JSON the user wrote (tool schemas, extra fields), whose key order must survive a round trip;
/// `nlohmann::json` sorts keys, so converting a request through it gives up that order.
namespace detail {
template <class T>
inline constexpr bool has_json_form =
    std::is_same_v<T, role> || std::is_same_v<T, finish_reason> || std::is_same_v<T, reasoning_effort> ||
    std::is_same_v<T, content_part> || std::is_same_v<T, tool_call> || std::is_same_v<T, message> ||
    std::is_same_v<T, tool> || std::is_same_v<T, tool_choice> || std::is_same_v<T, response_format> ||
    std::is_same_v<T, request> || std::is_same_v<T, usage> || std::is_same_v<T, http_headers> ||
    std::is_same_v<T, rate_limit> || std::is_same_v<T, rate_limits> || std::is_same_v<T, completion>;
}  // namespace detail

template <class T>
    requires detail::has_json_form<T>
void to_json(nlohmann::json& j, const T& value) {
    ordered_json ordered;
    to_json(ordered, value);
    j = nlohmann::json(std::move(ordered));
}

template <class T>
    requires detail::has_json_form<T>
void from_json(const nlohmann::json& j, T& value) {
    from_json(ordered_json(j), value);
}

POLYLLM_NAMESPACE_END
