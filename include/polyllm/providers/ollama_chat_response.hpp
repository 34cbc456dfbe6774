#pragma once
/// @file
/// @brief Ollama's chat answer, without I/O. A non-streamed answer and each line of a streamed one (NDJSON) have one
/// shape: `{"model", "message": {"role", "content", "thinking", "tool_calls"}, "done", "done_reason",
/// "prompt_eval_count", "eval_count", durations}`, the last with `"done": true`. So both are read by one
/// `line_reader`, which turns a line into stream events; the non-streamed parse accumulates them.
/// Reference: Ollama's docs/api.md ("Generate a chat completion").

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/ollama_chat_errors.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/step.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

/// @brief The id polyllm gives a tool call, which Ollama sends without one: stable (the same call gets the same
/// id, so a replay is reproducible) and distinct across the calls of a conversation (the position, name and
/// arguments are hashed together).
[[nodiscard]] POLYLLM_DECL std::string tool_call_id(std::size_t index, std::string_view name,
                                                    std::string_view arguments);

/// @brief The normalized reason for `done_reason` ("stop", "length", "load", "unload"); a stop after tool calls is
/// `tool_calls`.
[[nodiscard]] POLYLLM_DECL finish_reason finish_reason_of(std::string_view done_reason, bool called_tools) noexcept;

/// @brief Reads the lines of one answer in order: the wire/ndjson_decoder.hpp handler, also used alone for a
/// non-streamed body.
class line_reader {
public:
    static constexpr std::string_view terminal = "the line with \"done\": true";

    template <class Emit>
    wire::step on_line(const nlohmann::json& line, Emit& emit) {
        if (line.contains("error")) return wire::step::fail(error_from(line));
        if (!started_) {
            started_ = true;
            if (!emit(stream_event{message_start{{}, wire::string_or_empty(line, "model")}})) return false;
        }
        if (const auto* m = wire::object_or_null(line, "message")) {
            if (auto thinking = wire::string_or_empty(*m, "thinking"); !thinking.empty())
                if (!emit(stream_event{reasoning_delta{std::move(thinking), {}}})) return false;
            if (auto text = wire::string_or_empty(*m, "content"); !text.empty())
                if (!emit(stream_event{text_delta{std::move(text)}})) return false;
            if (const auto* calls = wire::array_or_null(*m, "tool_calls"))
                for (const auto& call : *calls) {
                    const auto& function = call.at("function");
                    const auto name = function.at("name").get<std::string>();
                    const auto* args = wire::object_or_null(function, "arguments");
                    const auto arguments = args ? args->dump() : std::string("{}");
                    const std::size_t index = calls_++;
                    if (!emit(stream_event{tool_call_start{index, tool_call_id(index, name, arguments), name}}) ||
                        !emit(stream_event{tool_call_delta{index, arguments}}) ||
                        !emit(stream_event{tool_call_end{index}}))
                        return false;
                }
        }
        if (!line.value("done", false)) return true;
        usage u;
        u.prompt_tokens = wire::int_or_null(line, "prompt_eval_count");
        u.completion_tokens = wire::int_or_null(line, "eval_count");
        prompt_eval_count_ = u.prompt_tokens;
        if (u.reported() && !emit(stream_event{usage_update{u}})) return false;
        auto raw = wire::string_or_empty(line, "done_reason");
        const auto reason = finish_reason_of(raw, calls_ > 0);
        if (!emit(stream_event{finish{reason, std::move(raw)}})) return false;
        return wire::step::done();
    }

    /// @brief What the last line reported as the prompt's size, when it came.
    [[nodiscard]] const std::optional<std::int64_t>& prompt_eval_count() const noexcept { return prompt_eval_count_; }

private:
    bool started_ = false;
    std::size_t calls_ = 0;
    std::optional<std::int64_t> prompt_eval_count_;
};

/// @brief The completion of a non-streamed answer, or the error: Ollama's for a non-2xx response, an error body, or
/// `errc::malformed_response` for a body that is not an answer (no `"done": true`).
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res);

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/ollama_chat_response.ipp>
#endif
