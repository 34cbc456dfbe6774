#pragma once
/// @file
/// @brief `openai_compatible<Derived>`: everything a provider speaking OpenAI's Chat Completions and Embeddings
/// APIs needs, so that each such provider is a few lines saying only how it differs. OpenAI itself, Azure, Groq,
/// DeepSeek, OpenRouter, Ollama, vLLM, ... and user providers such as the provider guide's DummyLLM are built on
/// it (examples/dummyllm.hpp).
///
/// A provider derives from `openai_compatible<itself>` and declares:
/// | member                           | meaning                                                        |
/// |----------------------------------|----------------------------------------------------------------|
/// | `name`                           | "groq": the model prefix and the name in errors               |
/// | `default_base_url`               | used when llm_config::base_url is empty; empty: a base URL is required |
/// | `api_key_env` (optional)         | the provider's usual key variable, read when no key is configured |
/// | `options`                        | typed provider settings (`struct options {};` for none)        |
/// It may shadow these defaults (static members) and hooks (const member functions):
/// | default / hook                                    | default behaviour                                 |
/// |---------------------------------------------------|---------------------------------------------------|
/// | `request_id_header`                               | "x-request-id"                                   |
/// | `max_tokens_field`                                | "max_completion_tokens" ("max_tokens" for older servers) |
/// | `requires_api_key`                                | true; false for local servers                     |
/// | `dialect`                                         | OpenAI's body; openai_chat::body_dialect says what may differ |
/// | `base_url(ctx)`                                   | llm_config::base_url, else `default_base_url`     |
/// | `chat_url(base, ctx)`, `embeddings_url(base, ctx)`| base + "/chat/completions", base + "/embeddings" (join_url) |
/// | `authorize(headers, key, ctx)`                    | `Authorization: Bearer <key>` (a sensitive header)|
/// | `add_headers(headers, ctx)`                       | nothing                                           |
/// | `adjust_body(body, request, ctx)`                 | nothing: the standard body, written without a tree |
/// | `adjust_completion(completion, body, ctx)`        | nothing: the standard response                    |
/// | `should_retry(error)`                             | openai_chat::should_retry                         |
/// | `tokenize(text, ctx)`                             | approximate_tokens                                |

#include <polyllm/concepts.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/providers/openai_chat_stream.hpp>
#include <polyllm/providers/openai_embeddings.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

template <class Derived>
struct openai_compatible {
    static constexpr std::string_view request_id_header = "x-request-id";
    static constexpr std::string_view max_tokens_field = "max_completion_tokens";
    static constexpr bool requires_api_key = true;
    static constexpr openai_chat::body_dialect dialect{};  // its max_tokens_field is the one above

    /// @brief What the default `adjust_body` returns: it tells `prepare` that the body can be written straight
    /// into the request, since nothing will change it. A provider's own `adjust_body` returns void.
    struct unchanged_body {};

