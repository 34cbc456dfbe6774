#pragma once
/// @file
/// @brief What is done around a provider (by `fn_call::adapted<P>`, adapted.hpp, which `basic_llm` wraps around
/// every provider) so that every model gets the same request checks and the same tool calls: before `prepare`, request hygiene (hygiene.hpp) and, for a model without native function calling,
/// the text form of tool calling (request.hpp); after `parse`, the reply read back into standard tool calls
/// (reply.hpp), and for streams the events rewritten as they pass (stream.hpp).
///
/// Whether the model has native function calling comes from the model tables with the configuration's overrides
/// (`effective_features`); a provider whose model is fixed at compile time (`using model =
/// polyllm::static_model<"...">;`) has its features decided with `if constexpr`, without a table lookup.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/fn_call/reply.hpp>
#include <polyllm/fn_call/request.hpp>
#include <polyllm/fn_call/stream.hpp>
#include <polyllm/hygiene.hpp>
#include <polyllm/models.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <concepts>
#include <optional>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief A provider whose model is fixed at compile time: it declares `using model = polyllm::static_model<...>;`.
template <class P>
concept fixed_model_provider = requires {
    { P::model::name } -> std::convertible_to<std::string_view>;
    { P::model::features } -> std::convertible_to<model_features>;
};

namespace fn_call {

/// @brief The features to act on for provider `P` and `cfg`: the tables' with the configuration's overrides, as
/// `effective_features` gives them; constants for a model fixed at compile time.
template <class P>
[[nodiscard]] model_features features_for(const llm_config& cfg) noexcept {
    if constexpr (fixed_model_provider<P>) {
        model_features f = P::model::features;  // the same overrides as effective_features, without the lookup
        if (cfg.native_tool_calling) f.function_calling = *cfg.native_tool_calling;
        if (cfg.disable_vision.value_or(false)) f.vision = false;
        if (!cfg.caching_prompt) f.prompt_cache = false;
        if (cfg.disable_stop_word) f.stop_words = false;
        return f;
    } else {
        return effective_features<P>(cfg);
    }
}

/// @brief Whether requests to provider `P` with `cfg` describe tools in the prompt instead of sending them.
template <class P>
[[nodiscard]] bool uses_text_form(const llm_config& cfg) noexcept {
    if constexpr (fixed_model_provider<P>) {
        // Known at compile time; only the configuration's override remains to be read.
        if constexpr (P::model::features.function_calling) return cfg.native_tool_calling == false;
        else return !cfg.native_tool_calling.value_or(false);
    } else {
        return !features_for<P>(cfg).function_calling;
    }
}

/// @brief The configuration's own settings checked against its model, once, when a connection is made: what the
/// model does not take is dropped from `cfg` with `drop_params`, refused otherwise (hygiene/parameters.hpp).
template <class P>
[[nodiscard]] result<void> fit_config(llm_config& cfg) {
    return hygiene::fit_config(cfg, features_for<P>(cfg));
}

/// @brief The request as provider `P` should see it: hygiene, then the text form of tool calling where the model
/// lacks function calling. `out` receives the changed request, and stays empty when `in` can be sent as it is.
template <class P>
[[nodiscard]] result<void> adapt_request(const request& in, const llm_config& cfg, std::optional<request>& out) {
    const auto features = features_for<P>(cfg);
    auto clean = hygiene::apply(in, cfg, features);
    if (!clean) return std::move(clean).error();
    out = std::move(clean).value();
    if (features.function_calling || !needs_text_form(out ? *out : in)) return success();
    auto text = to_text_request(out ? std::move(*out) : in, features.stop_words);
    if (!text) return std::move(text).error();
    out = std::move(text).value();
    return success();
}

/// @brief The completion for `req` (the caller's request, in the standard form) with a call written as text turned
/// into a standard tool call; a call that fails its tool's schema is the error (see reply.hpp).
template <class P>
[[nodiscard]] result<completion> restore_tool_calls(const request& req, const llm_config& cfg, completion c) {
    if (req.tools.empty() || (req.tool_choice && req.tool_choice->kind == tool_choice::mode::none) ||
        !uses_text_form<P>(cfg))
        return c;
    return restore_reply(std::move(c), req.tools, next_call_id(req.messages));
}

/// @brief A stream callback that receives the events of a native tool call when the model writes its call as
/// text; `on_event` returns false to stop the stream.
struct standard_tool_events {
    polyllm::detail::stream_callback on_event;
    std::optional<stream_filter> filter;  // empty: the events pass as they are

    bool operator()(const stream_event& event) {
        if (!filter) return on_event(event);
        return filter->feed(event, [this](const stream_event& e) { return on_event(e); });
    }
};

/// @brief `on_event` wrapped for a stream of `req` (see stream.hpp for how text calls are delivered).
template <class P>
[[nodiscard]] standard_tool_events standard_events(const request& req, const llm_config& cfg,
                                                   polyllm::detail::stream_callback on_event) {
    standard_tool_events events{std::move(on_event), std::nullopt};
    if (!req.tools.empty() && uses_text_form<P>(cfg)) {
        auto reader = reader_for(req);
        if (reader.read_calls) events.filter.emplace(std::move(reader));
    }
    return events;
}

}  // namespace fn_call
POLYLLM_NAMESPACE_END
