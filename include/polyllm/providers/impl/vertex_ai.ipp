#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/vertex_ai.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/vertex_ai.hpp>

#include <asio/post.hpp>

#include <filesystem>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL vertex_ai_wire::settings vertex_ai::settings_for(const options& o) {
    const auto env = environment::process();
    auto s = vertex_ai_wire::resolve_settings({o.project, o.location, o.credentials, o.access_token}, env);
    // Nothing configured: gcloud's application-default file, when there is one (as Google's libraries look last).
    if (s.credentials.empty() && s.access_token.empty()) {
        const auto adc = vertex_ai_wire::application_default_credentials_path(env);
        std::error_code ec;
        if (!adc.empty() && std::filesystem::is_regular_file(adc, ec)) s.credentials = adc;
    }
    return s;
}

POLYLLM_DECL vertex_ai_wire::settings vertex_ai::addressing(const options& o) const {
    auto s = settings_for(o);
    if (s.project.empty() && !s.credentials.empty())
        if (auto source = tokens->source_for(std::string(s.credentials.reveal())))
            s.project = source.value()->credentials().project_id();
    return s;
}

POLYLLM_DECL result<http_request> vertex_ai::prepare(const request& req, const call_context<options>& ctx) const {
    const auto s = addressing(ctx.options);
    const auto model = detail::wire_model(ctx.config.model, name);
    const auto publisher = vertex_ai_wire::publisher_of(model);
    http_request http;
    std::string_view method;
    if (publisher == vertex_ai_wire::publisher::google) {
        // The Gemini and Anthropic providers read their model tables themselves: Vertex's names match them.
        gemini::options google;
        google.include_thoughts = ctx.options.include_thoughts;
        const auto traits = gemini::traits_for({ctx.config, google, ctx.stream});
        if (auto written = gemini_content::write_body(http.body, req, ctx.config, model, traits); !written)
            return std::move(written).error();
        method = ctx.stream ? ":streamGenerateContent" : ":generateContent";
    } else {
        auto traits = anthropic::traits_for({ctx.config, anthropic::options{}, ctx.stream});
        traits.body_version = ctx.options.anthropic_version;
        if (auto written = anthropic_messages::write_body(http.body, req, ctx.config, model, traits, ctx.stream);
            !written)
            return std::move(written).error();
        method = ctx.stream ? ":streamRawPredict" : ":rawPredict";
    }
    auto url = vertex_ai_wire::model_url(ctx.config.base_url, s, publisher, model, method);
    if (!url) return std::move(url).error();
    http.url = std::move(url).value();
    if (ctx.stream && publisher == vertex_ai_wire::publisher::google)
        http.url = detail::with_query_parameter(http.url, "alt", "sse");
    http.headers.add("content-type", "application/json");
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL result<http_request> vertex_ai::prepare_count_tokens(const request& req,
                                                                  const call_context<options>& ctx) const {
    const auto s = addressing(ctx.options);
    const auto model = detail::wire_model(ctx.config.model, name);
    const auto publisher = vertex_ai_wire::publisher_of(model);
    http_request http;
    result<std::string> url = std::string();
    if (publisher == vertex_ai_wire::publisher::google) {
        gemini::options google;
        google.include_thoughts = ctx.options.include_thoughts;
        const auto traits = gemini::traits_for({ctx.config, google, false});
        if (auto written = gemini_content::write_count_tokens_body(http.body, req, ctx.config, model, traits,
                                                                   gemini_content::count_tokens_form::vertex_ai);
            !written)
            return std::move(written).error();
        url = vertex_ai_wire::model_url(ctx.config.base_url, s, publisher, model, ":countTokens");
    } else {
        auto traits = anthropic::traits_for({ctx.config, anthropic::options{}, false});
        traits.body_version = ctx.options.anthropic_version;
        if (auto written = anthropic_messages::write_count_tokens_body(http.body, req, ctx.config, model, traits);
            !written)
            return std::move(written).error();
        // One endpoint for every Claude model: the body names the model.
        url = vertex_ai_wire::model_url(ctx.config.base_url, s, publisher, "count-tokens", ":rawPredict");
    }
    if (!url) return std::move(url).error();
    http.url = std::move(url).value();
    http.headers.add("content-type", "application/json");
    return http;
}

POLYLLM_DECL result<token_count> vertex_ai::parse_count_tokens(const http_response& res,
                                                               const call_context<options>& ctx) const {
    if (res.status == 401) tokens->invalidate_all();  // as parse does: the retry fetches a new token
    if (publisher_for(ctx) == vertex_ai_wire::publisher::anthropic)
        return anthropic_messages::parse_count_tokens(res, request_id_header);
    return gemini_content::parse_count_tokens(res);
}

POLYLLM_DECL result<http_request> vertex_ai::prepare_embeddings(const std::vector<std::string>& texts,
                                                                const call_context<options>& ctx) const {
    if (ctx.config.embedding_model.empty())
        return error{errc::invalid_config, "no embedding_model for Vertex AI (text-embedding-005, "
                                           "gemini-embedding-001, ...)"};
    const auto s = addressing(ctx.options);
    const auto& base = ctx.config.embedding_base_url.empty() ? ctx.config.base_url : ctx.config.embedding_base_url;
    auto url = vertex_ai_wire::model_url(base, s, vertex_ai_wire::publisher::google,
                                         detail::wire_model(ctx.config.embedding_model, name), ":predict");
    if (!url) return std::move(url).error();
    http_request http;
    http.url = std::move(url).value();
    http.body = vertex_ai_wire::embeddings_body(texts);
    http.headers.add("content-type", "application/json");
    return http;
}

POLYLLM_DECL result<completion> vertex_ai::parse(const http_response& res, const call_context<options>& ctx) const {
    // A refused token is dropped, so that the retry (or the next call) fetches a new one.
    if (res.status == 401) tokens->invalidate_all();
    if (publisher_for(ctx) == vertex_ai_wire::publisher::anthropic)
        return anthropic_messages::parse_response(res, request_id_header);
    return gemini_content::parse_response(res);
}

POLYLLM_DECL void vertex_ai::async_authorize(http_request http, const call_context<options>& ctx,
                                             const http_sender& sender, authorize_handler done) const {
    auto finish = [executor = sender.executor](authorize_handler handler, result<http_request> outcome) {
        asio::post(executor, [handler = std::move(handler), outcome = std::move(outcome)]() mutable {
            handler(std::move(outcome));
        });
    };
    const auto s = settings_for(ctx.options);
    if (!s.access_token.empty()) {
        http.headers.set("authorization", "Bearer " + std::string(s.access_token.reveal()), true);
        return finish(std::move(done), std::move(http));
    }
    if (s.credentials.empty()) {
        error e{errc::authentication, "no Google credentials for Vertex AI: set GOOGLE_APPLICATION_CREDENTIALS or "
                                      "vertex_credentials (a service-account or authorized_user file), or "
                                      "VERTEXAI_ACCESS_TOKEN"};
        e.verdict = retry_verdict::no;
        return finish(std::move(done), std::move(e));
    }
    auto source = tokens->source_for(std::string(s.credentials.reveal()));
    if (!source) return finish(std::move(done), std::move(source).error());
    source.value()->async_token(sender.send, [http = std::move(http), done = std::move(done),
                                              finish](result<auth::access_token> token) mutable {
        if (!token) return finish(std::move(done), std::move(token).error());
        http.headers.set("authorization", "Bearer " + std::string(token.value().value.reveal()), true);
        finish(std::move(done), std::move(http));
    });
}

POLYLLM_NAMESPACE_END
