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

#include <polyllm/detail/sse_event_stream.hpp>
#include <polyllm/error.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>

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

class stream_decoder {
public:
    /// @brief Decodes `bytes`, passing each event to `emit(stream_event&&) -> bool` (false: the consumer stopped,
    /// decoding stops). An error event or malformed data is an error; the events before it were emitted.
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        return events_.feed(bytes, [&](const detail::sse_event& event) { return on_event(event, emit); });
    }

    /// @brief At the end of the body: an error unless `data: [DONE]` arrived.
    [[nodiscard]] POLYLLM_DECL result<void> finish() const;

    [[nodiscard]] bool done() const noexcept { return done_; }

private:
    template <class Emit>
    bool on_event(const detail::sse_event& event, Emit& emit) {
        if (done_) return true;  // anything after [DONE] is not part of the answer
        if (event.data == "[DONE]") {
            done_ = true;
            return close_tool_calls(emit);
        }
        auto chunk = nlohmann::json::parse(event.data, nullptr, false);
        if (chunk.is_discarded() || !chunk.is_object()) {
            fail(error{errc::malformed_response, "a stream event is not a JSON object: " + body_excerpt(event.data)});
            return false;
        }
        try {
            return on_chunk(chunk, emit);
        } catch (const nlohmann::json::exception& ex) {
            fail(error{errc::malformed_response, std::string("unexpected field type in a stream chunk: ") + ex.what()});
            return false;
        }
    }

    template <class Emit>
    bool on_chunk(const nlohmann::json& chunk, Emit& emit) {
        if (const auto* err = field::object_or_null(chunk, "error")) {
            http_response as_response{200, {}, {}, nlohmann::json{{"error", *err}}.dump()};
            fail(error_from(as_response, {}));
            return false;
        }
        if (!started_) {
            started_ = true;
            if (!emit(message_start{field::string_or_empty(chunk, "id"), field::string_or_empty(chunk, "model")}))
                return false;
        }
        if (auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
            for (const auto& choice : *choices) {
                if (field::int_or_zero(choice, "index") != 0) continue;  // polyllm asks for one choice
                if (!on_choice(choice, emit)) return false;
            }
        }
        if (const auto* u = field::object_or_null(chunk, "usage"))
            if (!emit(usage_update{usage_from(*u)})) return false;
        return true;
    }

    template <class Emit>
    bool on_choice(const nlohmann::json& choice, Emit& emit) {
        if (const auto* delta = field::object_or_null(choice, "delta")) {
            auto reasoning = field::string_or_empty(*delta, "reasoning_content");
            if (reasoning.empty()) reasoning = field::string_or_empty(*delta, "reasoning");
            if (!reasoning.empty())
                if (!emit(reasoning_delta{std::move(reasoning), {}})) return false;
            if (auto text = field::string_or_empty(*delta, "content"); !text.empty())
                if (!emit(text_delta{std::move(text)})) return false;
            if (auto text = field::string_or_empty(*delta, "refusal"); !text.empty())
                if (!emit(refusal_delta{std::move(text)})) return false;
            if (auto calls = delta->find("tool_calls"); calls != delta->end() && calls->is_array())
                for (std::size_t position = 0; position < calls->size(); ++position)
                    if (!on_tool_call((*calls)[position], position, emit)) return false;
        }
        if (auto reason = field::string_or_empty(choice, "finish_reason"); !reason.empty()) {
            if (!close_tool_calls(emit)) return false;
            return emit(polyllm::finish{finish_reason_from(reason), std::move(reason)});
        }
        return true;
    }

    template <class Emit>
    bool on_tool_call(const nlohmann::json& call, std::size_t position, Emit& emit) {
        const auto index = call.contains("index") ? std::size_t(detail::json_integer(call["index"])) : position;
        std::string id = field::string_or_empty(call, "id"), name, arguments;
        if (const auto* fn = field::object_or_null(call, "function")) {
            name = field::string_or_empty(*fn, "name");
            arguments = field::string_or_empty(*fn, "arguments");
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

    void fail(error e) { events_.fail(std::move(e)); }

    struct open_call {
        std::size_t index;
        bool named;
    };

    detail::sse_event_stream events_;
    std::vector<open_call> open_calls_;                            // in the order they opened
    std::unordered_map<std::size_t, std::size_t> open_positions_;  // index -> position in open_calls_
    bool started_ = false;
    bool done_ = false;
};

}  // namespace openai_chat
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace openai_chat {

POLYLLM_DECL result<void> stream_decoder::finish() const {
    if (events_.failure()) return *events_.failure();
    if (!done_) return events_.ended_before("its terminal event (data: [DONE])");
    return success();
}

}  // namespace openai_chat
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
