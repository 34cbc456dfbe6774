#pragma once
/// @file
/// @brief The observer that prices each completion (`cost_of` at the model's prices) and records it in a
/// `metrics`: cost, latency and tokens of every call a connection completes.

#include <polyllm/config.hpp>
#include <polyllm/cost.hpp>
#include <polyllm/metrics.hpp>
#include <polyllm/models.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

class metrics_observer {
public:
    /// @brief Where prices come from: the chat model's (configuration over tables) and an embedding model's.
    /// Plain function pointers, so that the observer's type does not depend on the provider.
    struct price_tables {
        model_info (*chat)(const llm_config&) noexcept;
        std::optional<model_info> (*embedding)(std::string_view) noexcept;
    };

    /// @brief Prices from provider `P`'s tables, then the built-in ones.
    template <class P>
    [[nodiscard]] static metrics_observer for_provider() {
        return metrics_observer(price_tables{&effective_model_info<P>, &model_info_of<P>});
    }

    explicit metrics_observer(price_tables prices) : prices_(prices) {}

    [[nodiscard]] polyllm::metrics& records() noexcept { return records_; }
    [[nodiscard]] const polyllm::metrics& records() const noexcept { return records_; }

    // Unlike a user's observer this one changes what it observes: it fills in the completion's `cost`, so it runs
    // before every other observer.
    void on_completion(const call_info& info, completion& c, std::chrono::milliseconds latency) {
        const model_info model = prices_.chat(info.config);
        c.cost = cost_of(c.usage, model);
        // Prices are validated non-negative and finite, so the record cannot be refused.
        (void)records_.add(response_record{c.model.empty() ? info.config.model : c.model, c.id, c.cost, latency,
                                           std::chrono::system_clock::now(), c.usage, model.max_input_tokens});
    }

    // Embeddings at the embedding model's input price: the configured prices are the chat model's.
    void on_completion(const call_info& info, embeddings& e, std::chrono::milliseconds latency) {
        const auto& cfg = info.config;
        const std::string& model = cfg.embedding_model.empty() ? cfg.embedding_deployment_name : cfg.embedding_model;
        e.cost = cost_of(e.usage, prices_.embedding(model).value_or(model_info{}));
        (void)records_.add(response_record{e.model.empty() ? model : e.model, e.request_id, e.cost, latency,
                                           std::chrono::system_clock::now(), e.usage, std::nullopt});
    }

private:
    price_tables prices_;
    polyllm::metrics records_;
};

POLYLLM_NAMESPACE_END
