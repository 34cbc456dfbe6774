#pragma once
/// @file
/// @brief `any_provider`: a provider chosen at run time, itself a provider, so that `basic_llm<any_provider>` is
/// the connection whose provider a configuration names (`polyllm::client`, client.hpp). It is made from a concrete
/// provider `P` and its options, and holds `fn_call::adapted<P>`: hygiene and text-form tool calling read `P`'s
/// own model tables before the type is erased, and `basic_llm` does not adapt it again (it is adapted already).
///
///     polyllm::basic_llm<polyllm::any_provider> llm(polyllm::any_provider(polyllm::anthropic{}), cfg);
///
/// Each call of the provider (prepare, parse, should_retry, tokenize, the stream decoder's feed and finish, the
/// embeddings) costs one virtual call; a streamed event one indirect call more. A provider that cannot stream
/// or embed refuses those calls with `errc::unsupported` when they are prepared.

#include <polyllm/authorize.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/adapted.hpp>
#include <polyllm/http.hpp>
#include <polyllm/provider_traits.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <asio/post.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief A provider's stream decoder behind one interface: `feed` and `finish` as any decoder's.
class any_stream_decoder {
public:
    /// The caller's event sink, by reference: it outlives the `feed` it is passed to.
    struct sink_ref {
        void* target;
        bool (*call)(void* target, stream_event&& event);
        bool operator()(stream_event&& event) const { return call(target, std::move(event)); }
    };
    struct base {
        virtual ~base() = default;
        [[nodiscard]] virtual result<void> feed(std::string_view bytes, sink_ref sink) = 0;
        [[nodiscard]] virtual result<void> finish() = 0;
    };

    any_stream_decoder() = default;
    explicit any_stream_decoder(std::unique_ptr<base> decoder) : decoder_(std::move(decoder)) {}

    template <class Sink>
    [[nodiscard]] result<void> feed(std::string_view bytes, Sink&& sink) {
        if (!decoder_) return error{errc::unsupported, "this provider offers no streaming"};
        using S = std::remove_reference_t<Sink>;
        return decoder_->feed(bytes, {const_cast<void*>(static_cast<const void*>(&sink)), [](void* t, stream_event&& e) {
                                          return static_cast<bool>((*static_cast<S*>(t))(std::move(e)));
                                      }});
    }
    [[nodiscard]] result<void> finish() {
        if (!decoder_) return error{errc::unsupported, "this provider offers no streaming"};
        return decoder_->finish();
    }

private:
    std::unique_ptr<base> decoder_;
};

class any_provider;

/// @brief The options of `any_provider`: none of its own; the concrete provider's live inside it.
struct any_provider_options {};

namespace detail {

/// What `any_provider` forwards to: a concrete provider, adapted, with its options.
class erased_provider {
public:
    using context = call_context<any_provider_options>;
    explicit erased_provider(provider_traits traits) : traits_(traits) {}
    virtual ~erased_provider() = default;
    erased_provider(const erased_provider&) = delete;
    erased_provider& operator=(const erased_provider&) = delete;

    [[nodiscard]] const provider_traits& traits() const noexcept { return traits_; }

    [[nodiscard]] virtual result<http_request> prepare(const request& req, const context& ctx) const = 0;
    [[nodiscard]] virtual result<completion> parse(const http_response& res, const context& ctx) const = 0;
    [[nodiscard]] virtual result<completion> restore(completion c, const context& ctx) const = 0;
    [[nodiscard]] virtual bool should_retry(const error& e) const = 0;
    [[nodiscard]] virtual token_count tokenize(std::string_view text, const context& ctx) const = 0;
    [[nodiscard]] virtual any_stream_decoder make_stream_decoder(const context& ctx) const = 0;
    [[nodiscard]] virtual fn_call::standard_tool_events stream_events(stream_callback on_event,
                                                                      const context& ctx) const = 0;
    [[nodiscard]] virtual result<http_request> prepare_embeddings(const std::vector<std::string>& texts,
                                                                  const context& ctx) const = 0;
    [[nodiscard]] virtual result<embeddings> parse_embeddings(const http_response& res, std::size_t count,
                                                              const context& ctx) const = 0;
    /// Called only when `traits().counts_tokens`.
    [[nodiscard]] virtual result<http_request> prepare_count_tokens(const request& req, const context& ctx) const = 0;
    [[nodiscard]] virtual result<token_count> parse_count_tokens(const http_response& res, const context& ctx) const = 0;
    /// Called only when `traits().authorizes`.
    virtual void async_authorize(http_request http, const context& ctx, const http_sender& sender,
                                 authorize_handler done) const = 0;

protected:
    provider_traits traits_;
};

}  // namespace detail

