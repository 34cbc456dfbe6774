#pragma once
/// @file
/// @brief `polyllm::client`: a model connection whose provider is chosen at run time, from a configuration read
/// from a file, the environment or a user interface. `make_client` picks the provider from the model string; a
/// call costs one virtual call on top of `basic_llm`'s. `register_provider<P>("name")` adds a user's provider.
/// See docs/client.md.
///
///     auto llm = polyllm::make_client({.model = "anthropic/claude-sonnet-4-5"});
///     if (!llm) return fail(llm.error());
///     auto reply = llm.value().complete(req);

#include <polyllm/basic_llm.hpp>
#include <polyllm/built_in_providers.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config.hpp>
#include <polyllm/config_loader.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/detail/erased_handler.hpp>
#include <polyllm/error.hpp>
#include <polyllm/log.hpp>
#include <polyllm/metrics.hpp>
#include <polyllm/models.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/dispatch.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

/// What a client needs of a model connection, whatever its provider.
class client_model {
public:
    virtual ~client_model() = default;

    [[nodiscard]] virtual std::string_view provider_name() const noexcept = 0;
    [[nodiscard]] virtual const llm_config& config() const noexcept = 0;
    [[nodiscard]] virtual asio::any_io_executor executor() const = 0;

    [[nodiscard]] virtual result<completion> complete(const request& req) = 0;
    virtual void async_complete(request req, erased_handler<result<completion>> handler) = 0;
    [[nodiscard]] virtual result<completion> stream(const request& req, stream_callback on_event) = 0;
    virtual void async_stream(request req, stream_callback on_event, erased_handler<result<completion>> handler) = 0;
    [[nodiscard]] virtual result<embeddings> embed(const std::vector<std::string>& texts) = 0;
    virtual void async_embed(std::vector<std::string> texts, erased_handler<result<embeddings>> handler) = 0;
    [[nodiscard]] virtual token_count count_tokens(std::string_view text) const = 0;
    virtual void on_retry(std::function<void(const retry_event&)> listener) = 0;
    [[nodiscard]] virtual polyllm::metrics& metrics() noexcept = 0;
    virtual void set_logger(polyllm::logger sink, log_level threshold) = 0;
};

/// `basic_llm<P, T, R>` behind `client_model`. A provider that cannot stream or embed answers those calls with
/// `errc::unsupported`.
template <class P, class T, class R>
class client_model_for final : public client_model {
public:
    using llm_type = basic_llm<P, T, R>;

    using options_type = typename llm_type::options_type;

    client_model_for(std::string name, llm_config config, options_type options = {})
        : name_(std::move(name)), llm_(std::move(config), std::move(options)) {}
    client_model_for(std::string name, const asio::any_io_executor& executor, llm_config config,
                     options_type options = {})
        : name_(std::move(name)),
          llm_(typename llm_type::executor_type(executor), std::move(config), std::move(options)) {}

    [[nodiscard]] std::string_view provider_name() const noexcept override { return name_; }
    [[nodiscard]] const llm_config& config() const noexcept override { return llm_.config(); }
    [[nodiscard]] asio::any_io_executor executor() const override { return llm_.get_executor(); }

    [[nodiscard]] result<completion> complete(const request& req) override { return llm_.complete(req); }
    void async_complete(request req, erased_handler<result<completion>> handler) override {
        llm_.async_complete(std::move(req), std::move(handler));
    }

    [[nodiscard]] result<completion> stream(const request& req, stream_callback on_event) override {
        if constexpr (streams) return llm_.stream(req, std::move(on_event));
        else return unsupported("streaming");
    }
    void async_stream(request req, stream_callback on_event, erased_handler<result<completion>> handler) override {
        if constexpr (streams) llm_.async_stream(std::move(req), std::move(on_event), std::move(handler));
        else post_failure(std::move(handler), unsupported("streaming"));
    }

    [[nodiscard]] result<embeddings> embed(const std::vector<std::string>& texts) override {
        if constexpr (embeds) return llm_.embed(texts);
        else return unsupported("embeddings");
    }
    void async_embed(std::vector<std::string> texts, erased_handler<result<embeddings>> handler) override {
        if constexpr (embeds) llm_.async_embed(std::move(texts), std::move(handler));
        else post_failure(std::move(handler), unsupported("embeddings"));
    }