    // --- The Provider interface. Member templates, because Derived (and its options) is incomplete here; the
    // default template argument lets callers pass a braced call_context. ---

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] result<http_request> prepare(const request& req, const call_context<Options>& ctx) const {
        auto http = start_request(ctx);
        if (!http) return http;
        auto url = url_of(self().chat_url(self().base_url(ctx), ctx));
        if (!url) return std::move(url).error();
        http.value().url = std::move(url).value();
        const auto model = detail::wire_model(ctx.config.model, Derived::name);
        auto call_dialect = Derived::dialect;
        call_dialect.max_tokens_field = self().max_tokens_field_for(ctx);
        using adjusted = decltype(self().adjust_body(std::declval<nlohmann::ordered_json&>(), req, ctx));
        if constexpr (std::is_same_v<adjusted, unchanged_body>) {
            // The common case: the body is written straight into the request, no JSON tree in between.
            openai_chat::write_body(http.value().body, req, ctx.config, model, ctx.stream, call_dialect);
        } else {
            auto body = openai_chat::body_json(req, ctx.config, model, ctx.stream, call_dialect);
            self().adjust_body(body, req, ctx);
            http.value().body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        http.value().stream = ctx.stream;
        return http;
    }

    /// @brief The output-limit field for this call: the provider's `max_tokens_field`, except for models that take
    /// only `max_completion_tokens` (OpenAI's reasoning models, wherever they are served). A provider whose choice
    /// depends on more (OpenAI's: its own host or not) defines its own.
    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] std::string_view max_tokens_field_for(const call_context<Options>& ctx) const noexcept {
        if (takes_only_max_completion_tokens(ctx.config.model)) return "max_completion_tokens";
        return Derived::max_tokens_field;
    }

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<Options>& ctx) const {
        return openai_chat::parse_response(res, Derived::request_id_header,
                                           [&](completion& c, const nlohmann::json& body) {
                                               self().adjust_completion(c, body, ctx);
                                           });
    }

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] openai_chat::stream_decoder make_stream_decoder(const call_context<Options>&) const {
        return {};
    }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return openai_chat::should_retry(e); }

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<Options>&) const noexcept {
        return approximate_tokens(text);
    }

    // --- Embeddings (`embedding_model` names the model). ---

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] result<http_request> prepare_embeddings(const std::vector<std::string>& texts,
                                                          const call_context<Options>& ctx) const {
        if (ctx.config.embedding_model.empty() && ctx.config.embedding_deployment_name.empty())
            return error{errc::invalid_config, std::string("no embedding model for ") + std::string(Derived::name) +
                                                   ": set llm_config::embedding_model or LLM_EMBEDDING_MODEL"};
        if (texts.empty()) return error{errc::bad_request, "nothing to embed: the list of texts is empty"};
        auto http = start_request(ctx);
        if (!http) return http;
        // embedding_base_url sends embeddings elsewhere (a separate embeddings server), as OpenHands' key does.
        const std::string base =
            ctx.config.embedding_base_url.empty() ? self().base_url(ctx) : ctx.config.embedding_base_url;
        auto url = url_of(self().embeddings_url(base, ctx));
        if (!url) return std::move(url).error();
        http.value().url = std::move(url).value();
        http.value().body =
            openai_embeddings::body(texts, detail::wire_model(ctx.config.embedding_model, Derived::name));
        return http;
    }

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] result<embeddings> parse_embeddings(const http_response& res, std::size_t count,
                                                      const call_context<Options>&) const {
        return openai_embeddings::parse(res, Derived::request_id_header, count);
    }

    // --- Hooks with their default behaviour; a provider shadows the ones that differ. ---

    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] std::string base_url(const call_context<Options>& ctx) const {
        return ctx.config.base_url.empty() ? std::string(Derived::default_base_url) : ctx.config.base_url;
    }
    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] std::string chat_url(const std::string& base, const call_context<Options>&) const {
        return detail::join_url(base, "chat/completions");
    }
    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] std::string embeddings_url(const std::string& base, const call_context<Options>&) const {
        return detail::join_url(base, "embeddings");
    }
    template <class D = Derived, class Options = typename D::options>
    void authorize(http_headers& headers, std::string_view key, const call_context<Options>&) const {
        headers.add_sensitive("Authorization", "Bearer " + std::string(key));
    }
    template <class D = Derived, class Options = typename D::options>
    void add_headers(http_headers&, const call_context<Options>&) const {}
    template <class D = Derived, class Options = typename D::options>
    unchanged_body adjust_body(nlohmann::ordered_json&, const request&, const call_context<Options>&) const {
        return {};
    }
    template <class D = Derived, class Options = typename D::options>
    void adjust_completion(completion&, const nlohmann::json&, const call_context<Options>&) const {}

private:
    [[nodiscard]] const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }

    // A URL hook returns the URL, or a result<std::string> when it can refuse (a deployment name that is no path
    // segment, as Azure's hooks do).
    [[nodiscard]] static result<std::string> url_of(std::string url) { return url; }
    [[nodiscard]] static result<std::string> url_of(result<std::string> url) { return url; }

    // What every request shares: a base URL, the key, the headers.
    template <class D = Derived, class Options = typename D::options>
    [[nodiscard]] result<http_request> start_request(const call_context<Options>& ctx) const {
        const std::string name(Derived::name);
        if (self().base_url(ctx).empty())
            return error{errc::invalid_config,
                         name + " needs a base URL: set llm_config::base_url, [llm] base_url or LLM_BASE_URL"};
        if (Derived::requires_api_key && ctx.config.api_key.empty()) {
            if constexpr (requires { Derived::api_key_env; }) return missing_api_key(name, Derived::api_key_env);
            else return missing_api_key(name);
        }
        http_request http;
        http.headers.add("Content-Type", "application/json");
        if (!ctx.config.api_key.empty()) self().authorize(http.headers, ctx.config.api_key.reveal(), ctx);
        self().add_headers(http.headers, ctx);
        return http;
    }
};

POLYLLM_NAMESPACE_END
