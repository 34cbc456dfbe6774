#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/ollama_chat.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/ollama_chat.hpp>

#include <asio/post.hpp>

#include <algorithm>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

namespace ollama_chat_wire::detail {

// max_input_tokens when configured, capped by ollama_num_ctx; empty when the server must be asked.
inline std::optional<std::int64_t> configured_num_ctx(const llm_config& cfg, const ollama_chat::options& o) {
    if (!cfg.max_input_tokens) return std::nullopt;
    return o.num_ctx ? std::min(*cfg.max_input_tokens, *o.num_ctx) : *cfg.max_input_tokens;
}

// The server evaluated less than half of what polyllm counted: only a sizeable prompt is judged, as the estimate is
// rough for a short one.
inline constexpr std::size_t truncation_check_from = 256;

}  // namespace ollama_chat_wire::detail

POLYLLM_DECL std::string ollama_chat::server_url(const llm_config& cfg, const environment& env) {
    std::string url = !cfg.base_url.empty()          ? cfg.base_url
                      : !cfg.ollama_base_url.empty() ? cfg.ollama_base_url
                                                     : std::string();
    if (url.empty()) {
        url = env.get(host_env).value_or("");
        if (!url.empty()) {
            // Ollama's own clients read OLLAMA_HOST as [scheme://]host[:port]; the scheme is http, the port 11434.
            if (url.find("://") == std::string::npos) url = "http://" + url;
            const auto authority = url.find("://") + 3;
            const auto path = url.find('/', authority);
            const auto host = url.substr(authority, path == std::string::npos ? std::string::npos : path - authority);
            const bool bracketed_v6 = host.starts_with('[');
            const bool has_port = bracketed_v6 ? host.find("]:") != std::string::npos : host.find(':') != std::string::npos;
            if (!has_port) url.insert(path == std::string::npos ? url.size() : path, ":" + std::to_string(default_port));
        }
    }
    if (url.empty()) url = std::string(default_base_url);
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.ends_with("/v1")) url.resize(url.size() - 3);  // the OpenAI-compatible path: the native API is at the root
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

