#pragma once
/// @file
/// @brief `basic_llm`'s token count call: the provider's counting endpoint asked, its answer read
/// (token_counting.hpp).

#include <polyllm/basic_llm.hpp>
#include <polyllm/detail/response_metadata.hpp>
#include <polyllm/token_counting.hpp>

#include <utility>

POLYLLM_NAMESPACE_BEGIN

template <class P, class T, class R>
template <class>
struct basic_llm<P, T, R>::count_call {
    request req;

    [[nodiscard]] call_info info(const basic_llm& llm) const {
        return llm.info(call_kind::count_tokens, &req, nullptr);
    }

    result<http_request> prepare(const basic_llm& llm) const {
        if constexpr (TokenCountingProvider<adapted_provider>)
            return llm.prepare_with([&] { return llm.provider_.prepare_count_tokens(req, llm.context(false)); });
        else
            return llm.not_offered();
    }
    template <class Handler>
    void send(basic_llm& llm, const http_request& http, Handler&& handler) {
        llm.transport_.async_send(http, std::forward<Handler>(handler));
    }
    result<token_count> read(basic_llm& llm, result<http_response> response) {
        if constexpr (TokenCountingProvider<adapted_provider>) {
            if (!response) return llm.annotate(std::move(response).error());
            detail::scrub_error_body(response.value(), llm.config_.api_key.reveal());
            auto parsed = llm.provider_.parse_count_tokens(response.value(), llm.context(false));
            if (!parsed) return llm.failed_response(std::move(parsed).error(), response.value());
            return parsed;
        } else {
            return (void)response, llm.not_offered();
        }
    }
    [[nodiscard]] bool may_retry() const noexcept { return true; }
    error give_up(const basic_llm&, error e) { return e; }
};

POLYLLM_NAMESPACE_END
