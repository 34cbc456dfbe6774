#pragma once
/// @file
/// @brief Reading a function call back from a model's text reply: the text before `<function=` stays the
/// message's content, the call becomes a name and its parameters as written (typing them against the tool's
/// schema is validate.hpp's job). Bytes in, values out; no I/O.
///
/// Repairs, each recorded in `parsed_reply::repairs`:
/// - a call without `</function>`: the stop word `</function` ends generation just before it, and some servers
///   leave a piece of it (`</`, `</func`); the end of the text closes the call. Not done when the output limit
///   cut the reply, as the call may then be incomplete.
/// - `<parameter=KEY=VALUE</parameter>`, a slip some models make, is read as `<parameter=KEY>VALUE</parameter>`.
///
/// One call per message: what follows the first call's `</function>` is not read, as a model that ignores the
/// rule tends to go on with an imagined result.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/call_error.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// @brief A parameter as the model wrote it; the value is text, typed later against the schema.
struct written_parameter {
    std::string name;
    std::string value;
    friend bool operator==(const written_parameter&, const written_parameter&) = default;
};

/// @brief A call as the model wrote it.
struct written_call {
    std::string name;
    std::vector<written_parameter> parameters;
    friend bool operator==(const written_call&, const written_call&) = default;
};

/// @brief Repairs the parser made, as bits.
enum repair : std::uint8_t {
    repaired_nothing = 0,
    closed_call = 1,        ///< `</function>` was missing (cut by the stop word) and was supplied
    parameter_tag_form = 2, ///< `<parameter=k=v</parameter>` was read as `<parameter=k>v</parameter>`
};

/// @brief How the model's output ended: normally (including at a stop word), or cut by the output limit.
enum class reply_end { stopped, cut_by_limit };

/// @brief A reply split into its text and its call.
struct parsed_reply {
    std::string content;               ///< the text before the call, trailing white space removed; all of it without one
    std::optional<written_call> call;  ///< the call, when the reply has a complete one
    std::uint8_t repairs = repaired_nothing;
    bool call_cut_off = false;  ///< a call began but the output limit cut it; `content` then holds the whole text
};

inline constexpr std::string_view function_open = "<function=";
inline constexpr std::string_view function_close = "</function";
inline constexpr std::string_view parameter_open = "<parameter=";
inline constexpr std::string_view parameter_close = "</parameter>";

namespace detail {

[[nodiscard]] constexpr std::string_view rtrim(std::string_view s) noexcept {
    while (!s.empty() && polyllm::detail::is_space(s.back())) s.remove_suffix(1);
    return s;
}

// A value on lines of its own (`<parameter=k>\nvalue\n</parameter>`) loses the two line breaks of the layout.
[[nodiscard]] constexpr std::string_view strip_layout_breaks(std::string_view v) noexcept {
    if (v.starts_with("\r\n")) v.remove_prefix(2);
    else if (v.starts_with('\n')) v.remove_prefix(1);
    if (v.ends_with("\r\n")) v.remove_suffix(2);
    else if (v.ends_with('\n')) v.remove_suffix(1);
    return v;
}

// The end of a call that lost its closing tag: without a trailing piece of `</function>` left by the server.
[[nodiscard]] constexpr std::string_view strip_partial_close(std::string_view body) noexcept {
    constexpr std::string_view close = "</function>";
    const auto lt = body.rfind('<');
    if (lt == std::string_view::npos) return body;
    const auto tail = body.substr(lt);
    if (tail.size() >= 2 && close.starts_with(tail)) body = body.substr(0, lt);
    return body;
}

}  // namespace detail

/// @brief Splits a reply into content and call. A text without `<function=` is all content. A call that cannot be
/// read (a tag never closed, no name) is a `malformed_call` error whose message is addressed to the model.
[[nodiscard]] POLYLLM_DECL result<parsed_reply> parse_reply(std::string_view text, reply_end end = reply_end::stopped);

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/parse.ipp>
#endif
