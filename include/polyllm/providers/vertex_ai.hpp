#pragma once
/// @file
/// @brief `polyllm::vertex_ai`: Google Cloud's Vertex AI, for Gemini (publisher google: the Gemini provider's body,
/// response and stream on `:generateContent` / `:streamGenerateContent?alt=sse`) and Claude (publisher anthropic:
/// the Anthropic provider's Messages body without `model`, with `"anthropic_version": "vertex-2023-10-16"`, on
/// `:rawPredict` / `:streamRawPredict`). Models "vertex_ai/gemini-2.5-pro", "vertex_ai/claude-sonnet-4-5@20250929".
/// Credentials: a service-account or authorized_user file (GOOGLE_APPLICATION_CREDENTIALS, vertex_credentials),
/// whose access tokens polyllm fetches through the call's own transport and caches (auth/), or a ready token
/// (VERTEXAI_ACCESS_TOKEN). See docs/providers/vertex_ai.md.

#include <polyllm/auth/google_token_source.hpp>
#include <polyllm/authorize.hpp>
#include <polyllm/concepts.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/environment.hpp>
#include <polyllm/models.hpp>
#include <polyllm/providers/anthropic.hpp>
#include <polyllm/providers/gemini.hpp>
#include <polyllm/providers/vertex_ai_embeddings.hpp>
#include <polyllm/providers/vertex_ai_settings.hpp>
#include <polyllm/token_counting.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/version.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

namespace vertex_ai_wire {

/// @brief The decoder of one stream, of the publisher's kind: Gemini's SSE chunks or Anthropic's Messages events.
class stream_decoder {
public:
    explicit stream_decoder(publisher p) {
        if (p == publisher::anthropic) decoder_.template emplace<anthropic_messages::stream_decoder>();
    }
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        return std::visit([&](auto& d) { return d.feed(bytes, emit); }, decoder_);
    }
    [[nodiscard]] result<void> finish() const {
        return std::visit([](const auto& d) { return d.finish(); }, decoder_);
    }
    [[nodiscard]] bool done() const noexcept {
        return std::visit([](const auto& d) { return d.done(); }, decoder_);
    }

private:
    std::variant<gemini_content::stream_decoder, anthropic_messages::stream_decoder> decoder_;
};

}  // namespace vertex_ai_wire

struct vertex_ai {
    static constexpr std::string_view name = "vertex_ai";
    /// First-party models only (Gemini, Claude): native tool calls unless the tables say otherwise (models.hpp).
    static constexpr bool native_tool_calling_by_default = true;
    /// Empty: the root follows the location (vertex_ai_wire::root_url); a base URL replaces it.
    static constexpr std::string_view default_base_url = "";
    static constexpr std::string_view request_id_header = "x-request-id";

    /// @brief Vertex's names for the models: Gemini's as Google AI Studio's, Claude's with '@' before the version.
    /// Features are the Gemini and Anthropic providers'; limits and prices the built-in table's (Vertex's list
    /// prices are the publishers' own).
    static constexpr model_entry models[] = {
        {"gemini-3-pro*", detail::gemini_thinking_features, model_info_of("gemini-3-pro-preview")},
        {"gemini-3*", detail::gemini_thinking_features},
        {"gemini-2.5-pro*", detail::gemini_thinking_features, model_info_of("gemini-2.5-pro")},
        {"gemini-2.5-flash-lite*", detail::gemini_thinking_features, model_info_of("gemini-2.5-flash-lite")},
        {"gemini-2.5-flash*", detail::gemini_thinking_features, model_info_of("gemini-2.5-flash")},
        {"gemini-2.0-flash-lite*", detail::gemini_features, model_info_of("gemini-2.0-flash-lite")},
        {"gemini-2.0-flash*", detail::gemini_features, model_info_of("gemini-2.0-flash")},
        {"claude-sonnet-4-5@*", detail::claude_thinking_features, model_info_of("claude-sonnet-4-5-20250929")},
        {"claude-sonnet-4@*", detail::claude_thinking_features, model_info_of("claude-sonnet-4-20250514")},
        {"claude-opus-4-5@*", detail::claude_thinking_features, model_info_of("claude-opus-4-5-20251101")},
        {"claude-opus-4-1@*", detail::claude_thinking_features, model_info_of("claude-opus-4-1-20250805")},
        {"claude-opus-4@*", detail::claude_thinking_features, model_info_of("claude-opus-4-20250514")},
        {"claude-haiku-4-5@*", detail::claude_thinking_features, model_info_of("claude-haiku-4-5-20251001")},
        {"claude-3-7-sonnet@*", detail::claude_thinking_features, model_info_of("claude-3-7-sonnet-20250219")},
        {"claude-3-5-haiku@*", detail::claude_features, model_info_of("claude-3-5-haiku-20241022")},
        {"claude-*", detail::claude_thinking_features},
    };

