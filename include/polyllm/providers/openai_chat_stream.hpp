#pragma once
/// @file
/// @brief Decoding a Chat Completions stream (`"stream": true`): SSE events whose data are
/// `chat.completion.chunk` objects, then `data: [DONE]`. Bytes in, normalized events out; no I/O.
///
/// Shapes handled: a first delta with the role and empty content; content, refusal and `reasoning_content`
/// (or `reasoning`) deltas; tool calls by index, with id and name in their first delta and arguments a few characters at a time
/// (a later delta repeating `type` with an empty name changes nothing); a final delta `{}` with the finish
/// reason; the usage-only chunk with empty `choices` (`stream_options.include_usage`); unknown fields; an
/// `{"error": ...}` event mid-stream. Reference: https://platform.openai.com/docs/api-reference/chat-streaming

#include <polyllm/error.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/sse_decoder.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

/// @brief Reads one chunk of a Chat Completions stream for wire::sse_decoder; `data: [DONE]` ends the stream and
/// closes the tool calls still open.
struct stream_events {
    static constexpr std::string_view terminal = "its terminal event (data: [DONE])";
    static constexpr std::string_view done_marker = "[DONE]";

    template <class Emit>
    wire::step on_event(std::string_view, const nlohmann::json& chunk, Emit& emit) {
        return on_chunk(chunk, emit);
    }

    template <class Emit>
    wire::step on_done(Emit& emit) {
        return close_tool_calls(emit);
    }

private:
    template <class Emit>
    wire::step on_chunk(const nlohmann::json& chunk, Emit& emit) {
        if (wire::object_or_null(chunk, "error")) return wire::step::fail(wire::error_from_json(200, chunk, errors));
        if (!started_) {
            started_ = true;
            if (!emit(message_start{wire::string_or_empty(chunk, "id"), wire::string_or_empty(chunk, "model")}))
                return false;
        }
        if (auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
            for (const auto& choice : *choices) {
                if (wire::int_or_zero(choice, "index") != 0) continue;  // polyllm asks for one choice
                if (!on_choice(choice, emit)) return false;
            }
        }
        if (const auto* u = wire::object_or_null(chunk, "usage"))
            if (!emit(usage_update{usage_from(*u)})) return false;
        return true;
    }

    template <class Emit>
    bool on_choice(const nlohmann::json& choice, Emit& emit) {
        if (const auto* delta = wire::object_or_null(choice, "delta")) {
            auto reasoning = wire::string_or_empty(*delta, "reasoning_content");
            if (reasoning.empty()) reasoning = wire::string_or_empty(*delta, "reasoning");
            if (!reasoning.empty())
                if (!emit(reasoning_delta{std::move(reasoning), {}})) return false;
            if (auto text = wire::string_or_empty(*delta, "content"); !text.empty())
                if (!emit(text_delta{std::move(text)})) return false;
            if (auto text = wire::string_or_empty(*delta, "refusal"); !text.empty())
                if (!emit(refusal_delta{std::move(text)})) return false;
            if (auto calls = delta->find("tool_calls"); calls != delta->end() && calls->is_array())
                for (std::size_t position = 0; position < calls->size(); ++position)
                    if (!on_tool_call((*calls)[position], position, emit)) return false;
        }
        if (auto reason = wire::string_or_empty(choice, "finish_reason"); !reason.empty()) {
            if (!close_tool_calls(emit)) return false;
            return emit(polyllm::finish{finish_reason_from(reason), std::move(reason)});
        }
        return true;
    }

    template <class Emit>
    bool on_tool_call(const nlohmann::json& call, std::size_t position, Emit& emit) {
        const auto index = call.contains("index") ? std::size_t(detail::json_integer(call["index"])) : position;
        std::string id = wire::string_or_empty(call, "id"), name, arguments;
        if (const auto* fn = wire::object_or_null(call, "function")) {
            name = wire::string_or_empty(*fn, "name");
            arguments = wire::string_or_empty(*fn, "arguments");
        }
        // By hash, not by walking the open calls: a stream of many calls stays linear.
        const auto [seen, opened] = open_positions_.try_emplace(index, open_calls_.size());
        if (opened) {
            open_calls_.push_back({index, !name.empty()});
            if (!emit(tool_call_start{index, std::move(id), std::move(name)})) return false;
        } else if (auto& open = open_calls_[seen->second]; !open.named && !name.empty()) {
            // The name came late; a later delta that repeats `type` with an empty name changes nothing.
            open.named = true;
            if (!emit(tool_call_start{index, std::move(id), std::move(name)})) return false;
        }
        if (!arguments.empty()) return emit(tool_call_delta{index, std::move(arguments)});
        return true;
    }

    template <class Emit>
    bool close_tool_calls(Emit& emit) {
        auto open = std::move(open_calls_);
        open_calls_.clear();
        open_positions_.clear();
        for (const auto& call : open)
            if (!emit(tool_call_end{call.index})) return false;
        return true;
    }

    struct open_call {
        std::size_t index;
        bool named;
    };

    std::vector<open_call> open_calls_;                            // in the order they opened
    std::unordered_map<std::size_t, std::size_t> open_positions_;  // index -> position in open_calls_
    bool started_ = false;
};

/// @brief The decoder of one Chat Completions stream: `feed(bytes, emit)`, `finish()`, `done()` (wire::sse_decoder).
using stream_decoder = wire::sse_decoder<stream_events>;

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