POLYLLM_DECL result<http_request> ollama_chat::prepare(const request& req, const call_context<options>& ctx) const {
    http_request http;
    ollama_chat_wire::body_settings settings;
    settings.num_ctx = ollama_chat_wire::detail::configured_num_ctx(ctx.config, ctx.options);
    settings.keep_alive = ctx.options.keep_alive;
    auto body = ollama_chat_wire::write_body(http.body, req, ctx.config, detail::wire_model(ctx.config.model, name),
                                             settings, ctx.stream);
    if (!body) return std::move(body).error();
    http.url = server_url(ctx.config) + "/api/chat";
    http.headers.add("content-type", "application/json");
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL token_count ollama_chat::prompt_tokens(const nlohmann::ordered_json& body, const llm_config& cfg) {
    std::string text;
    auto add = [&](const nlohmann::ordered_json& from, std::string_view key) {
        const auto it = from.find(key);
        if (it == from.end() || it->is_null()) return;
        text += it->is_string() ? it->get<std::string>() : it->dump();
        text += '\n';
    };
    if (const auto messages = body.find("messages"); messages != body.end() && messages->is_array())
        for (const auto& m : *messages) {
            if (!m.is_object()) continue;
            add(m, "role");
            add(m, "content");
            add(m, "thinking");
            add(m, "tool_calls");
        }
    add(body, "tools");
    return openai_token_count(cfg.model, text, cfg);
}

POLYLLM_DECL error ollama_chat::context_error(const token_count& prompt, std::int64_t num_ctx) {
    error e{errc::context_window_exceeded,
            "the prompt has " + std::string(prompt.exact ? "" : "about ") + std::to_string(prompt.tokens) +
                " tokens" + (prompt.exact ? "" : " (estimated)") + ", more than the context window num_ctx = " +
                std::to_string(num_ctx) +
                ": Ollama would silently drop the start of the prompt, so it was not sent (shorten the "
                "conversation, or raise max_input_tokens / ollama_num_ctx if the model takes more)"};
    e.verdict = retry_verdict::no;
    return e;
}

POLYLLM_DECL void ollama_chat::async_authorize(http_request http, const call_context<options>& ctx,
                                               const http_sender& sender, authorize_handler done) const {
    auto body = nlohmann::ordered_json::parse(http.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {  // not ours to change (a caller's own body): sent as it is
        return asio::post(sender.executor, [done = std::move(done), http = std::move(http)]() mutable {
            done(std::move(http));
        });
    }
    const auto prompt = prompt_tokens(body, ctx.config);
    // A num_ctx already in the body (max_input_tokens, or the caller's own through request::extra) is the one used.
    std::optional<std::int64_t> given;
    if (const auto sent = body.find("options"); sent != body.end() && sent->is_object())
        if (const auto set = sent->find("num_ctx"); set != sent->end() && set->is_number_integer())
            given = set->get<std::int64_t>();
    const auto cap = ctx.options.num_ctx;
    // Completes the attempt with `num_ctx` (empty: the server's default) in the body, or the guard's refusal.
    auto finish = [executor = sender.executor, http = std::move(http), body = std::move(body), prompt,
                   done = std::move(done)](result<std::optional<std::int64_t>> num_ctx) mutable {
        result<http_request> out = http_request{};
        if (!num_ctx) {
            out = std::move(num_ctx).error();
        } else if (const auto n = num_ctx.value(); n && prompt.tokens > static_cast<std::size_t>(*n)) {
            out = context_error(prompt, *n);
        } else {
            if (n) {
                auto& sent = body["options"];
                if (sent.is_null()) sent = nlohmann::ordered_json::object();
                if (sent.is_object()) sent["num_ctx"] = *n;
            }
            http.body = body.dump();
            out = std::move(http);
        }
        asio::post(executor, [done = std::move(done), out = std::move(out)]() mutable { done(std::move(out)); });
    };

    if (given) return finish(given);

    const auto server = server_url(ctx.config);
    const std::string model(detail::wire_model(ctx.config.model, name));
    auto fetch = [send = sender.send, server, model](ollama_chat_wire::context_lengths::length_handler got) {
        http_request show;
        show.method = "POST";
        show.url = server + "/api/show";
        show.headers.add("content-type", "application/json");
        show.body = nlohmann::json{{"model", model}}.dump();
        send(std::move(show), [got = std::move(got)](result<http_response> answer) mutable {
            if (!answer) return got(std::move(answer).error());
            const auto& res = answer.value();
            if (!wire::is_success(res.status)) return got(ollama_chat_wire::error_from(res));
            got(ollama_chat_wire::context_length_of(nlohmann::json::parse(res.body, nullptr, false)));
        });
    };
    context_lengths->get(server + "\n" + model, fetch,
                         [finish = std::move(finish), cap](result<ollama_chat_wire::context_lengths::length> length) mutable {
                             if (!length) return finish(std::move(length).error());
                             auto n = length.value();
                             if (cap) n = n ? std::min(*n, *cap) : *cap;
                             finish(n);
                         });
}

POLYLLM_DECL void ollama_chat::review(completion& c, const call_context<options>& ctx) const {
    if (!ctx.in_reply_to || !c.usage.prompt_tokens) return;
    // The reply to a prompt much longer than what the server evaluated: it may have cut the prompt's start.
    std::string text;
    ollama_chat_wire::body_settings settings;
    if (!ollama_chat_wire::write_body(text, *ctx.in_reply_to, ctx.config, ctx.config.model, settings, false)) return;
    const auto prompt = prompt_tokens(nlohmann::ordered_json::parse(text), ctx.config);
    const auto evaluated = *c.usage.prompt_tokens;
    if (prompt.tokens >= ollama_chat_wire::detail::truncation_check_from &&
        static_cast<std::size_t>(evaluated) * 2 < prompt.tokens)
        c.warnings.push_back("Ollama evaluated " + std::to_string(evaluated) + " prompt tokens where polyllm counted " +
                             (prompt.exact ? "" : "about ") + std::to_string(prompt.tokens) +
                             ": the server may have cut the start of the prompt (a num_ctx too small for it), unless "
                             "it reused a cached prefix of the conversation");
}

POLYLLM_NAMESPACE_END
