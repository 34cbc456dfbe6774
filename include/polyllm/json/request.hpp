#pragma once
/// @file
/// @brief The JSON forms of what a request is made of: roles, content parts, tool calls, messages, tools, the
/// request itself (see json.hpp for the shapes).

#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

#include <string>
#include <string_view>
#include <type_traits>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

/// @brief A server's JSON integer, within ±2^53 (the integers every JSON implementation represents exactly), so that
/// counts can be added without overflow. A fraction is truncated, NaN is 0; other types throw as `get` does.
[[nodiscard]] POLYLLM_DECL std::int64_t json_integer(const nlohmann::json& j);

template <class Enum, std::size_t N>
Enum enum_from_string(std::string_view text, const Enum (&values)[N], std::string_view what) {
    for (Enum v : values)
        if (to_string(v) == text) return v;
    throw nlohmann::json::other_error::create(501, "unknown " + std::string(what) + " \"" + std::string(text) + "\"",
                                              nullptr);
}

inline constexpr role all_roles[] = {role::system, role::user, role::assistant, role::tool};
inline constexpr finish_reason all_finish_reasons[] = {finish_reason::stop,           finish_reason::length,
                                                       finish_reason::tool_calls,     finish_reason::content_filter,
                                                       finish_reason::error,          finish_reason::other};

inline constexpr image_detail all_image_details[] = {image_detail::automatic, image_detail::low, image_detail::high};

}  // namespace detail

/// @brief The image as a URL: the URL itself, or a `data:` URL for inline data.
[[nodiscard]] POLYLLM_DECL std::string image_url_of(const image_part& image);

POLYLLM_DECL void to_json(ordered_json& j, role r);
POLYLLM_DECL void from_json(const ordered_json& j, role& r);

POLYLLM_DECL void to_json(ordered_json& j, finish_reason f);
POLYLLM_DECL void from_json(const ordered_json& j, finish_reason& f);

POLYLLM_DECL void to_json(ordered_json& j, reasoning_effort e);
POLYLLM_DECL void from_json(const ordered_json& j, reasoning_effort& e);

POLYLLM_DECL void to_json(ordered_json& j, const content_part& part);
POLYLLM_DECL void from_json(const ordered_json& j, content_part& part);

POLYLLM_DECL void to_json(ordered_json& j, const tool_call& call);
POLYLLM_DECL void from_json(const ordered_json& j, tool_call& call);

POLYLLM_DECL void to_json(ordered_json& j, const message& m);
POLYLLM_DECL void from_json(const ordered_json& j, message& m);

POLYLLM_DECL void to_json(ordered_json& j, const tool& t);
POLYLLM_DECL void from_json(const ordered_json& j, tool& t);

POLYLLM_DECL void to_json(ordered_json& j, const tool_choice& c);
POLYLLM_DECL void from_json(const ordered_json& j, tool_choice& c);

POLYLLM_DECL void to_json(ordered_json& j, const response_format& f);
POLYLLM_DECL void from_json(const ordered_json& j, response_format& f);

POLYLLM_DECL void to_json(ordered_json& j, const request& r);

/// Keys other than the request's own go to `extra` (OpenAI's `max_completion_tokens` is read as `max_tokens`),
/// so provider-specific parameters in a request file reach the provider.
POLYLLM_DECL void from_json(const ordered_json& j, request& r);

/// @brief Reads a request from JSON text (OpenAI chat shape); a wrong shape is `errc::bad_request` saying what.
[[nodiscard]] POLYLLM_DECL result<request> request_from_json(std::string_view text);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/json/impl/request.ipp>
#endif
