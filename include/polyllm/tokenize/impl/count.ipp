#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/count.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/count.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL result<std::shared_ptr<const tokenizer>> tokenizer_for_model(std::string_view model,
                                                                          const llm_config& cfg) {
    // llm_config::custom_tokenizer names the encoding to use when it is one polyllm implements.
    auto e = parse_encoding(cfg.custom_tokenizer);
    if (!e) e = encoding_for_model(model);
    if (!e) return error{errc::unsupported, "no tiktoken encoding is known for model \"" + std::string(model) + "\""};
    return load_tokenizer(*e, cfg);
}

POLYLLM_DECL result<token_count> exact_token_count(std::string_view model, std::string_view text,
                                                   const llm_config& cfg) {
    auto t = tokenizer_for_model(model, cfg);
    if (!t) return std::move(t).error();
    return token_count{t.value()->count(text), true};
}

POLYLLM_DECL token_count openai_token_count(std::string_view model, std::string_view text, const llm_config& cfg) {
    if (auto exact = exact_token_count(model, text, cfg)) return exact.value();
    return approximate_tokens(text);
}

POLYLLM_NAMESPACE_END