namespace detail {

/// `erased_provider` over `fn_call::adapted<P>` and `P`'s options.
template <class P>
class erased_provider_for final : public erased_provider {
    using adapted_type = fn_call::adapted_t<P>;
    using inner_options = typename adapted_type::options;
    using inner_context = call_context<inner_options>;
    static constexpr bool streams = StreamingProvider<adapted_type>;
    static constexpr bool embeds = EmbeddingProvider<adapted_type>;
    static constexpr bool counts = TokenCountingProvider<adapted_type>;

    template <class D>
    struct decoder final : any_stream_decoder::base {
        explicit decoder(D d) : inner(std::move(d)) {}
        result<void> feed(std::string_view bytes, any_stream_decoder::sink_ref sink) override {
            return inner.feed(bytes, sink);
        }
        result<void> finish() override { return inner.finish(); }
        D inner;
    };

public:
    erased_provider_for(adapted_type provider, inner_options options, std::string name)
        : erased_provider(static_provider_traits<typename adapted_type::provider_type, adapted_type>()),
          name_(std::move(name)),
          provider_(std::move(provider)),
          options_(std::move(options)) {
        traits_.name = name_;
    }

    result<http_request> prepare(const request& req, const context& ctx) const override {
        if constexpr (!streams)
            if (ctx.stream) return unsupported("streaming");
        return provider_.prepare(req, inner(ctx));
    }
    result<completion> parse(const http_response& res, const context& ctx) const override {
        return provider_.parse(res, inner(ctx));
    }
    result<completion> restore(completion c, const context& ctx) const override {
        return provider_.restore(std::move(c), inner(ctx));
    }
    bool should_retry(const error& e) const override { return provider_.should_retry(e); }
    token_count tokenize(std::string_view text, const context& ctx) const override {
        return provider_.tokenize(text, inner(ctx));
    }
    any_stream_decoder make_stream_decoder(const context& ctx) const override {
        if constexpr (streams) {
            using D = stream_decoder_t<adapted_type>;
            return any_stream_decoder(std::make_unique<decoder<D>>(provider_.make_stream_decoder(inner(ctx))));
        } else {
            (void)ctx;
            return {};
        }
    }
    fn_call::standard_tool_events stream_events(stream_callback on_event, const context& ctx) const override {
        return provider_.stream_events(std::move(on_event), inner(ctx));
    }
    result<http_request> prepare_embeddings(const std::vector<std::string>& texts,
                                            const context& ctx) const override {
        if constexpr (embeds) return provider_.prepare_embeddings(texts, inner(ctx));
        else return (void)texts, (void)ctx, unsupported("embeddings");
    }
    result<embeddings> parse_embeddings(const http_response& res, std::size_t count,
                                        const context& ctx) const override {
        if constexpr (embeds) return provider_.parse_embeddings(res, count, inner(ctx));
        else return (void)res, (void)count, (void)ctx, unsupported("embeddings");
    }
    result<http_request> prepare_count_tokens(const request& req, const context& ctx) const override {
        if constexpr (counts) return provider_.prepare_count_tokens(req, inner(ctx));
        else return (void)req, (void)ctx, unsupported("token counting endpoint");
    }
    result<token_count> parse_count_tokens(const http_response& res, const context& ctx) const override {
        if constexpr (counts) return provider_.parse_count_tokens(res, inner(ctx));
        else return (void)res, (void)ctx, unsupported("token counting endpoint");
    }
    void async_authorize(http_request http, const context& ctx, const http_sender& sender,
                         authorize_handler done) const override {
        if constexpr (AuthorizingProvider<adapted_type>) {
            provider_.async_authorize(std::move(http), inner(ctx), sender, std::move(done));
        } else {  // not reached: traits().authorizes is false
            (void)ctx;
            asio::post(sender.executor, [http = std::move(http), done = std::move(done)]() mutable {
                done(std::move(http));
            });
        }
    }

private:
    [[nodiscard]] inner_context inner(const context& ctx) const {
        return {ctx.config, options_, ctx.stream, ctx.in_reply_to};
    }
    [[nodiscard]] error unsupported(std::string_view what) const {
        auto e = error{errc::unsupported, name_ + " offers no " + std::string(what)};
        e.provider = name_;
        e.verdict = retry_verdict::no;
        return e;
    }

    std::string name_;  // the name it was chosen by, which the traits show
    adapted_type provider_;
    inner_options options_;
};

}  // namespace detail

