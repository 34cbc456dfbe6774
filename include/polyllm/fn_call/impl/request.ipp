#pragma once
/// @file
/// @brief The definitions of <polyllm/fn_call/request.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/fn_call/request.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

POLYLLM_DECL bool needs_text_form(const request& req) noexcept {
    if (!req.tools.empty()) return true;
    for (const auto& m : req.messages)
        if (m.role == role::tool || !m.tool_calls.empty()) return true;
    return false;
}

POLYLLM_DECL result<request> to_text_request(request req, bool add_stop_word) {
    auto messages = to_text_messages(std::move(req.messages), req.tools, req.tool_choice);
    if (!messages) return std::move(messages).error();
    req.messages = std::move(messages).value();
    // Not past four stop sequences, OpenAI's limit: without the stop word the reply is still read correctly,
    // as what follows a call is ignored.
    if (add_stop_word && !req.tools.empty() && req.stop.size() < max_stop_sequences &&
        std::find(req.stop.begin(), req.stop.end(), stop_word) == req.stop.end())
        req.stop.emplace_back(stop_word);
    req.tools.clear();
    req.tool_choice.reset();
    req.parallel_tool_calls.reset();
    return req;
}

POLYLLM_DECL reply_reader reader_for(const request& req) {
    const bool read_calls =
        !req.tools.empty() && !(req.tool_choice && req.tool_choice->kind == tool_choice::mode::none);
    return {read_calls ? req.tools : std::vector<tool>{}, next_call_id(req.messages), read_calls};
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