    struct options {
        std::string project;      ///< else VERTEXAI_PROJECT, GOOGLE_CLOUD_PROJECT, the key file's project_id
        std::string location;     ///< else VERTEXAI_LOCATION, else us-central1; "global" for the global endpoint
        /// A credentials file's path, or its JSON (then holding the private key: hence a secret, never shown); else
        /// GOOGLE_APPLICATION_CREDENTIALS.
        secret credentials;
        secret access_token;      ///< a token minted elsewhere, sent as it is; else VERTEXAI_ACCESS_TOKEN
        std::string anthropic_version = "vertex-2023-10-16";  ///< the body's anthropic_version, for Claude
        bool include_thoughts = true;  ///< Gemini: thought summaries when a reasoning effort is set

        /// What config.toml's [llm] sections and LLM_VERTEX_* variables may set (load_config_toml<vertex_ai>).
        static constexpr auto config_keys = std::tuple{
            config_key{"vertex_project", &options::project},
            config_key{"vertex_location", &options::location},
            config_key{"vertex_credentials", &options::credentials},
            config_key{"vertex_access_token", &options::access_token},
            config_key{"vertex_anthropic_version", &options::anthropic_version},
            config_key{"vertex_include_thoughts", &options::include_thoughts},
        };
    };

    [[nodiscard]] POLYLLM_DECL result<http_request> prepare(const request& req, const call_context<options>& ctx) const;

    [[nodiscard]] POLYLLM_DECL result<completion> parse(const http_response& res,
                                                        const call_context<options>& ctx) const;

    [[nodiscard]] vertex_ai_wire::stream_decoder make_stream_decoder(const call_context<options>& ctx) const {
        return vertex_ai_wire::stream_decoder(publisher_for(ctx));
    }

    /// @brief Google's gateway answers for both publishers; Anthropic's overload (529) comes through as well.
    [[nodiscard]] bool should_retry(const error& e) const noexcept {
        return gemini_content::should_retry(e) || anthropic_messages::should_retry(e);
    }

    /// @brief The publisher's token counting: Gemini's `:countTokens` on the model (Vertex's flat body), Claude's
    /// `count-tokens:rawPredict` (the Messages body cut to what counting takes, naming the model) (token_counting.hpp).
    [[nodiscard]] POLYLLM_DECL result<http_request> prepare_count_tokens(const request& req,
                                                                         const call_context<options>& ctx) const;

    [[nodiscard]] POLYLLM_DECL result<token_count> parse_count_tokens(const http_response& res,
                                                                      const call_context<options>& ctx) const;

    /// @brief `:predict` on Google's embedding model `embedding_model` (text-embedding-005, gemini-embedding-001),
    /// at `embedding_base_url` or else the base URL.
    [[nodiscard]] POLYLLM_DECL result<http_request> prepare_embeddings(const std::vector<std::string>& texts,
                                                                       const call_context<options>& ctx) const;

    [[nodiscard]] result<embeddings> parse_embeddings(const http_response& res, std::size_t count,
                                                      const call_context<options>& ctx) const {
        auto parsed = vertex_ai_wire::parse_embeddings(res, count);
        if (parsed) parsed.value().model = std::string(detail::wire_model(ctx.config.embedding_model, name));
        return parsed;
    }

    [[nodiscard]] token_count tokenize(std::string_view text, const call_context<options>&) const noexcept {
        return approximate_tokens(text);
    }

    /// @brief Adds `Authorization: Bearer` to each attempt: the configured token, or the credential's, fetched
    /// through `sender` when the cache has none good for five more minutes (authorize.hpp).
    POLYLLM_DECL void async_authorize(http_request http, const call_context<options>& ctx, const http_sender& sender,
                                      authorize_handler done) const;

    /// @brief The settings of a call: the options, then the process environment, then (for credentials) gcloud's
    /// application-default file when it exists.
    [[nodiscard]] POLYLLM_DECL static vertex_ai_wire::settings settings_for(const options& o);

    /// @brief settings_for, with the key file's project_id when nothing else names a project (the file is read
    /// once: google_token_sources keeps it).
    [[nodiscard]] POLYLLM_DECL vertex_ai_wire::settings addressing(const options& o) const;

    [[nodiscard]] static vertex_ai_wire::publisher publisher_for(const call_context<options>& ctx) noexcept {
        return vertex_ai_wire::publisher_of(detail::wire_model(ctx.config.model, name));
    }

    /// Shared by copies of this provider: the tokens of each credential it was configured with.
    std::shared_ptr<auth::google_token_sources> tokens = std::make_shared<auth::google_token_sources>();
};

static_assert(StreamingProvider<vertex_ai>);
static_assert(AuthorizingProvider<vertex_ai>);
static_assert(EmbeddingProvider<vertex_ai>);
static_assert(TokenCountingProvider<vertex_ai>);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/vertex_ai.ipp>
#endif
