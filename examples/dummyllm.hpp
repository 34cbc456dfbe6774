#pragma once
// DummyLLM, the provider guide's case study, as a polyllm provider: the public way to add a provider.
//
// DummyLLM speaks OpenAI's Chat Completions API with five differences, and this file says only those:
//   1. its own models and what each can do (a constexpr table, consulted before polyllm's built-in one);
//   2. authentication through an `X-DummyLLM-Auth` header instead of `Authorization: Bearer`;
//   3. typed options (region, timeout, response format), loadable from `dummyllm_*` keys in `[llm]`;
//   4. `advanced_reasoning: true` for the model that reasons, and function calls returned under
//      `function_execution` instead of `tool_calls`;
//   5. its own retry and token-counting rules.
// Everything else — request bodies, streaming, errors, tool calls in the prompt for dummyllm-base, metrics, retries
// with backoff — comes from polyllm. docs/custom-providers.md walks through it step by step.

#include <polyllm/polyllm.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace dummyllm_example {

/// The answer format DummyLLM can be asked for (`dummyllm_response_format`).
enum class response_format { text, json };

// How a `dummyllm_response_format` value is read from a file or the environment (found by ADL).
inline polyllm::result<void> parse_config_value(std::string_view text, response_format& out) {
    if (text == "json") out = response_format::json;
    else if (text == "text") out = response_format::text;
    else return polyllm::error{polyllm::errc::invalid_config, "must be json or text"};
    return polyllm::success();
}

[[nodiscard]] constexpr std::string_view to_string(response_format f) noexcept {
    return f == response_format::json ? "json" : "text";
}

struct dummyllm : polyllm::openai_compatible<dummyllm> {
    static constexpr std::string_view name = "dummyllm";
    static constexpr std::string_view default_base_url = "https://api.dummyllm.com/v1";
    static constexpr std::string_view api_key_env = "DUMMYLLM_API_KEY";

    // 1. The models. None of them takes stop words; only the expert caches prompts and reasons. DummyLLM publishes
    // no prices, so costs are unknown unless the configuration sets them.
    static constexpr polyllm::model_entry models[] = {
        {"dummyllm-base", {.function_calling = false, .stop_words = false}},
        {"dummyllm-pro", {.function_calling = true, .stop_words = false}},
        {"dummyllm-expert",
         {.function_calling = true, .prompt_cache = true, .reasoning_effort = true, .stop_words = false}},
    };

    // 3. The options, with the keys that set them.
    struct options {
        std::string region;                                  ///< empty: DummyLLM's default region
        std::chrono::milliseconds timeout{120'000};          ///< the whole request
        std::optional<dummyllm_example::response_format> response_format;

        static constexpr auto config_keys = std::tuple{
            polyllm::config_key{"dummyllm_region", &options::region},
            polyllm::config_key{"dummyllm_timeout", &options::timeout, polyllm::value_range::positive},
            polyllm::config_key{"dummyllm_response_format", &options::response_format},
        };
    };

    // 2. Authentication. A sensitive header is never logged or shown.
    void authorize(polyllm::http_headers& headers, std::string_view key, const polyllm::call_context<options>&) const {
        headers.add_sensitive("X-DummyLLM-Auth", std::string(key));
    }

    // 3. and 4. The request: the standard body plus DummyLLM's parameters, and the timeout option.
    [[nodiscard]] polyllm::result<polyllm::http_request> prepare(const polyllm::request& req,
                                                                 const polyllm::call_context<options>& ctx) const {
        auto http = openai_compatible::prepare(req, ctx);
        if (http) http.value().timeout = ctx.options.timeout;
        return http;
    }

    void adjust_body(nlohmann::ordered_json& body, const polyllm::request& req,
                     const polyllm::call_context<options>& ctx) const {
        if (!ctx.options.region.empty()) body["region"] = ctx.options.region;
        // A format the request asks for itself wins over the configured default.
        if (ctx.options.response_format && !req.response_format)
            body["response_format"] = {{"type", to_string(*ctx.options.response_format)}};
        if (polyllm::supports<dummyllm>(ctx.config.model, polyllm::capability::reasoning_effort))
            body["advanced_reasoning"] = true;
    }

    // 4. The response: `function_execution: [{name, arguments}]` becomes standard tool calls call_0, call_1, ...
    void adjust_completion(polyllm::completion& c, const nlohmann::json& body,
                           const polyllm::call_context<options>&) const {
        const auto choices = body.find("choices");
        if (choices == body.end() || !choices->is_array() || choices->empty()) return;
        const auto message = (*choices)[0].find("message");
        if (message == (*choices)[0].end() || !message->is_object()) return;
        const auto calls = message->find("function_execution");
        if (calls == message->end() || !calls->is_array()) return;
        for (std::size_t i = 0; i < calls->size(); ++i) {
            const auto& call = (*calls)[i];
            if (!call.is_object() || !call.contains("name") || !call["name"].is_string()) continue;
            const auto arguments = call.value("arguments", nlohmann::json::object());
            c.message.tool_calls.push_back(
                {"call_" + std::to_string(i), call["name"].get<std::string>(),
                 arguments.is_string() ? arguments.get<std::string>() : arguments.dump()});
        }
        if (!c.message.tool_calls.empty()) c.finish_reason = polyllm::finish_reason::tool_calls;
    }

    // 5. Rate limits (429) and "temporarily unavailable" (503) are worth waiting for; the rest as for OpenAI.
    [[nodiscard]] bool should_retry(const polyllm::error& e) const noexcept {
        return e.http_status == 429 || e.http_status == 503 || polyllm::openai_chat::should_retry(e);
    }

    // 5. DummyLLM bills one token per four characters (rounded up); it is DummyLLM's rule, not a tokenizer, so the
    // count is exact.
    [[nodiscard]] polyllm::token_count tokenize(std::string_view text, const polyllm::call_context<options>&) const {
        return {(text.size() + 3) / 4, true};
    }
};

}  // namespace dummyllm_example
