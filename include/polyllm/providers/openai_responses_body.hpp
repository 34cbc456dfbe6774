#pragma once
/// @file
/// @brief OpenAI's Responses request body (`POST /v1/responses`), without I/O, written with the wire toolkit
/// (wire::body_fields merges request::extra): system messages become `instructions`, the rest `input` items, and the
/// reasoning items a previous response returned (thinking_part::opaque_item) go back as they came.
/// Reference: https://platform.openai.com/docs/api-reference/responses/create and the openai-python types.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace openai_responses_api {

/// @brief What shapes a body beyond the request and the configuration: the model's nature (from the tables) and the
/// provider's options.
struct body_settings {
    /// The model reasons (o-series, gpt-5): temperature and top_p are left out, as it rejects them, and `reasoning`
    /// and `include: ["reasoning.encrypted_content"]` are sent.
    bool reasoning = false;
    /// `store`: false keeps nothing on OpenAI's side, so reasoning crosses turns as encrypted content instead.
    bool store = false;
    std::string_view reasoning_summary = "auto";  ///< `reasoning.summary`; empty: not sent
    std::string_view previous_response_id;        ///< server-side state instead of the whole conversation
    const std::vector<std::pair<std::string, std::string>>* metadata = nullptr;  ///< `metadata`, when not empty
};

/// @brief Appends the Responses body to `out`. Request fields win over the configuration's defaults; a field `extra`
/// sets takes extra's value in its place, and the rest of `extra` follows. Fails, leaving `out` as it was, on what the
/// Responses API does not take (stop sequences, a seed) unless llm_config::drop_params says to leave it out, and on a
/// reasoning item that is not JSON.
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   std::string_view model, const body_settings& settings, bool stream);

/// @brief The same body as a JSON value, for tests and for code that changes a body after it is built.
[[nodiscard]] POLYLLM_DECL result<nlohmann::ordered_json> body_json(const request& r, const llm_config& cfg,
                                                                    std::string_view model,
                                                                    const body_settings& settings, bool stream);

}  // namespace openai_responses_api
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/openai_responses_body.ipp>
#endif