/// @brief A provider chosen at run time (see the file's comment). Copies share the provider, which is immutable.
/// A default-constructed one has no provider: its calls fail with `errc::invalid_config`.
class any_provider {
public:
    using options = any_provider_options;
    using context = call_context<options>;
    /// For the `Provider` concept only: the run-time name is `traits().name` (basic_llm reads that).
    static constexpr std::string_view name = "any_provider";

    any_provider() = default;

    /// @brief `provider`, adapted, with `opts`; `chosen_name` is the name it shows (the one `make_client` chose it
    /// by), by default `P::name`.
    template <class P>
        requires(!std::is_same_v<std::remove_cvref_t<P>, any_provider> && Provider<P>)
    explicit any_provider(P provider, typename P::options opts = {}, std::string chosen_name = std::string(P::name))
        : impl_(std::make_shared<const detail::erased_provider_for<P>>(fn_call::adapted_t<P>(std::move(provider)),
                                                                       std::move(opts), std::move(chosen_name))) {}

    [[nodiscard]] const provider_traits& traits() const noexcept { return impl_ ? impl_->traits() : none(); }

    [[nodiscard]] result<http_request> prepare(const request& req, const context& ctx) const {
        if (!impl_) return missing();
        return impl_->prepare(req, ctx);
    }
    [[nodiscard]] result<completion> parse(const http_response& res, const context& ctx) const {
        if (!impl_) return missing();
        return impl_->parse(res, ctx);
    }
    [[nodiscard]] result<completion> restore(completion c, const context& ctx) const {
        if (!impl_) return missing();
        return impl_->restore(std::move(c), ctx);
    }
    [[nodiscard]] bool should_retry(const error& e) const { return impl_ && impl_->should_retry(e); }
    [[nodiscard]] token_count tokenize(std::string_view text, const context& ctx) const {
        if (!impl_) return {};
        return impl_->tokenize(text, ctx);
    }
    [[nodiscard]] any_stream_decoder make_stream_decoder(const context& ctx) const {
        if (!impl_) return {};
        return impl_->make_stream_decoder(ctx);
    }
    [[nodiscard]] fn_call::standard_tool_events stream_events(detail::stream_callback on_event,
                                                              const context& ctx) const {
        if (!impl_) return {std::move(on_event), std::nullopt};
        return impl_->stream_events(std::move(on_event), ctx);
    }
    [[nodiscard]] result<http_request> prepare_embeddings(const std::vector<std::string>& texts,
                                                          const context& ctx) const {
        if (!impl_) return missing();
        return impl_->prepare_embeddings(texts, ctx);
    }
    [[nodiscard]] result<embeddings> parse_embeddings(const http_response& res, std::size_t count,
                                                      const context& ctx) const {
        if (!impl_) return missing();
        return impl_->parse_embeddings(res, count, ctx);
    }
    /// Forward to the provider's token counting; `basic_llm` calls them only when `traits().counts_tokens`.
    [[nodiscard]] result<http_request> prepare_count_tokens(const request& req, const context& ctx) const {
        if (!impl_) return missing();
        return impl_->prepare_count_tokens(req, ctx);
    }
    [[nodiscard]] result<token_count> parse_count_tokens(const http_response& res, const context& ctx) const {
        if (!impl_) return missing();
        return impl_->parse_count_tokens(res, ctx);
    }
    /// Forwards to the provider's hook; `basic_llm` calls it only when `traits().authorizes`.
    void async_authorize(http_request http, const context& ctx, const http_sender& sender,
                         authorize_handler done) const {
        if (impl_) return impl_->async_authorize(std::move(http), ctx, sender, std::move(done));
        asio::post(sender.executor, [done = std::move(done)]() mutable { done(missing()); });
    }

private:
    [[nodiscard]] static const provider_traits& none() noexcept {
        static constexpr provider_traits traits{name, {}, {}, {}, {},
                                                metrics_observer::price_tables{&effective_model_info<void>,
                                                                               &model_info_of<void>},
                                                &detail::ready_config<any_provider>};
        return traits;
    }
    [[nodiscard]] static error missing() {
        auto e = error{errc::invalid_config, "this connection was made without a provider"};
        e.verdict = retry_verdict::no;
        return e;
    }

    std::shared_ptr<const detail::erased_provider> impl_;
};

namespace fn_call {
// It holds its provider adapted: basic_llm must not adapt it again.
template <>
inline constexpr bool is_adapted<any_provider> = true;
}  // namespace fn_call

POLYLLM_NAMESPACE_END
