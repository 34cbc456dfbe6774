#pragma once
/// @file
/// @brief `basic_llm`'s embeddings call: one request for all the texts.

#include <polyllm/basic_llm.hpp>
#include <polyllm/detail/response_metadata.hpp>

#include <string>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

template <class P, class T, class R>
template <class>
struct basic_llm<P, T, R>::embed_call {
    std::vector<std::string> texts;

    [[nodiscard]] call_info info(const basic_llm& llm) const { return llm.info(call_kind::embed, nullptr, &texts); }

    result<http_request> prepare(const basic_llm& llm) const {
        return llm.prepare_with([&] { return llm.provider_.prepare_embeddings(texts, llm.context(false)); });
    }
    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        llm.transport_.async_send(http, std::forward<Handler>(handler));
    }
    result<embeddings> read(basic_llm& llm, result<http_response> response) {
        if (!response) return llm.annotate(std::move(response).error());
        detail::scrub_error_body(response.value(), llm.config_.api_key.reveal());
        auto parsed = llm.provider_.parse_embeddings(response.value(), texts.size(), llm.context(false));
        if (!parsed) return llm.failed_response(std::move(parsed).error(), response.value());
        return parsed;
    }
    [[nodiscard]] bool may_retry() const noexcept { return true; }
    error give_up(const basic_llm&, error e) { return e; }
};

POLYLLM_NAMESPACE_END
