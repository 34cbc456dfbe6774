#pragma once
/// @file
/// @brief Gemini's request body (`models/{model}:generateContent`), without I/O: contents, systemInstruction,
/// functionDeclarations with schemas translated for Gemini, toolConfig, generationConfig with thinkingConfig, written
/// with the wire toolkit. Reference: https://ai.google.dev/api/generate-content and the google-genai SDK types.

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/json.hpp>
#include <polyllm/models.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/providers/gemini_content_settings.hpp>
#include <polyllm/wire/gemini_schema.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

// ---------------------------------------------------------------------------------------------- request body
// Written straight into the request's body with detail::json_writer, as openai_chat::write_body is: no tree of the
// conversation is built.

/// @brief An object schema with no properties declares no parameters; Gemini rejects it ("properties: should be
/// non-empty for OBJECT type"), so such a tool is declared without `parameters`. A schema that refers elsewhere
/// (`$ref`, `anyOf`, `oneOf`, `allOf`) may declare them there, and counts as declaring. For a JSON Schema sent as it
/// is; a translated one is judged by what was written (wire::gemini_schema_summary).
[[nodiscard]] POLYLLM_DECL bool declares_parameters(const nlohmann::ordered_json& schema);

/// @brief A function declaration: the tool's schema as `parameters`, translated to Gemini's Schema
/// (wire::write_gemini_schema), or with `schema_passthrough` as it is, in `parametersJsonSchema`. A schema that
/// declares no properties (see declares_parameters) is left out either way.
POLYLLM_DECL void write_function_declaration(wire::json_writer& w, const tool& t,
                                             bool schema_passthrough = false);

POLYLLM_DECL void write_tool_config(wire::json_writer& w, const tool_choice& c);

POLYLLM_DECL void write_image(wire::json_writer& w, const image_part& image);

/// @brief Appends the generateContent body to `out`. System messages form `systemInstruction`; assistant turns
/// are `model` turns; tool results are `functionResponse` parts (`{"output": <text>}`) in user turns; consecutive
/// turns of one role are merged. Request fields win over the configuration's defaults; a field `extra` names
/// takes extra's value where it stands, and extra's other fields follow. On an error `out` is left as it was.
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   std::string_view model, const model_traits& traits);

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/gemini_content_body.ipp>
#endif
