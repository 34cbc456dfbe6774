#pragma once
/// @file
/// @brief `polyllm::openai`: OpenAI's Chat Completions API. Models "gpt-4o", "o3", or "openai/<model>".

#include <polyllm/concepts.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/providers/openai_chat_stream.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

struct openai {
    static constexpr std::string_view name = "openai";
    static constexpr std::string_view default_base_url = "https://api.openai.com/v1";
    static constexpr std::string_view api_key_env = "OPENAI_API_KEY";
    static constexpr std::string_view request_id_header = "x-request-id";

    /// @brief OpenAI's account scoping headers; empty means not sent.
    struct options {
        std::string organization;  ///< OpenAI-Organization
        std::string project;       ///< OpenAI-Project
    };

    [[nodiscard]] result<http_request> prepare(const request& req, const call_context<options>& ctx) const {
        if (ctx.config.api_key.empty())
            return error{errc::invalid_config,
                         "no API key for openai: set llm_config::api_key, LLM_API_KEY or OPENAI_API_KEY"};
        http_request http;
        http.url = detail::join_url(ctx.config.base_url.empty() ? default_base_url : ctx.config.base_url,
                                    "chat/completions");
        http.headers.add_sensitive("Authorization", "Bearer " + std::string(ctx.config.api_key.reveal()));
        http.headers.add("Content-Type", "application/json");
        if (!ctx.options.organization.empty()) http.headers.add("OpenAI-Organization", ctx.options.organization);
        if (!ctx.options.project.empty()) http.headers.add("OpenAI-Project", ctx.options.project);
        http.body = openai_chat::body_json(req, ctx.config, detail::wire_model(ctx.config.model, name), ctx.stream)
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        http.stream = ctx.stream;
        return http;
    }

    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        return openai_chat::parse_response(res, request_id_header);
    }

    [[nodiscard]] openai_chat::stream_decoder make_stream_decoder(const call_context<options>&) const { return {}; }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return openai_chat::should_retry(e); }

    /// @brief An estimate until the exact tiktoken-compatible tokenizer is in place.
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>&) const noexcept {
        return approximate_tokens(text);
    }
};

static_assert(StreamingProvider<openai>);

POLYLLM_NAMESPACE_END
