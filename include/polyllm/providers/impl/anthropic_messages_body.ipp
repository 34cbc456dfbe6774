#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic_messages_body.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic_messages_body.hpp>
#include <polyllm/providers/impl/anthropic_messages_turns.ipp>  // the helpers it shares with that file

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                                     const model_traits& traits, bool stream) {
    const auto& messages = r.messages;
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (auto e = detail::malformed(messages[i])) return detail::first_error(messages, i, std::move(*e));
    const std::int64_t max_tokens =
        r.max_tokens.value_or(cfg.max_output_tokens.value_or(traits.max_output_tokens.value_or(fallback_max_tokens)));
    const auto budget = detail::thinking_budget_for(r, cfg, traits, max_tokens);
    if (!budget) return detail::first_error(messages, messages.size(), budget.error());
    const auto sampling = detail::sampling_for(r, cfg, budget.value() > 0);
    if (!sampling) return detail::first_error(messages, messages.size(), sampling.error());
    // Structured output: a JSON schema goes to output_config; Anthropic has no schema-less JSON mode.
    const auto* format = r.response_format ? &*r.response_format : nullptr;
    if (format && format->type == response_format::kind::json_object && !cfg.drop_params)
        return detail::first_error(messages, messages.size(),
                                   error{errc::unsupported, "Anthropic has no JSON mode without a schema: use "
                                                            "response_format::json_schema (or set drop_params to send "
                                                            "the request without it)"});
    const auto cache = traits.prompt_cache ? detail::cache_breakpoints_for(messages, cfg) : detail::cache_breakpoints{};

    const std::size_t start = out.size();
    out.reserve(start + wire::body_size_hint(r));
    detail::writer w(out, traits.cache_lifetime);
    polyllm::wire::body_fields fields(w, r.extra);
    w.begin_object();
    if (fields.standard("model")) w.string(model);
    if (fields.standard("max_tokens")) w.integer(max_tokens);
    if (std::any_of(messages.begin(), messages.end(),
                    [](const message& m) { return m.role == role::system && detail::has_cacheable_block(m); }) &&
        fields.standard("system"))
        detail::write_system(w, messages, cache);
    if (fields.standard("messages"))
        if (auto turns = detail::write_turns(w, messages, cache); !turns) {
            out.resize(start);
            return turns;
        }
    if (!r.tools.empty()) {
        if (fields.standard("tools")) {
            w.begin_array();
            for (const auto& t : r.tools) detail::write_tool(w, t);
            w.end_array();
        }
        const bool disable_parallel = r.parallel_tool_calls == false;
        if ((r.tool_choice || disable_parallel) && fields.standard("tool_choice"))
            detail::write_tool_choice(w, r.tool_choice.value_or(tool_choice::automatic()), disable_parallel);
    }
    if (budget.value() > 0 && fields.standard("thinking"))
        w.begin_object().key("type").string("enabled").key("budget_tokens").integer(budget.value()).end_object();
    if (sampling.value().temperature && fields.standard("temperature")) w.number(*sampling.value().temperature);
    if (sampling.value().top_p && fields.standard("top_p")) w.number(*sampling.value().top_p);
    if (sampling.value().top_k && fields.standard("top_k")) w.integer(*sampling.value().top_k);
    if (!r.stop.empty() && fields.standard("stop_sequences")) {
        w.begin_array();
        for (const auto& s : r.stop) w.string(s);
        w.end_array();
    }
    if (!r.user.empty() && fields.standard("metadata")) w.begin_object().key("user_id").string(r.user).end_object();
    if (format && format->type == response_format::kind::json_schema && fields.standard("output_config")) {
        w.begin_object().key("format").begin_object().key("type").string("json_schema");
        w.key("schema").value(format->schema).end_object().end_object();
    }
    if (stream && fields.standard("stream")) w.boolean(true);
    fields.rest();
    w.end_object();
    return success();
}

POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg, std::string_view model,
                                                      const model_traits& traits, bool stream) {
    std::string text;
    if (auto written = write_body(text, r, cfg, model, traits, stream); !written) return std::move(written).error();
    return nlohmann::ordered_json::parse(text);
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
