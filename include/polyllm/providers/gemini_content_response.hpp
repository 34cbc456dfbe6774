#pragma once
/// @file
/// @brief Reading a Gemini GenerateContentResponse, without I/O: the finish reason, the usage, the parts (read as the
/// events a stream carries, so that a whole response and a stream give the same message), a response without
/// candidates, and the response itself, framed by wire::parse_response.

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
#include <polyllm/providers/gemini_content_errors.hpp>
#include <polyllm/providers/gemini_content_settings.hpp>
#include <polyllm/wire/response.hpp>

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

// ---------------------------------------------------------------------------------------------- responses

/// @brief Gemini's finishReason: STOP is a stop (tool_calls when the answer has calls), MAX_TOKENS is length,
/// the safety and recitation blocks are content_filter, a malformed or unexpected call is error, anything else is
/// other.
[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw, bool has_tool_calls = false) noexcept {
    if (raw == "STOP") return has_tool_calls ? finish_reason::tool_calls : finish_reason::stop;
    if (raw == "MAX_TOKENS") return finish_reason::length;
    for (std::string_view filtered : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                                      "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"})
        if (raw == filtered) return finish_reason::content_filter;
    if (raw == "MALFORMED_FUNCTION_CALL" || raw == "UNEXPECTED_TOOL_CALL" || raw == "TOO_MANY_TOOL_CALLS")
        return finish_reason::error;
    return finish_reason::other;
}

/// @brief Gemini's usageMetadata. promptTokenCount already includes the cached content (cachedContentTokenCount),
/// as polyllm's prompt_tokens does; tool-use prompt tokens are prompt too. Thoughts are output Gemini counts apart
/// (thoughtsTokenCount); polyllm's completion_tokens includes them, as reasoning_tokens.
[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

/// @brief Reads the parts of a candidate's content as the events a stream of them carries. Shared by the whole
/// response and the stream decoder, so that both give the same message.
class part_reader {
public:
    /// @brief `response_id` names the calls (see make_call_id); the first non-empty one is kept.
    POLYLLM_DECL void set_response_id(std::string_view id);

    [[nodiscard]] bool has_tool_calls() const noexcept { return tool_calls_ > 0; }

    /// @brief Emits the events of one part through `emit(stream_event&&) -> bool`.
    template <class Emit>
    bool read(const nlohmann::json& part, Emit&& emit) {
        auto signature = wire::string_or_empty(part, "thoughtSignature");
        if (const auto* call = wire::object_or_null(part, "functionCall")) {
            const auto index = tool_calls_++;
            auto args = call->find("args");
            const bool has_args = args != call->end() && !args->is_null();
            auto id = make_call_id(wire::string_or_empty(*call, "id"), response_id_, index, signature);
            return emit(tool_call_start{index, std::move(id), wire::string_or_empty(*call, "name")}) &&
                   emit(tool_call_delta{index, has_args ? args->dump() : std::string("{}")}) &&
                   emit(tool_call_end{index});
        }
        auto text = wire::string_or_empty(part, "text");
        if (part.value("thought", false))
            return (text.empty() && signature.empty()) || emit(reasoning_delta{std::move(text), std::move(signature)});
        if (!text.empty() && !emit(text_delta{std::move(text)})) return false;
        // A signature on a part that is not a thought is kept right after it, to go back in the same place.
        return signature.empty() || emit(reasoning_delta{{}, std::move(signature)});
    }

private:
    std::string response_id_;
    std::size_t tool_calls_ = 0;
};

/// @brief The error for a response without candidates: a blocked prompt is content_policy (asking again gets the
/// same block); otherwise no_response, which happens now and then and is worth another try.
[[nodiscard]] POLYLLM_DECL error no_candidates_error(const nlohmann::json& body);

/// @brief A parsed GenerateContentResponse. The first candidate is the answer (polyllm never asks for more).
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

/// @brief Parses a generateContent response: the completion for a 2xx with a candidate, the classified error
/// otherwise. Never throws: a body of the wrong shape is `errc::malformed_response`.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res);

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/gemini_content_response.ipp>
#endif
