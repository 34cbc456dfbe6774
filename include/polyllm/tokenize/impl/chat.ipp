#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/chat.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/chat.hpp>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

POLYLLM_DECL std::string schema_text(const nlohmann::ordered_json& j) {
    return j.is_string() ? j.get<std::string>() : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace detail

POLYLLM_DECL token_count count_chat_tokens(const tokenizer& t, const request& req, const chat_framing& framing) {
    bool exact = true;
    const auto n = detail::count_chat_request(req, framing, [&](std::string_view text) {
        return std::int64_t(t.count(text));
    }, exact);
    return {std::size_t(n < 0 ? 0 : n), exact};
}

POLYLLM_DECL result<token_count> exact_token_count(const request& req, const llm_config& cfg) {
    auto t = tokenizer_for_model(cfg.model, cfg);
    if (!t) return std::move(t).error();
    return count_chat_tokens(*t.value(), req, chat_framing_for(t.value()->encoding()));
}

POLYLLM_DECL token_count count_tokens(const request& req, const llm_config& cfg) {
    if (auto exact = exact_token_count(req, cfg)) return exact.value();
    bool ignored = true;
    const auto n = detail::count_chat_request(req, chat_framing{}, [](std::string_view text) {
        return std::int64_t(approximate_tokens(text).tokens);
    }, ignored);
    return {std::size_t(n < 0 ? 0 : n), false};
}

POLYLLM_NAMESPACE_END
