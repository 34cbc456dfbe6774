#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/bedrock.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/bedrock.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL result<http_request> bedrock::prepare(const request& req, const call_context<options>& ctx) const {
    std::string root = ctx.config.base_url;
    if (root.empty()) {
        const auto region =
            auth::resolve_aws_region(configured(ctx), environment::process(), auth::local_files());
        if (region.empty()) {
            error e{errc::invalid_config, "no AWS region for bedrock: set aws_region_name, AWS_REGION or "
                                          "AWS_DEFAULT_REGION, or a region in the profile of ~/.aws/config"};
            e.provider = std::string(name);
            return e;
        }
        root = "https://bedrock-runtime." + region + ".amazonaws.com";
    }
    http_request http;
    if (auto body = bedrock_converse::write_body(http.body, req, ctx.config, traits_for(ctx)); !body)
        return std::move(body).error();
    http.url = endpoint(root, detail::wire_model(ctx.config.model, name), ctx.stream);
    http.headers.add("content-type", "application/json");
    if (!ctx.config.api_key.empty())
        http.headers.add_sensitive("Authorization", "Bearer " + std::string(ctx.config.api_key.reveal()));
    http.stream = ctx.stream;
    return http;
}

POLYLLM_DECL result<completion> bedrock::parse(const http_response& res, const call_context<options>& ctx) const {
    auto c = bedrock_converse::parse_response(res);
    if (c) return c;
    auto e = std::move(c).error();
    // The credentials as signing found them: configured, or from the environment or the shared files.
    auto creds = auth::resolve_aws_credentials(configured(ctx), environment::process(), auth::local_files());
    const secret none;
    const std::initializer_list<const secret*> secrets = {
        &ctx.config.aws_secret_access_key, &ctx.options.aws_session_token,
        creds ? &creds.value().secret_access_key : &none, creds ? &creds.value().session_token : &none};
    for (const secret* s : secrets)
        if (!s->empty())
            for (auto* text : {&e.message, &e.type, &e.request_id}) detail::redact(*text, s->reveal());
    return e;
}

POLYLLM_DECL void bedrock::async_authorize(http_request http, const call_context<options>& ctx,
                                           const http_sender& sender, authorize_handler done) const {
    result<http_request> outcome = std::move(http);
    if (ctx.config.api_key.empty()) {  // a Bedrock API key's request already carries its bearer token
        const auto env = environment::process();
        const auto files = auth::local_files();
        auto creds = auth::resolve_aws_credentials(configured(ctx), env, files);
        if (!creds) {
            outcome = std::move(creds).error();
        } else {
            auto region = auth::resolve_aws_region(configured(ctx), env, files);
            if (region.empty()) region = "us-east-1";  // a base_url without a region: the SDKs' default
            outcome = sign(std::move(outcome).value(), creds.value(), region, std::chrono::system_clock::now());
        }
    }
    asio::post(sender.executor, [done = std::move(done), outcome = std::move(outcome)]() mutable {
        done(std::move(outcome));
    });
}

POLYLLM_DECL result<http_request> bedrock::sign(http_request http, const auth::aws_credentials& creds,
                                                std::string_view region, std::chrono::system_clock::time_point now) {
    if (auto signed_ = auth::sigv4_sign(http, creds, {std::string(region), "bedrock", now}); !signed_)
        return std::move(signed_).error();
    return http;
}

POLYLLM_DECL std::string bedrock::endpoint(std::string_view root, std::string_view model_id, bool stream) {
    auto path = detail::without_query(root);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    // The id is one path segment: ':' (and '/' in an ARN) percent-encoded, as the AWS SDKs send it.
    return detail::join_url(root, "model/" + auth::aws_uri_encode(model_id, false) +
                                      (stream ? "/converse-stream" : "/converse"));
}

POLYLLM_DECL bedrock_converse::model_traits bedrock::traits_for(const call_context<options>& ctx) {
    const auto features = features_of<bedrock>(ctx.config.model);
    bedrock_converse::model_traits traits;
    traits.prompt_cache = features.prompt_cache;
    traits.thinking = features.reasoning_effort;
    traits.anthropic = ctx.config.model.find("anthropic.") != std::string::npos;
    // AWS documents toolResult.status for Claude 3 and later and for Nova only; Llama and Mistral refuse the field.
    traits.tool_status = (traits.anthropic && ctx.config.model.find("claude-v2") == std::string::npos &&
                          ctx.config.model.find("claude-instant") == std::string::npos) ||
                         ctx.config.model.find("amazon.nova") != std::string::npos;
    traits.max_output_tokens = effective_model_info<bedrock>(ctx.config).max_output_tokens;
    traits.thinking_budget_tokens = ctx.options.thinking_budget_tokens;
    return traits;
}

POLYLLM_NAMESPACE_END
