#pragma once
/// @file
/// @brief `polyllm::ollama_chat`: Ollama's native chat API (`POST /api/chat`), where the context window can be set.
/// Models "ollama_chat/<model>[:tag]". The server is llm_config::base_url, else ollama_base_url, else OLLAMA_HOST
/// (which may be `host:port` without a scheme), else http://localhost:11434. No key.
///
/// Ollama's OpenAI-compatible endpoint (polyllm::ollama) runs every model with the server's default context and
/// silently drops the start of a longer prompt. This provider sends `options.num_ctx`: max_input_tokens when
/// configured, else the model's own context length from `POST /api/show` (asked once per server and model, kept by
/// the provider object and its copies), capped by `ollama_num_ctx`; and it refuses, before sending, a prompt that
/// does not fit. See docs/providers.md.

#include <polyllm/authorize.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/ollama_chat_body.hpp>
#include <polyllm/providers/ollama_chat_context.hpp>
#include <polyllm/providers/ollama_chat_errors.hpp>
#include <polyllm/providers/ollama_chat_response.hpp>
#include <polyllm/providers/ollama_chat_stream.hpp>
#include <polyllm/providers/ollama_chat_tags.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/version.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

POLYLLM_NAMESPACE_BEGIN

namespace detail {

// Ollama's library marks these families "tools" and "thinking" / "vision" (ollama.com/library, read 2026-12).
inline constexpr model_features ollama_tools{.function_calling = true};
inline constexpr model_features ollama_tools_thinking{.function_calling = true, .reasoning_effort = true};
inline constexpr model_features ollama_tools_vision{.function_calling = true, .vision = true};
inline constexpr model_features ollama_vision{.vision = true};

}  // namespace detail

struct ollama_chat {
    static constexpr std::string_view name = "ollama_chat";
    static constexpr std::string_view default_base_url = "http://localhost:11434";
    /// Read by `server_url` (not as `base_url_env`): Ollama's own variable may lack the scheme and the port.
    static constexpr std::string_view host_env = "OLLAMA_HOST";
    static constexpr int default_port = 11434;

    /// @brief Model families whose Ollama templates take tools, think, or see; a model not listed gets the built-in
    /// tables' answer (text-form tool calls).
    static constexpr model_entry models[] = {
        {"llama3.1*", detail::ollama_tools},
        {"llama3.2-vision*", detail::ollama_vision},
        {"llama3.2*", detail::ollama_tools},
        {"llama3.3*", detail::ollama_tools},
        {"llama4*", detail::ollama_tools_vision},
        {"qwen3*", detail::ollama_tools_thinking},
        {"qwen2.5vl*", detail::ollama_vision},
        {"qwen2.5*", detail::ollama_tools},
        {"gpt-oss*", detail::ollama_tools_thinking},
        {"deepseek-r1*", detail::ollama_tools_thinking},
        {"mistral-nemo*", detail::ollama_tools},
        {"mistral-small*", detail::ollama_tools_vision},
        {"mistral*", detail::ollama_tools},
        {"command-r*", detail::ollama_tools},
        {"granite3*", detail::ollama_tools},
        {"gemma3*", detail::ollama_vision},
        {"llava*", detail::ollama_vision},
    };

    struct options {
        /// The most num_ctx may be, whatever the model could take: a large context costs the server memory.
        std::optional<std::int64_t> num_ctx;
        /// How long the server keeps the model loaded after the call ("5m", "1h", "-1" for ever); empty: its default.
        std::string keep_alive;

        /// What config.toml's [llm] sections and LLM_OLLAMA_* variables may set (load_config_toml<ollama_chat>).
        static constexpr auto config_keys = std::tuple{
            config_key{"ollama_num_ctx", &options::num_ctx, value_range::positive},
            config_key{"ollama_keep_alive", &options::keep_alive},
        };
    };

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    [[nodiscard]] result<completion> parse(const http_response& res, const call_context<options>&) const {
        return ollama_chat_wire::parse_response(res);
    }

    /// @brief Each whole reply, parsed or streamed (fn_call::adapted calls it with the request it answers): when the
    /// server evaluated far fewer prompt tokens than polyllm counted, it may have cut the prompt's start, and the
    /// completion gets a warning saying so.
    POLYLLM_DECL void review(completion& c, const call_context<options>& ctx) const;

    [[nodiscard]] ollama_chat_wire::stream_decoder make_stream_decoder(const call_context<options>&) const {
        return {};
    }

    [[nodiscard]] bool should_retry(const error& e) const noexcept { return ollama_chat_wire::should_retry(e); }

    /// @brief An estimate unless custom_tokenizer names a tiktoken encoding (tokenize/count.hpp).
    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>& ctx) const {
        return openai_token_count(ctx.config.model, text, ctx.config);
    }

    /// @brief Sets `options.num_ctx` in each attempt's body (asking the server's /api/show through `sender` when no
    /// limit is configured and the model's is not known yet), and fails the attempt with `context_window_exceeded`,
    /// before anything is sent, when the prompt does not fit it (authorize.hpp).
    POLYLLM_DECL void async_authorize(http_request http, const call_context<options>& ctx, const http_sender& sender,
                                      authorize_handler done) const;

    /// @brief The server's root URL: base_url, ollama_base_url, then `env`'s OLLAMA_HOST (a scheme and the port
    /// added when missing), then the default; without a trailing "/" or "/v1" (the OpenAI-compatible path).
    [[nodiscard]] POLYLLM_DECL static std::string server_url(const llm_config& cfg,
                                                             const environment& env = environment::process());

    /// @brief The prompt's size as num_ctx counts it: the messages' text, thinking and tool calls and the tools'
    /// schemas of a /api/chat body (images are not counted). Exact only with a tiktoken encoding (custom_tokenizer).
    [[nodiscard]] POLYLLM_DECL static token_count prompt_tokens(const nlohmann::ordered_json& body,
                                                                const llm_config& cfg);

    /// @brief The error for a prompt of `prompt` tokens that does not fit `num_ctx`.
    [[nodiscard]] POLYLLM_DECL static error context_error(const token_count& prompt, std::int64_t num_ctx);

    /// Shared by copies of this provider: the context length of each server's models, asked once.
    std::shared_ptr<ollama_chat_wire::context_lengths> context_lengths =
        std::make_shared<ollama_chat_wire::context_lengths>();
};

static_assert(StreamingProvider<ollama_chat>);
static_assert(AuthorizingProvider<ollama_chat>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/ollama_chat.ipp>
#endif
