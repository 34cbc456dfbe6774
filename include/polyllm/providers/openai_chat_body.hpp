#pragma once
/// @file
/// @brief OpenAI's Chat Completions request body (`POST /chat/completions`), without I/O, written with the wire
/// toolkit; `body_dialect` states how a compatible server's body differs. Reference:
/// https://platform.openai.com/docs/api-reference/chat

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

// ---------------------------------------------------------------------------------------------- request body
// Written straight into the request's body with wire::json_writer: no tree of the conversation is built.

POLYLLM_DECL void write_content_part(wire::json_writer& w, const content_part& part);

/// @brief A message as OpenAI takes it: content as a plain string when it is text only (the form every
/// compatible server accepts), as parts when it has images. Thinking parts are not sent: OpenAI has no field
/// for them.
POLYLLM_DECL void write_message(wire::json_writer& w, const message& m);

POLYLLM_DECL void write_tool(wire::json_writer& w, const tool& t);

POLYLLM_DECL void write_tool_choice(wire::json_writer& w, const tool_choice& c,
                                    std::string_view required = "required");

POLYLLM_DECL void write_response_format(wire::json_writer& w, const response_format& f);

using wire::body_size_hint;

/// @brief How a compatible server's body differs from OpenAI's, field by field, so that such a provider states
/// the difference instead of rewriting a built body.
struct body_dialect {
    bool model = true;  ///< false where the URL names the model (Azure's deployments)
    std::string_view max_tokens_field = "max_completion_tokens";  ///< "max_tokens" for older servers
    std::string_view seed_field = "seed";                         ///< Mistral: "random_seed"
    std::string_view required_tool_choice = "required";           ///< Mistral: "any"
    bool user = true;            ///< the end-user id
    bool stream_options = true;  ///< `stream_options.include_usage` in a streamed request
};

/// @brief Appends the Chat Completions body to `out`. Request fields win over the configuration's defaults; a
/// field `extra` sets takes extra's value in its place, and the rest of `extra` follows (wire::body_fields), so a
/// caller can set any parameter the provider takes.
POLYLLM_DECL void write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                             bool stream, const body_dialect& dialect = {});

/// @brief The same body as a JSON value, for providers that change it after it is built (adjust_body hooks).
[[nodiscard]] POLYLLM_DECL nlohmann::ordered_json body_json(const request& r, const llm_config& cfg,
                                                            std::string_view model, bool stream,
                                                            const body_dialect& dialect = {});

}  // namespace openai_chat
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_chat_body.ipp>
#endif
