#pragma once
/// @file
/// @brief The definitions of `basic_llm`'s members that are not defined in the class.

#include <polyllm/basic_llm.hpp>
#include <polyllm/detail/connection_config.hpp>
#include <polyllm/tokenize/chat.hpp>

#include <asio/bind_executor.hpp>
#include <asio/compose.hpp>
#include <asio/post.hpp>

POLYLLM_NAMESPACE_BEGIN

// ---- The members a user's call reaches first, defined out of the class so that they are not inline: an
// `extern template` of basic_llm (POLYLLM_SEPARATE_COMPILATION) then keeps them, and everything they use, out of
// the user's translation unit. The constrained ones also test their constraint inside: clang 14's explicit
// instantiation (src.hpp) instantiates a member whose constraint is not satisfied, so its body must compile for a
// provider that cannot stream or embed. That branch is never taken: the constraint keeps such calls from compiling.

// As the official SDKs do: the provider's usual variables for what the configuration left empty; then the
// settings the model does not take, dropped or refused (detail/connection_config.hpp).
template <class P, class T, class R>
void basic_llm<P, T, R>::init() {
    config_error_ = traits().ready_config(config_);
}

template <class P, class T, class R>
result<completion> basic_llm<P, T, R>::complete(const request& req) {
    return run_sync<result<completion>>([&](auto&& token) { return async_complete(req, std::move(token)); });
}

template <class P, class T, class R>
result<completion> basic_llm<P, T, R>::stream_erased(const request& req, stream_callback on_event)
    requires StreamingProvider<P> && StreamingTransport<T>
{
    if constexpr (StreamingProvider<P> && StreamingTransport<T>)
        return run_sync<result<completion>>(
            [&](auto&& token) { return async_stream(req, std::move(on_event), std::move(token)); });
    else
        return not_offered();
}

template <class P, class T, class R>
result<embeddings> basic_llm<P, T, R>::embed(const std::vector<std::string>& texts)
    requires EmbeddingProvider<P>
{
    if constexpr (EmbeddingProvider<P>)
        return run_sync<result<embeddings>>([&](auto&& token) { return async_embed(texts, std::move(token)); });
    else
        return not_offered();
}

template <class P, class T, class R>
token_count basic_llm<P, T, R>::count_tokens(std::string_view text) const {
    return provider_.tokenize(text, context());
}

template <class P, class T, class R>
result<token_count> basic_llm<P, T, R>::count_tokens(const request& req) {
    return run_sync<result<token_count>>([&](auto&& token) { return async_count_tokens(req, std::move(token)); });
}

template <class P, class T, class R>
void basic_llm<P, T, R>::start_call(request req, completion_handler done) {
    asio::async_compose<completion_handler, void(result<completion>)>(call_op<plain_call>{this, {std::move(req)}},
                                                                      done, transport_);
}

template <class P, class T, class R>
void basic_llm<P, T, R>::start_stream(request req, stream_callback on_event, completion_handler done)
    requires StreamingProvider<P> && StreamingTransport<T>
{
    if constexpr (StreamingProvider<P> && StreamingTransport<T>) {
        // A call the model writes as text reaches the callback as tool call events (fn_call::adapted).
        auto events = provider_.stream_events(std::move(on_event), context(true, &req));
        asio::async_compose<completion_handler, void(result<completion>)>(
            call_op<streamed_call<>>{this, streamed_call<>{std::move(req), std::move(events)}}, done, transport_);
    } else {
        done(not_offered());
    }
}

template <class P, class T, class R>
void basic_llm<P, T, R>::start_embed(std::vector<std::string> texts, embeddings_handler done)
    requires EmbeddingProvider<P>
{
    if constexpr (EmbeddingProvider<P>)
        asio::async_compose<embeddings_handler, void(result<embeddings>)>(
            call_op<embed_call<>>{this, {std::move(texts)}}, done, transport_);
    else
        done(not_offered());
}

// A provider whose API counts is asked; any other request is counted here, and completes as a call would (never
// inside the initiating function).
template <class P, class T, class R>
void basic_llm<P, T, R>::start_count(request req, count_handler done) {
    if constexpr (TokenCountingProvider<adapted_provider>) {
        if (traits().counts_tokens)
            return asio::async_compose<count_handler, void(result<token_count>)>(
                call_op<count_call<>>{this, {std::move(req)}}, done, transport_);
    }
    result<token_count> local = config_error_ ? result<token_count>(*config_error_)
                                              : result<token_count>(polyllm::count_tokens(req, config_));
    // Posted here, completed on the caller's handler's executor, as async_compose completes the asking path.
    const auto handler_executor = done.get_executor();
    auto complete = [done = std::move(done), local = std::move(local)]() mutable { done(std::move(local)); };
    asio::post(get_executor(), asio::bind_executor(handler_executor, std::move(complete)));
}
// ----

POLYLLM_NAMESPACE_END

#include <polyllm/impl/call_op.hpp>
#include <polyllm/impl/count_call.hpp>
#include <polyllm/impl/embed_call.hpp>
#include <polyllm/impl/interpret.hpp>
#include <polyllm/impl/plain_call.hpp>
#include <polyllm/impl/streamed_call.hpp>