    [[nodiscard]] token_count count_tokens(std::string_view text) const override { return llm_.count_tokens(text); }
    void on_retry(std::function<void(const retry_event&)> listener) override { llm_.on_retry(std::move(listener)); }
    [[nodiscard]] polyllm::metrics& metrics() noexcept override { return llm_.metrics(); }
    void set_logger(polyllm::logger sink, log_level threshold) override {
        llm_.set_logger(std::move(sink), threshold);
    }

private:
    static constexpr bool streams = StreamingProvider<P> && StreamingTransport<T>;
    static constexpr bool embeds = EmbeddingProvider<P>;

    [[nodiscard]] error unsupported(std::string_view what) const {
        auto e = error{errc::unsupported, name_ + " offers no " + std::string(what)};
        e.provider = name_;
        return e;
    }
    // Completion never happens inside the initiating call, as with basic_llm's own operations.
    template <class V>
    void post_failure(erased_handler<result<V>> handler, error e) {
        auto ex = handler.get_executor();
        asio::post(ex, [h = std::move(handler), e = std::move(e)]() mutable { h(std::move(e)); });
    }

    std::string name_;
    llm_type llm_;
};

}  // namespace detail

/// @brief Where `make_client` reads the options of the provider it chooses (the keys its options type declares, such
/// as `anthropic_cache_ttl` or `dummyllm_region`): nowhere (the defaults), the environment (`LLM_<KEY>`), or a
/// config.toml's text — its `[llm]` section with the environment applied, or a named `[llm.<name>]` — read with the
/// provider's keys, exactly as `load_config_toml<P>` reads it for a provider chosen at compile time. So a client
/// made at run time gets the options a compile-time one would, and a key of no one is still an error.
struct provider_options_source {
    enum class kind { defaults, environment, toml };
    kind from = kind::defaults;
    std::string toml;     ///< the file's text (kind::toml)
    std::string source;   ///< the file's name, for messages
    std::string section;  ///< "" for [llm], else the named configuration
    polyllm::environment env = polyllm::environment::none();
    /// `key = value` settings applied last, written as in the environment (the CLI's `--option KEY=VALUE`); a key
    /// the chosen provider's options do not declare is an error naming it.
    std::vector<std::pair<std::string, std::string>> values = {};

    [[nodiscard]] static provider_options_source defaults() { return {}; }
    [[nodiscard]] static provider_options_source environment_variables(
        polyllm::environment variables = polyllm::environment::process()) {
        return {kind::environment, {}, {}, {}, std::move(variables)};
    }
    [[nodiscard]] static provider_options_source config_text(
        std::string text, std::string source_name, std::string section_name = {},
        polyllm::environment variables = polyllm::environment::process()) {
        return {kind::toml, std::move(text), std::move(source_name), std::move(section_name), std::move(variables)};
    }
};

namespace detail {

// `key = value` settings on options, each read as its environment variable would be.
template <class Options>
[[nodiscard]] result<void> apply_option_values(Options& options,
                                               const std::vector<std::pair<std::string, std::string>>& values,
                                               std::string_view provider) {
    for (const auto& setting : values) {
        const std::string& key = setting.first;  // not a structured binding: lambdas below capture it (clang 14)
        const std::string& value = setting.second;
        bool declared = false;
        std::string names;
        for_each_config_key<Options>([&](const auto& k) {
            declared = declared || k.name == key;
            names += (names.empty() ? "" : ", ") + std::string(k.name);
        });
        if (!declared)
            return error{errc::invalid_config, "unknown option \"" + key + "\" for " + std::string(provider) +
                                                   (names.empty() ? std::string(", which has no options")
                                                                  : "; its options are: " + names)};
        const auto variable = environment_variable_for(key);
        auto one = environment::from({{variable, value}});
        if (auto applied = apply_environment(options, one); !applied) {
            // Read as the environment would be, but told as the option it is.
            auto e = std::move(applied).error();
            if (const auto at = e.message.find("environment variable " + variable); at != std::string::npos)
                e.message.replace(at, std::string("environment variable ").size() + variable.size(), "option " + key);
            return e;
        }
    }
    return success();
}

}  // namespace detail

