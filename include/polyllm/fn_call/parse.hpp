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
POLYLLM_NAMESPACE_BEGIN
namespace fn_call {
namespace detail {

[[nodiscard]] inline error malformed(std::string message) {
    return make_call_error(call_error_kind::malformed_call, std::move(message));
}

// The parameters of a call body, in order; text around the tags is ignored.
[[nodiscard]] inline result<void> parse_parameters(std::string_view body, std::string_view function,
                                                  written_call& call, std::uint8_t& repairs) {
    std::size_t i = 0;
    while ((i = body.find(parameter_open, i)) != std::string_view::npos) {
        const auto name_start = i + parameter_open.size();
        auto name_end = body.find_first_of(">=\n<", name_start);
        if (name_end == std::string_view::npos || body[name_end] == '\n' || body[name_end] == '<')
            return malformed("In the call of `" + std::string(function) + "`, a parameter tag `" +
                             std::string(body.substr(i, std::min<std::size_t>(40, body.size() - i))) +
                             "` is not closed with `>`. Write parameters as <parameter=NAME>value</parameter>.");
        const auto name = polyllm::detail::trim(body.substr(name_start, name_end - name_start));
        if (body[name_end] == '=') repairs |= parameter_tag_form;
        if (name.empty())
            return malformed("In the call of `" + std::string(function) +
                             "`, a parameter has no name. Write parameters as <parameter=NAME>value</parameter>.");
        const auto value_start = name_end + 1;
        const auto value_end = body.find(parameter_close, value_start);
        if (value_end == std::string_view::npos)
            return malformed("In the call of `" + std::string(function) + "`, the parameter `" + std::string(name) +
                             "` is not closed with </parameter>.");
        call.parameters.push_back(
            {std::string(name), std::string(strip_layout_breaks(body.substr(value_start, value_end - value_start)))});
        i = value_end + parameter_close.size();
    }
    return success();
}

}  // namespace detail

POLYLLM_DECL result<parsed_reply> parse_reply(std::string_view text, reply_end end) {
    parsed_reply out;
    const auto open = text.find(function_open);
    if (open == std::string_view::npos) {
        out.content = std::string(text);
        return out;
    }
    auto cut_off = [&]() -> result<parsed_reply> {
        out.content = std::string(text);
        out.call_cut_off = true;
        return std::move(out);
    };
    const auto name_start = open + function_open.size();
    const auto name_end = text.find_first_of(">\n<", name_start);
    if (name_end == std::string_view::npos || text[name_end] != '>') {
        if (end == reply_end::cut_by_limit && name_end == std::string_view::npos) return cut_off();
        return detail::malformed("The function call is not closed with `>` after the function name. Begin a call "
                                 "with <function=NAME> on a line of its own.");
    }
    const auto name = polyllm::detail::trim(text.substr(name_start, name_end - name_start));
    if (name.empty())
        return detail::malformed("The function call names no function. Begin a call with <function=NAME>.");

    const auto body_start = name_end + 1;
    std::string_view body;
    if (const auto close = text.find(function_close, body_start); close != std::string_view::npos) {
        body = text.substr(body_start, close - body_start);
    } else {
        if (end == reply_end::cut_by_limit) return cut_off();
        body = detail::strip_partial_close(text.substr(body_start));
        out.repairs |= closed_call;
    }

    written_call call;
    call.name = std::string(name);
    if (auto params = detail::parse_parameters(body, name, call, out.repairs); !params)
        return std::move(params).error();
    out.content = std::string(detail::rtrim(text.substr(0, open)));
    out.call = std::move(call);
    return out;
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
