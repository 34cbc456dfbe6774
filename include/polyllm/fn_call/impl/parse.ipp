#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/parse.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/parse.hpp>

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
