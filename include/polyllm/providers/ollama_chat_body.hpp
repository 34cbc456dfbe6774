#pragma once
/// @file
/// @brief Ollama's native chat request body (`POST /api/chat`), without I/O: messages with their images as base64
/// in `images`, tools in OpenAI's function shape, `format` ("json" or the user's schema, keys in the user's order),
/// `think`, `options` (temperature, top_p, top_k, seed, stop, num_predict, num_ctx), `keep_alive` and `stream`.
/// Reference: Ollama's docs/api.md ("Generate a chat completion").

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

/// @brief What the body takes besides the request and the configuration.
struct body_settings {
    std::optional<std::int64_t> num_ctx;  ///< options.num_ctx; empty: left for async_authorize to set
    std::string keep_alive;               ///< how long the server keeps the model loaded ("5m", "-1"); empty: its default
};

/// @brief Appends the /api/chat body to `out`. `stream` is always written: Ollama streams unless told not to. Fails,
/// leaving `out` as it was, on an image given by http(s) URL (Ollama takes images inline only) and on tool-call
/// arguments that are not a JSON object (Ollama's messages carry them as objects).
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   std::string_view model, const body_settings& settings, bool stream);

/// @brief The same body as a JSON value, for tests.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg,
                                                                    std::string_view model,
                                                                    const body_settings& settings, bool stream);

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/ollama_chat_body.ipp>
#endif