/// @brief The options of provider `P` from `from`; a malformed value or a key of no one is `errc::invalid_config`.
template <class P>
[[nodiscard]] result<options_of_t<P>> load_provider_options(const provider_options_source& from) {
    using kind = provider_options_source::kind;
    options_of_t<P> options{};
    if (from.from == kind::environment) {
        auto settings = config_from_environment<P>(from.env);
        if (!settings) return std::move(settings).error();
        options = std::move(settings).value().options;
    } else if (from.from == kind::toml) {
        auto loaded = parse_config_toml<P>(from.toml, from.source, from.env);
        if (!loaded) return std::move(loaded).error();
        auto chosen = loaded.value().get(from.section);
        if (!chosen) return std::move(chosen).error();
        options = std::move(chosen).value().options;
    }
    std::string_view provider = "the provider";
    if constexpr (requires { P::name; }) provider = P::name;
    if (auto applied = detail::apply_option_values(options, from.values, provider); !applied)
        return std::move(applied).error();
    return options;
}

/// @brief Makes a provider's connection for `make_client`: with the executor when one is given, else with an
/// io_context of its own for sync calls, and the provider's options read from `options`.
using provider_factory = std::function<result<std::unique_ptr<detail::client_model>>(
    std::string_view name, const std::optional<asio::any_io_executor>& executor, llm_config config,
    const provider_options_source& options)>;

namespace detail {

/// Names and factories of the providers `make_client` knows, built-in and registered; later registrations of a
/// name replace earlier ones. A template, as are the functions that use it, so that the built-in providers'
/// connections are compiled only in programs that use the client, not in every file that includes polyllm.hpp.
template <class = void>
class basic_provider_registry {
public:
    [[nodiscard]] static basic_provider_registry& instance() {
        static basic_provider_registry registry;
        return registry;
    }

    void add(std::string name, provider_factory factory) {
        std::lock_guard lock(mutex_);
        auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == name; });
        if (it != entries_.end()) it->second = std::move(factory);
        else entries_.emplace_back(std::move(name), std::move(factory));
    }

    [[nodiscard]] std::optional<provider_factory> find(std::string_view name) const {
        std::lock_guard lock(mutex_);
        for (const auto& [n, factory] : entries_)
            if (n == name) return factory;
        return std::nullopt;
    }

    [[nodiscard]] std::vector<std::string> names() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& entry : entries_) out.push_back(entry.first);
        return out;
    }

    template <class P, class T, class R>
    [[nodiscard]] static provider_factory factory_for() {
        return [](std::string_view name, const std::optional<asio::any_io_executor>& executor, llm_config config,
                  const provider_options_source& from) -> result<std::unique_ptr<client_model>> {
            auto options = load_provider_options<P>(from);
            if (!options) return std::move(options).error();
            std::unique_ptr<client_model> model;
            if (executor)
                model = std::make_unique<client_model_for<P, T, R>>(std::string(name), *executor, std::move(config),
                                                                    std::move(options).value());
            else
                model = std::make_unique<client_model_for<P, T, R>>(std::string(name), std::move(config),
                                                                    std::move(options).value());
            return model;
        };
    }

private:
    basic_provider_registry() {
#define POLYLLM_DETAIL_ADD_BUILT_IN(P) add_builtin<P>();
        POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_DETAIL_ADD_BUILT_IN)
#undef POLYLLM_DETAIL_ADD_BUILT_IN
    }
    template <class P>
    void add_builtin() {
        entries_.emplace_back(std::string(P::name), factory_for<P, asio_transport, exponential_backoff>());
    }

    mutable std::mutex mutex_;
    std::vector<std::pair<std::string, provider_factory>> entries_;
};

using provider_registry = basic_provider_registry<>;

