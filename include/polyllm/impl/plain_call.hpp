#pragma once
/// @file
/// @brief `basic_llm`'s plain call: the whole response, parsed by the provider.

#include <polyllm/basic_llm.hpp>

#include <utility>

POLYLLM_NAMESPACE_BEGIN

template <class P, class T, class R>
struct basic_llm<P, T, R>::plain_call {
    request req;

    [[nodiscard]] call_info info(const basic_llm& llm) const { return llm.info(call_kind::complete, &req, nullptr); }

    result<http_request> prepare(const basic_llm& llm) const {
        return llm.prepare_with([&] { return llm.provider_.prepare(req, llm.context(false)); });
    }
    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        llm.transport_.async_send(http, std::forward<Handler>(handler));
    }
    result<completion> read(basic_llm& llm, result<http_response> response) {
        return llm.interpret(std::move(response), &req);
    }
    [[nodiscard]] bool may_retry() const noexcept { return true; }
    error give_up(const basic_llm&, error e) { return e; }
};

POLYLLM_NAMESPACE_END
