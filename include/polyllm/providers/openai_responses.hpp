#pragma once
/// @file
/// @brief `polyllm::openai_responses`: OpenAI's Responses API (`POST /v1/responses`). Models "openai_responses/<model>"
/// ("openai_responses/gpt-5"). Reasoning summaries, and a reasoning model's encrypted reasoning carried from turn to
/// turn without the server keeping the conversation (`store: false`, the default): each `reasoning` output item is
/// kept whole on the completion's message (thinking_part::opaque_item) and sent back as it came. The wire format is
/// in openai_responses_{body,response,stream}.hpp; errors are Chat Completions' (openai_chat_errors.hpp).

#include <polyllm/concepts.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/openai_chat_errors.hpp>
#include <polyllm/providers/openai_responses_body.hpp>
#include <polyllm/providers/openai_responses_response.hpp>
#include <polyllm/providers/openai_responses_stream.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

struct openai_responses {
    static constexpr std::string_view name = "openai_responses";
    /// First-party: every model of its own has native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    static constexpr std::string_view default_base_url = "https://api.openai.com/v1";
    static constexpr std::string_view api_key_env = "OPENAI_API_KEY";
    static constexpr std::string_view base_url_env = "OPENAI_BASE_URL";
    static constexpr std::string_view request_id_header = "x-request-id";

    struct options {
        std::string organization;  ///< OpenAI-Organization; empty: not sent
        std::string project;       ///< OpenAI-Project; empty: not sent
        /// Whether OpenAI keeps the response (and so the conversation) for `previous_response_id`. Off by default:
        /// nothing is kept unless asked, and a reasoning model's reasoning crosses turns as encrypted content.
        bool store = false;
        /// Continue from a stored response instead of sending the whole conversation (with store = true).
        std::string previous_response_id;
        std::string reasoning_summary = "auto";  ///< `reasoning.summary` ("auto", "concise", "detailed"); empty: none
        std::vector<std::pair<std::string, std::string>> metadata;  ///< up to 16 key-value pairs kept with a response

        /// What config.toml's [llm] sections and LLM_OPENAI_RESPONSES_* variables may set.
        static constexpr auto config_keys = std::tuple{
            config_key{"openai_responses_store", &options::store},
            config_key{"openai_responses_reasoning_summary", &options::reasoning_summary},
        };
    };

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        return openai_responses_api::parse_response(res, request_id_header);
    }

    [[nodiscard]] openai_responses_api::stream_decoder make_stream_decoder(const call_context<options>&) const {
        return {};
    }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return openai_chat::should_retry(e); }

    /// @brief Exact with the model's tiktoken vocabulary, an estimate marked as such without one (as for openai).
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>& ctx) const {
        return openai_token_count(ctx.config.model, text, ctx.config);
    }

    /// @brief The body's settings for this call: the model tables say whether the model reasons.
    [[nodiscard]] POLYLLM_DECL static openai_responses_api::body_settings settings_for(
        const call_context<options>& ctx);

    /// @brief `{base}/responses`; the base URL ends in /v1 as OpenAI's does, and its query, if any, follows the path.
    [[nodiscard]] POLYLLM_DECL static std::string endpoint(std::string_view base);
};

static_assert(StreamingProvider<openai_responses>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_responses.ipp>
#endif