template <class Registry = provider_registry>
[[nodiscard]] std::string joined_provider_names() {
    std::string out;
    for (const auto& n : Registry::instance().names()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace detail

/// @brief Adds a provider that `make_client` resolves by name: after `register_provider<dummyllm>("dummyllm")`,
/// the model "dummyllm/dummyllm-pro" (or `custom_llm_provider = "dummyllm"`) gets a `basic_llm<dummyllm, T, R>`.
/// A name registered again replaces the earlier provider, built-in ones included. Thread-safe.
template <class P, class T = asio_transport, class R = exponential_backoff>
void register_provider(std::string name) {
    static_assert(detail::check_provider<P>());
    static_assert(detail::check_provider_hooks<P>());
    static_assert(std::is_constructible_v<T, asio::any_io_executor>,
                  "polyllm::register_provider: the transport must be constructible from an asio::any_io_executor");
    using registry = detail::provider_registry;
    registry::instance().add(std::move(name), registry::template factory_for<P, T, R>());
}

/// @brief The names `make_client` knows, built-in first, then registered ones in registration order.
template <class Registry = detail::provider_registry>
[[nodiscard]] std::vector<std::string> known_providers() {
    return Registry::instance().names();
}

/// @brief The provider `make_client` would choose for `config`: `custom_llm_provider` when set; else the model's
/// `provider/` prefix when it names a known provider; else the model tables' families (gpt-*, o1, o3*, o4-* -> openai,
/// claude-* -> anthropic, gemini-* -> gemini, deepseek-chat/-reasoner -> deepseek); else, for a model without a
/// prefix, "openai_compatible" when a base URL is set. Anything else, an unknown prefix included (a typo must not
/// silently become the generic provider), is `errc::invalid_config` listing the known providers.
template <class Registry = detail::provider_registry>
[[nodiscard]] result<std::string> provider_for(const llm_config& config) {
    auto& registry = Registry::instance();
    auto unknown = [](std::string what) {
        return error{errc::invalid_config,
                     std::move(what) + "; the known providers are: " + detail::joined_provider_names<Registry>()};
    };
    if (!config.custom_llm_provider.empty()) {
        if (registry.find(config.custom_llm_provider)) return config.custom_llm_provider;
        return unknown("unknown provider \"" + config.custom_llm_provider + "\" in custom_llm_provider");
    }
    const std::string_view model = detail::trim(config.model);
    if (model.empty()) return error{errc::invalid_config, "model is empty: set llm_config::model, [llm] model or LLM_MODEL"};
    const auto slash = model.find('/');
    if (slash != std::string_view::npos) {
        const std::string prefix(model.substr(0, slash));
        if (registry.find(prefix)) return prefix;
    } else {
        if (const auto family = family_provider_of(model)) return std::string(*family);
    }
    // An unknown prefix is more often a typo ("dummylm/") than a server's own "org/model" name: it is an error, even
    // with a base URL, so that a mistyped provider is not silently replaced by the generic one. A model with a
    // slash on the user's own server is asked for explicitly: openai_compatible/org/model, or custom_llm_provider.
    if (slash != std::string_view::npos) {
        const std::string prefix(model.substr(0, slash));
        auto e = unknown("unknown provider \"" + prefix + "\" in model \"" + std::string(model) + "\"");
        if (!config.base_url.empty())
            e.message += ". For a model named \"" + std::string(model) + "\" on an OpenAI-compatible server, write " +
                         std::string(openai_compatible_server::name) + "/" + std::string(model) +
                         " or set custom_llm_provider = \"" + std::string(openai_compatible_server::name) + "\"";
        return e;
    }
    // A server of the user's own: a model name without a prefix is its business.
    if (!config.base_url.empty()) return std::string(openai_compatible_server::name);
    return unknown("cannot tell which provider serves model \"" + std::string(model) +
                   "\": write it as provider/model, set custom_llm_provider, or set a base URL for an "
                   "OpenAI-compatible server");
}

/// @brief A model connection whose provider was chosen at run time. Offers `basic_llm`'s calls; each costs one
/// virtual call more. Move-only; like `basic_llm`, it must outlive its operations.
class client {
public:
    explicit client(std::unique_ptr<detail::client_model> model) : model_(std::move(model)) {}

    /// @brief The provider's registered name ("anthropic", "openai_compatible", ...).
    [[nodiscard]] std::string_view provider_name() const noexcept { return model_->provider_name(); }
    /// @brief The configuration in use (with the key and base URL the provider's variables supplied).
    [[nodiscard]] const llm_config& config() const noexcept { return model_->config(); }
    [[nodiscard]] asio::any_io_executor get_executor() const { return model_->executor(); }

    /// @brief See `basic_llm::complete`.
    [[nodiscard]] result<completion> complete(const request& req) { return model_->complete(req); }

    /// @brief See `basic_llm::async_complete`; any completion token, cancellation included.
    template <asio::completion_token_for<void(result<completion>)> Token>
    auto async_complete(request req, Token&& token) {
        return asio::async_initiate<Token, void(result<completion>)>(
            [this](auto handler, request r) { model_->async_complete(std::move(r), erase<result<completion>>(std::move(handler))); },
            token, std::move(req));
    }

    /// @brief See `basic_llm::stream`: `on_event(const stream_event&)` returns bool (false stops) or void.
    template <class OnEvent>
    [[nodiscard]] result<completion> stream(const request& req, OnEvent&& on_event) {
        return model_->stream(req, [&on_event](const stream_event& e) {
            return detail::invoke_stream_callback(on_event, e);
        });
    }

    /// @brief See `basic_llm::async_stream`.
    template <class OnEvent, asio::completion_token_for<void(result<completion>)> Token>
    auto async_stream(request req, OnEvent on_event, Token&& token) {
        return asio::async_initiate<Token, void(result<completion>)>(
            [this](auto handler, request r, OnEvent callback) {
                model_->async_stream(std::move(r), detail::to_stream_callback(std::move(callback)),
                                     erase<result<completion>>(std::move(handler)));
            },
            token, std::move(req), std::move(on_event));
    }

    /// @brief See `basic_llm::embed`; `errc::unsupported` for a provider without embeddings.
    [[nodiscard]] result<embeddings> embed(const std::vector<std::string>& texts) { return model_->embed(texts); }

    template <asio::completion_token_for<void(result<embeddings>)> Token>
    auto async_embed(std::vector<std::string> texts, Token&& token) {
        return asio::async_initiate<Token, void(result<embeddings>)>(
            [this](auto handler, std::vector<std::string> t) {
                model_->async_embed(std::move(t), erase<result<embeddings>>(std::move(handler)));
            },
            token, std::move(texts));
    }

    /// @brief See `basic_llm::count_tokens`.
    [[nodiscard]] token_count count_tokens(std::string_view text) const { return model_->count_tokens(text); }

    /// @brief See `basic_llm::on_retry`.
    void on_retry(std::function<void(const retry_event&)> listener) { model_->on_retry(std::move(listener)); }

    /// @brief See `basic_llm::metrics`.
    [[nodiscard]] const polyllm::metrics& metrics() const noexcept { return model_->metrics(); }
    [[nodiscard]] polyllm::metrics& metrics() noexcept { return model_->metrics(); }

    /// @brief See `basic_llm::set_logger`.
    void set_logger(polyllm::logger sink, log_level threshold = log_level::debug) {
        model_->set_logger(std::move(sink), threshold);
    }

private:
    template <class V, class Handler>
    [[nodiscard]] detail::erased_handler<V> erase(Handler handler) const {
        return detail::erase_handler<V>(std::move(handler), model_->executor());
    }

    std::unique_ptr<detail::client_model> model_;
};

/// @brief A client for `config`, with its own io_context for sync calls; the provider is `provider_for(config)`, and
/// its options come from `options` (by default none: the provider's defaults).
template <class Registry = detail::provider_registry>
[[nodiscard]] result<client> make_client(llm_config config,
                                         const provider_options_source& options = provider_options_source::defaults()) {
    auto name = provider_for<Registry>(config);
    if (!name) return std::move(name).error();
    auto factory = Registry::instance().find(name.value());
    auto model = factory.value()(name.value(), std::nullopt, std::move(config), options);
    if (!model) return std::move(model).error();
    return client(std::move(model).value());
}

/// @brief A client whose operations run on `executor`.
template <class Registry = detail::provider_registry>
[[nodiscard]] result<client> make_client(const asio::any_io_executor& executor, llm_config config,
                                         const provider_options_source& options = provider_options_source::defaults()) {
    auto name = provider_for<Registry>(config);
    if (!name) return std::move(name).error();
    auto factory = Registry::instance().find(name.value());
    auto model = factory.value()(name.value(), executor, std::move(config), options);
    if (!model) return std::move(model).error();
    return client(std::move(model).value());
}

POLYLLM_NAMESPACE_END
